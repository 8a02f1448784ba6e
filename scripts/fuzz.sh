#!/usr/bin/env bash
# A fuzzing campaign: each libFuzzer target of tools/fuzz in turn (one
# process at a time, at the lowest priority), starting from its committed
# seeds (test/fuzz/Inputs) and the corpus of earlier runs, then a summary
# per target: executions, coverage (edges of the project's code), corpus
# size and the inputs that crashed, hung, leaked or drew a sanitizer report.
#
#   scripts/fuzz.sh                       600 s per target, every target
#   scripts/fuzz.sh 3600 import-onnx      one hour on the ONNX importer
#
# Targets: detect-ir, import-onnx, import-tflite. The fuzzers are built in
# the sanitized build (scripts/test.sh's, ASan + UBSan + libFuzzer). The
# campaign lives in $FUZZ_DIR (default build-sanitize/fuzz): corpus/ grows
# from run to run, artifacts/ holds what failed, logs/ each run's output.
# A failing input is reproduced with `build-sanitize/bin/fuzz-TARGET FILE`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SANITIZE_DIR="${SANITIZE_DIR:-$ROOT/build-sanitize}"
FUZZ_DIR="${FUZZ_DIR:-$SANITIZE_DIR/fuzz}"
SECONDS_PER_TARGET="${1:-600}"
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(detect-ir import-onnx import-tflite)

if [ ! -f "$SANITIZE_DIR/build.ninja" ]; then
  mkdir -p "$SANITIZE_DIR"
  cmake -G Ninja -S "$ROOT" -B "$SANITIZE_DIR" -DCMAKE_BUILD_TYPE=Release \
    "-DLLVM_USE_SANITIZER=Address;Undefined" -DDETECT_ENABLE_FUZZERS=ON \
    > "$SANITIZE_DIR/configure.log"
fi
ninja -C "$SANITIZE_DIR" -j "${JOBS:-$(nproc)}" "${TARGETS[@]/#/fuzz-}"

seeds() {
  case "$1" in
    detect-ir) echo detect-ir ;;
    import-onnx) echo onnx ;;
    import-tflite) echo tflite ;;
    *) echo "fuzz.sh: unknown target '$1' (detect-ir, import-onnx, import-tflite)" >&2; exit 2 ;;
  esac
}

STAMP="$(date +%Y%m%d-%H%M%S)"
for target in "${TARGETS[@]}"; do
  dir="$FUZZ_DIR/$target"
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/logs"
  extra=()
  [ "$target" = detect-ir ] && extra=(-dict="$ROOT/test/fuzz/detect-ir.dict")
  seeds_dir="$ROOT/test/fuzz/Inputs/$(seeds "$target")"
  # libFuzzer stops at the first failure (its input goes to artifacts/):
  # the run starts again until the budget is spent, at most 10 times.
  start=$SECONDS deadline=$((SECONDS + SECONDS_PER_TARGET))
  for run in 1 2 3 4 5 6 7 8 9 10; do
    left=$((deadline - SECONDS))
    ((left > 0)) || break
    log="$dir/logs/$STAMP-$run.log"
    echo "fuzz.sh: fuzz-$target for $left s, log $log"
    # New inputs go to corpus/; the seeds are read, never written.
    if nice -n 19 "$SANITIZE_DIR/bin/fuzz-$target" "$dir/corpus" "$seeds_dir" "${extra[@]}" \
        -max_total_time="$left" -timeout=60 -rss_limit_mb=3072 \
        -artifact_prefix="$dir/artifacts/" -print_final_stats=1 > "$log" 2>&1; then
      break
    fi
  done
  echo $((SECONDS - start)) > "$dir/logs/$STAMP.seconds"
done

echo
printf "%-14s %12s %8s %8s %8s %s\n" target executions exec/s edges corpus failures
for target in "${TARGETS[@]}"; do
  dir="$FUZZ_DIR/$target"
  logs=("$dir/logs/$STAMP"-*.log)
  execs=0
  for log in "${logs[@]}"; do
    n="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    # A run that failed has no final stats: its last status line counts.
    [ -n "$n" ] || n="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')"
    execs=$((execs + ${n:-0}))
  done
  secs="$(cat "$dir/logs/$STAMP.seconds")"
  edges="$(grep -ho 'cov: [0-9]*' "${logs[@]}" | tail -1 | cut -d' ' -f2)"
  corpus="$(find "$dir/corpus" -type f | wc -l)"
  # slow-unit-* files are inputs slower than 10 s, not failures.
  failures="$(find "$dir/artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' \
    -o -name 'leak-*' -o -name 'oom-*' \) | wc -l)"
  printf "%-14s %12s %8s %8s %8s %s\n" "$target" "$execs" "$((execs / (secs > 0 ? secs : 1)))" \
    "${edges:-?}" "$corpus" "$failures"
done
