#!/usr/bin/env bash
# Sets up and builds (as scripts/setup.sh), then runs the whole test suite
# with lit, then the compiler's own tests again with the tools built under
# AddressSanitizer and UndefinedBehaviorSanitizer. Ends with one line
# `N passed, N failed` over both runs.
#
#   scripts/test.sh                 everything
#   scripts/test.sh test/Dialect    only these tests (no sanitizer run)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
SANITIZE_DIR="${SANITIZE_DIR:-$ROOT/build-sanitize}"
"$ROOT/scripts/setup.sh"

LIT=/usr/lib/llvm-22/bin/lit
RESULTS=("$BUILD_DIR/test/results.json")
rm -f "${RESULTS[0]}"
status=0
if (($#)); then
  # Paths may be given as test/... (source tree); lit needs the build tree.
  args=()
  for arg in "$@"; do
    [[ "$arg" == test/* ]] && arg="$BUILD_DIR/$arg"
    args+=("$arg")
  done
  $LIT -sv --output "${RESULTS[0]}" "${args[@]}" || status=$?
else
  $LIT -sv --output "${RESULTS[0]}" "$BUILD_DIR/test" || status=$?

  # The compiler under ASan/UBSan: parsing, verification, every lowering, code
  # generation for each target and every bad-input test, the ONNX and TFLite
  # importers on their models and their corpora of broken files
  # (test/Import/Onnx, test/Import/Tflite), every differential suite and the
  # torchvision detectors imported and compiled (test/Integration), and the
  # C API (test/CAPI). The same build has the libFuzzer
  # targets, run for a short budget each on their corpora (test/fuzz).
  if [ ! -f "$SANITIZE_DIR/build.ninja" ]; then
    mkdir -p "$SANITIZE_DIR"
    cmake -G Ninja -S "$ROOT" -B "$SANITIZE_DIR" -DCMAKE_BUILD_TYPE=Release \
      "-DLLVM_USE_SANITIZER=Address;Undefined" -DDETECT_ENABLE_FUZZERS=ON \
      > "$SANITIZE_DIR/configure.log"
  fi
  ninja -C "$SANITIZE_DIR" -j "${JOBS:-$(nproc)}" detect-opt detect-compile detect-import-onnx \
    detect-import-tflite fuzz-detect-ir fuzz-import-onnx fuzz-import-tflite
  # The sanitized tests compare with the same npm oracles as the main run,
  # on the same torchvision exports (made once, by the main run).
  ln -sfn "$BUILD_DIR/oracles" "$SANITIZE_DIR/oracles"
  mkdir -p "$SANITIZE_DIR/test"
  if [ -d "$BUILD_DIR/test/torchvision-exports" ]; then
    ln -sfn "$BUILD_DIR/test/torchvision-exports" "$SANITIZE_DIR/test/torchvision-exports"
  fi
  RESULTS+=("$SANITIZE_DIR/test/results.json")
  rm -f "${RESULTS[1]}"
  # Every sanitizer report is also written here (test/lit.cfg.py): one
  # fails the run even if the test that drew it passed.
  REPORTS="$SANITIZE_DIR/sanitizer-reports"
  rm -rf "$REPORTS" && mkdir -p "$REPORTS"
  $LIT -sv --output "${RESULTS[1]}" "$SANITIZE_DIR/test/Dialect" \
    "$SANITIZE_DIR/test/Conversion" "$SANITIZE_DIR/test/Pipelines" \
    "$SANITIZE_DIR/test/tools" "$SANITIZE_DIR/test/Import" \
    "$SANITIZE_DIR/test/Integration" "$SANITIZE_DIR/test/CAPI" \
    "$SANITIZE_DIR/test/fuzz" || status=$?
  if [ -n "$(ls -A "$REPORTS")" ]; then
    echo "sanitizer reports ($REPORTS):"
    for report in "$REPORTS"/*; do echo "== $report"; head -40 "$report"; done
    status=1
  fi
fi
python3 "$ROOT/scripts/lit_summary.py" "${RESULTS[@]}"
exit $status
