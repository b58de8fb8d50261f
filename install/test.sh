#!/usr/bin/env bash
# Sets everything up and runs the whole test suite:
#   1. a RelWithDebInfo build and CTest: unit tests beside the code, integration tests driving the
#      real binaries in real git repositories, the crash, stress, fault and bad-input suites; then
#      the Quick start order check (below);
#   2. the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/);
#   3. the libFuzzer targets (clang; fuzz/run.sh), a fixed seed and execution count per target.
# KITTYLOG_TEST_STAGES picks stages, e.g. "build" for a quick local run (default: "build asan fuzz").
# Tests listed in tests/ci-excluded.txt (a CTest regex and the reason per line) are skipped.
# Every build option is stated here, so a build/ configured by install/demo.sh (tests off) is
# reconfigured, never inherited; a stage that runs no test fails, and each says how many it ran.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
stages="${KITTYLOG_TEST_STAGES:-build asan fuzz}"
excluded="$( (grep -v -e '^#' -e '^$' tests/ci-excluded.txt || true) | cut -d' ' -f1 | paste -sd'|' -)"
exclude_args=()
if [ -n "$excluded" ]; then exclude_args=(-E "$excluded"); fi
stage() { case " $stages " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
test_options=(-DKITTYLOG_TESTS=ON -DKITTYLOG_BENCH=OFF -DKITTYLOG_FUZZ=OFF)

# run_tests STAGE DIR [ctest args]: CTest with --no-tests=error; prints how many tests ran and
# leaves the count in $ran.
run_tests() {
  local name="$1" dir="$2"
  shift 2
  local log
  log="$(mktemp "${TMPDIR:-/tmp}/kittylog-ctest-XXXXXX")"
  set +e
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" "${exclude_args[@]}" "$@" | tee "$log"
  local rc="${PIPESTATUS[0]}"
  set -e
  ran="$(sed -n 's/.*tests failed out of \([0-9][0-9]*\).*/\1/p' "$log" | tail -1)"
  rm -f "$log"
  echo "== $name: ${ran:-0} tests ran, ctest exit $rc"
  if [ "$rc" -ne 0 ]; then exit "$rc"; fi
  if [ "${ran:-0}" -eq 0 ]; then echo "== $name: no test ran" >&2; exit 1; fi
}

if stage build; then
  echo "== build (RelWithDebInfo) and test"
  bash install/build.sh "${test_options[@]}" -DKITTYLOG_SANITIZE=OFF
  run_tests build build --timeout 900
  suite="$ran"

  # The Quick start's two commands in the other order: the demo after the tests reconfigures
  # build/ without tests and must still run; the tests after the demo must find the whole suite
  # again (the demo once left KITTYLOG_TESTS=OFF in the cache and this script ran 0 tests).
  echo "== Quick start order: install/demo.sh after the tests, then the test configuration again"
  bash install/demo.sh >/dev/null
  bash install/build.sh "${test_options[@]}" -DKITTYLOG_SANITIZE=OFF
  listed="$(ctest --test-dir build -N "${exclude_args[@]}" | sed -n 's/^Total Tests: *//p')"
  echo "== Quick start order: the suite lists ${listed:-0} tests after the demo, $suite ran before it"
  if [ "${listed:-0}" -lt "$suite" ]; then
    echo "== Quick start order: install/demo.sh left build/ with fewer tests than the suite has" >&2
    exit 1
  fi
fi

if stage asan; then
  echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer and test"
  BUILD_DIR=build-asan bash install/build.sh "${test_options[@]}" -DKITTYLOG_SANITIZE=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
    run_tests asan build-asan --timeout 1800
fi

if stage fuzz; then
  # A fixed seed and execution count: the same run every time, bounded by 60 s per target.
  export KITTYLOG_FUZZ_SEED="${KITTYLOG_FUZZ_SEED:-20261124}" KITTYLOG_FUZZ_RUNS="${KITTYLOG_FUZZ_RUNS:-30000}"
  echo "== fuzz (libFuzzer, seed $KITTYLOG_FUZZ_SEED, $KITTYLOG_FUZZ_RUNS executions or ${KITTYLOG_FUZZ_SECONDS:-60} s per target)"
  bash fuzz/run.sh
fi
