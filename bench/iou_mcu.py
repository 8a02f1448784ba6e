"""Executed instructions of detect.iou (32 x 32 boxes) on an emulated
Cortex-M0+ (no FPU: every float operation is a call into libgcc's soft
float), float strategy against fixed-point strategy, with the qemu-icount
plugin (exact and repeatable).

    bench/iou_mcu.py BUILD_DIR WORKDIR

Both builds run test/Target/Inputs/iou_main.c, whose output (the hashed bit
patterns of every result) must be identical; region 0 is a call on integer
pixel boxes (the fixed-point path), region 1 a call on fractional boxes
(the float formula, behind the per-box exactness test).
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ICOUNT = os.path.join(ROOT, "..", "shared", "tools", "qemu-icount", "icount-run")
INPUTS = os.path.join(ROOT, "test", "Target", "Inputs")
# The micro:bit (nRF51, Cortex-M0+), as test/Target/lib/chips.py.
CFLAGS = ["-mcpu=cortex-m0plus", "-mthumb", "-O2", "--specs=picolibc.specs", "--oslib=semihost",
          "--crt0=semihost", "-Wl,--defsym=__flash=0x0", "-Wl,--defsym=__flash_size=0x40000",
          "-Wl,--defsym=__ram=0x20000000", "-Wl,--defsym=__ram_size=0x4000"]


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("iou_mcu: %s failed:\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r


def main():
    build, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    compile_tool = os.path.join(build, "bin", "detect-compile")
    counts, outputs = {}, {}
    for strategy in ("float", "fixed-point"):
        obj = os.path.join(work, strategy + ".o")
        run([compile_tool, os.path.join(INPUTS, "iou32.mlir"), "--target=cortex-m0plus",
             "--iou-strategy=" + strategy, "-o", obj, "--header=" + os.path.join(work, "iou32.h")])
        elf = os.path.join(work, strategy + ".elf")
        run(["arm-none-eabi-gcc"] + CFLAGS + ["-I", work, os.path.join(INPUTS, "iou_main.c"), obj, "-lm",
                                             "-o", elf])
        r = run([ICOUNT, "--machine", "microbit", elf])
        text = r.stdout + r.stderr
        counts[strategy] = [int(n) for n in re.findall(r"ICOUNT region \d+: (\d+)", text)]
        outputs[strategy] = "\n".join(l for l in text.splitlines() if l.startswith("case"))
        if len(counts[strategy]) != 2 or not outputs[strategy]:
            sys.exit("iou_mcu: no counts or output from %s:\n%s" % (elf, text))
    if outputs["float"] != outputs["fixed-point"]:
        sys.exit("iou_mcu: the two strategies print different results")
    print("detect.iou 32x32 on Cortex-M0+ (executed instructions per call, identical results):")
    for region, what in enumerate(("integer boxes", "fractional boxes")):
        f, x = counts["float"][region], counts["fixed-point"][region]
        print("  %-17s float %9d   fixed-point %9d   (%.2fx)" % (what, f, x, f / x))
    return 0


if __name__ == "__main__":
    sys.exit(main())
