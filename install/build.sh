#!/usr/bin/env bash
# Installs the dependencies and builds kittylog into build/ (Release with debug info).
# Usage: install/build.sh [extra cmake args]   (BUILD_DIR overrides build/)
# Callers state every option they depend on (KITTYLOG_TESTS, KITTYLOG_BENCH, KITTYLOG_SANITIZE,
# KITTYLOG_FUZZ): a CMake cache keeps whatever an earlier run set, so an unstated option is
# inherited from whoever configured the folder last.
set -euo pipefail
cd "$(dirname "$0")/.."
bash install/install-deps.sh
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
