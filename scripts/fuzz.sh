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
# from run to run, artifacts/ holds what failed, *.log each run's output.
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

for target in "${TARGETS[@]}"; do
  dir="$FUZZ_DIR/$target"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  extra=()
  [ "$target" = detect-ir ] && extra=(-dict="$ROOT/test/fuzz/detect-ir.dict")
  log="$dir/$(date +%Y%m%d-%H%M%S).log"
  echo "fuzz.sh: fuzz-$target for $SECONDS_PER_TARGET s, log $log"
  # New inputs go to corpus/; the seeds are read, never written. A failure
  # ends the run (libFuzzer stops at the first); it is in artifacts/.
  nice -n 19 "$SANITIZE_DIR/bin/fuzz-$target" "$dir/corpus" "$ROOT/test/fuzz/Inputs/$(seeds "$target")" \
    "${extra[@]}" -max_total_time="$SECONDS_PER_TARGET" -timeout=60 -rss_limit_mb=3072 \
    -artifact_prefix="$dir/artifacts/" -print_final_stats=1 > "$log" 2>&1 || true
done

echo
printf "%-14s %12s %10s %8s %8s %s\n" target executions exec/s edges corpus failures
for target in "${TARGETS[@]}"; do
  dir="$FUZZ_DIR/$target"
  log="$(ls -t "$dir"/*.log | head -1)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
  edges="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
  corpus="$(find "$dir/corpus" -type f | wc -l)"
  failures="$(find "$dir/artifacts" -type f | wc -l)"
  printf "%-14s %12s %10s %8s %8s %s\n" "$target" "${execs:-?}" "${speed:-?}" "${edges:-?}" \
    "$corpus" "$failures"
done
