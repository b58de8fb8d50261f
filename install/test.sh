#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: the unit and integration tests (CTest),
# then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer, the reliability
# harnesses and bounded fuzzing (docs/reliability.md). Exit status 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"

echo "== build (RelWithDebInfo) and test"
bash install/build.sh
ctest --test-dir build --output-on-failure -j "$jobs" --timeout 900

if [ "${KITTYLOG_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== build with ASan+UBSan and test"
  BUILD_DIR=build-asan bash install/build.sh -DKITTYLOG_SANITIZE=ON -DKITTYLOG_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 1800
fi
