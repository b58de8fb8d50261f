#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time.
#
#   fuzz/run.sh [target...]        targets: line_codec merge repair (default: all)
#   KITTYLOG_FUZZ_SECONDS=60       time per target
#   KITTYLOG_FUZZ_BUILD_DIR=build-fuzz
#   KITTYLOG_FUZZ_KEEP=DIR         keep the grown corpora in DIR (default: a temp dir, removed)
#   KITTYLOG_FUZZ_JOBS=N           ninja -j (default: nproc)
#
# The committed seeds (fuzz/corpus/<target>/) are read, never written: new inputs go to a
# temp corpus so CI does not grow the repository. A crash or a violated invariant stops the
# run with exit 1 and leaves the input in $KITTYLOG_FUZZ_ARTIFACTS (default build-fuzz/artifacts/):
# add it under fuzz/regressions/<target>/ once fixed (the corpus replay test runs it).
# Prints one summary line per target: executions, coverage, corpus size.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${KITTYLOG_FUZZ_SECONDS:-60}"
# KITTYLOG_FUZZ_SEED (default: random) and KITTYLOG_FUZZ_RUNS (executions per target, default:
# unbounded) make a run reproducible: CI fixes both, so a red run can be replayed exactly and a
# green one stays green; exploring further is a local run without them.
seed_args=()
[ -n "${KITTYLOG_FUZZ_SEED:-}" ] && seed_args+=(-seed="$KITTYLOG_FUZZ_SEED")
[ -n "${KITTYLOG_FUZZ_RUNS:-}" ] && seed_args+=(-runs="$KITTYLOG_FUZZ_RUNS")
build_dir="${KITTYLOG_FUZZ_BUILD_DIR:-build-fuzz}"
artifacts="${KITTYLOG_FUZZ_ARTIFACTS:-$build_dir/artifacts}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(line_codec merge repair)

CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKITTYLOG_FUZZ=ON -DKITTYLOG_TESTS=OFF -DKITTYLOG_BENCH=OFF >/dev/null
build_targets=()
for target in "${targets[@]}"; do build_targets+=("fuzz_$target"); done
cmake --build "$build_dir" -j "${KITTYLOG_FUZZ_JOBS:-$(nproc)}" --target "${build_targets[@]}"

work="${KITTYLOG_FUZZ_KEEP:-}"
if [ -z "$work" ]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/kittylog-fuzz-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$artifacts"
status=0
for target in "${targets[@]}"; do
  corpus="$work/$target"
  mkdir -p "$corpus"
  log="$work/$target.log"
  seeds=(fuzz/corpus/"$target")
  [ -d fuzz/regressions/"$target" ] && seeds+=(fuzz/regressions/"$target")
  started="$(date +%s.%N)"
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build_dir/fuzz/fuzz_$target" "$corpus" "${seeds[@]}" -dict=fuzz/dict/events.dict \
      -max_total_time="$seconds" "${seed_args[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/$target-" >"$log" 2>&1
  rc=$?
  set -e
  elapsed="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  size="$(find "$corpus" -type f | wc -l)"
  printf 'fuzz %s: %s executions (bound: %s executions or %s s) in %.1f s, coverage %s edges, corpus %s new inputs, exit %s\n' \
    "$target" "${runs:-?}" "${KITTYLOG_FUZZ_RUNS:-unbounded}" "$seconds" "$elapsed" "${cov:-?}" "$size" "$rc"
  if [ "$rc" -eq 0 ] && [ "${runs:-0}" -eq 0 ]; then
    echo "fuzz $target: FAILED, libFuzzer reported no executions (log: $log)"
    tail -20 "$log"
    status=1
  fi
  if [ "$rc" -ne 0 ]; then
    grep -E 'invariant violated|ERROR: |SUMMARY: |runtime error' "$log" | head -5 || true
    echo "fuzz $target: FAILED, input saved under $artifacts/ (log: tail of $log below)"
    tail -40 "$log"
    status=1
  fi
done
exit "$status"
