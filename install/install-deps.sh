#!/usr/bin/env bash
# Installs every Debian 12 package kittylog needs to build, test, fuzz and benchmark.
# Idempotent: when everything is already installed it changes nothing and needs no network.
# Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgit2-dev libcli11-dev libsimdjson-dev libfmt-dev libsqlite3-dev sqlite3
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev   # libFuzzer and the sanitizer runtimes
  python3 hyperfine
  # packaging and contracts tests (docs/install.md, docs/contracts.md): lint the .deb, render the
  # man pages, run the completions in each shell, validate events against the JSON Schemas
  lintian man-db zsh fish python3-jsonschema
  # the hook shim (hooks/shim.sh) is checked by shellcheck (hooks/shim_shellcheck_test.cc)
  shellcheck
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
