#!/usr/bin/env bash
# Sets everything up and runs the whole test suite:
#   1. a RelWithDebInfo build and CTest: unit tests beside the code, integration tests driving the
#      real binaries in real git repositories, the crash, stress, fault and bad-input suites;
#   2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/);
#   3. the libFuzzer targets (clang; fuzz/run.sh), each for KITTYLOG_FUZZ_SECONDS (default 60).
# KITTYLOG_TEST_STAGES picks stages, e.g. "build" for a quick local run (default: "build asan fuzz").
# Tests listed in tests/ci-excluded.txt (a CTest regex and the reason per line) are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
stages="${KITTYLOG_TEST_STAGES:-build asan fuzz}"
excluded="$( (grep -v -e '^#' -e '^$' tests/ci-excluded.txt || true) | cut -d' ' -f1 | paste -sd'|' -)"
exclude_args=()
if [ -n "$excluded" ]; then exclude_args=(-E "$excluded"); fi
stage() { case " $stages " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if stage build; then
  echo "== build (RelWithDebInfo) and test"
  bash install/build.sh -DKITTYLOG_BENCH=OFF -DKITTYLOG_SANITIZE=OFF
  ctest --test-dir build --output-on-failure -j "$jobs" --timeout 900 "${exclude_args[@]}"
fi

if stage asan; then
  echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer and test"
  BUILD_DIR=build-asan bash install/build.sh -DKITTYLOG_SANITIZE=ON -DKITTYLOG_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 1800 "${exclude_args[@]}"
fi

if stage fuzz; then
  # A fixed seed and execution count: the same run every time, bounded by 60 s per target.
  export KITTYLOG_FUZZ_SEED="${KITTYLOG_FUZZ_SEED:-20261124}" KITTYLOG_FUZZ_RUNS="${KITTYLOG_FUZZ_RUNS:-30000}"
  echo "== fuzz (libFuzzer, seed $KITTYLOG_FUZZ_SEED, $KITTYLOG_FUZZ_RUNS executions or ${KITTYLOG_FUZZ_SECONDS:-60} s per target)"
  bash fuzz/run.sh
fi
