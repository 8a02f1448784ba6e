#!/usr/bin/env bash
# The main job on the bundled example: set up, build, then compile an
# SSD-style post-processing function (anchor decoding + NMS): verified and
# canonicalized detect IR, C99 and LLVM IR for a 32-bit microcontroller, and
# a Cortex-M4 object with its header and footprint, run on the emulated chip
# and compared with the host. Outputs land in build/example/.
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

# The same example as an object for a Cortex-M4, linked into a picolibc
# program (examples/ssd_main.c), run on the emulated chip and on the host.
DETECT_COMPILE="$BUILD_DIR/bin/detect-compile"
echo "== detect-compile --target=cortex-m4 --report"
"$DETECT_COMPILE" "$EXAMPLE" --target=cortex-m4 -o "$OUT/ssd_m4.o" \
  --header="$OUT/ssd.h" --report
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -O2 \
  --specs=picolibc.specs --oslib=semihost --crt0=semihost \
  -Wl,--defsym=__flash=0x0 -Wl,--defsym=__flash_size=0x400000 \
  -Wl,--defsym=__ram=0x20000000 -Wl,--defsym=__ram_size=0x400000 \
  -I"$OUT" "$ROOT/examples/ssd_main.c" "$OUT/ssd_m4.o" -lm -o "$OUT/ssd_m4.elf" \
  2> "$OUT/ssd_m4.link.log" || { cat "$OUT/ssd_m4.link.log" >&2; exit 1; }
echo "== on the emulated Cortex-M4 (qemu mps2-an386)"
# qemu prints the semihosted stdout on stderr.
qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
  -monitor none -serial none -kernel "$OUT/ssd_m4.elf" 2> "$OUT/ssd_m4.txt"
cat "$OUT/ssd_m4.txt"
"$DETECT_COMPILE" "$EXAMPLE" --target=host -o "$OUT/ssd_host.o"
/usr/lib/llvm-22/bin/clang -O2 -I"$OUT" "$ROOT/examples/ssd_main.c" "$OUT/ssd_host.o" -lm \
  -o "$OUT/ssd_host"
"$OUT/ssd_host" > "$OUT/ssd_host.txt"
if diff -q "$OUT/ssd_host.txt" "$OUT/ssd_m4.txt" > /dev/null; then
  echo "host and Cortex-M4 detections: identical"
else
  echo "error: host and Cortex-M4 detections differ" >&2
  exit 1
fi
