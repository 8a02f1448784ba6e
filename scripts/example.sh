#!/usr/bin/env bash
# The main job on the bundled example: set up, build, then compile an
# SSD-style post-processing function (anchor decoding + NMS) with detect-opt:
# verified and canonicalized detect IR, then C99 and LLVM IR for a 32-bit
# microcontroller, with no heap. Outputs land in build/example/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"

DETECT_OPT="$BUILD_DIR/bin/detect-opt"
TRANSLATE=/usr/lib/llvm-22/bin/mlir-translate
EXAMPLE="$ROOT/examples/ssd_postprocess.mlir"
OUT="$BUILD_DIR/example"
mkdir -p "$OUT"

echo "== detect-opt --canonicalize $EXAMPLE"
"$DETECT_OPT" "$EXAMPLE" --canonicalize

echo "== detect-to-emitc (index-bitwidth=32) -> $OUT/ssd_postprocess.c"
"$DETECT_OPT" "$EXAMPLE" --detect-to-emitc="index-bitwidth=32" |
  "$TRANSLATE" --mlir-to-cpp > "$OUT/ssd_postprocess.c"
grep -n "^void " "$OUT/ssd_postprocess.c"

echo "== detect-to-llvm (index-bitwidth=32) -> $OUT/ssd_postprocess.ll"
"$DETECT_OPT" "$EXAMPLE" --detect-to-llvm="index-bitwidth=32" |
  "$TRANSLATE" --mlir-to-llvmir > "$OUT/ssd_postprocess.ll"
grep -n "^define " "$OUT/ssd_postprocess.ll"
if grep -qE "@(malloc|free)\b" "$OUT/ssd_postprocess.ll"; then
  echo "error: the generated code uses the heap" >&2
  exit 1
fi
echo "no heap: ok"
