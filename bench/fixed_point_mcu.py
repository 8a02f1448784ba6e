"""The fixed-point lowering strategies against float on a core without an
FPU: executed instructions on the emulated Cortex-M0+ (the micro:bit; every
float operation is a call into libgcc's soft float), counted by the
qemu-icount plugin (exact and repeatable), and the code size of each object.

    bench/fixed_point_mcu.py [--work DIR] [--no-docs]

Workloads, each compiled by detect-compile --target=cortex-m0plus twice
(--iou-strategy / --nms-strategy = float and fixed-point), run on the same
inputs; the two builds must print the same results:
- detect.iou of 32 x 32 boxes (test/Target/Inputs/iou_main.c): integer pixel
  boxes, and fractional ones (the float formula behind the exactness test);
- detect.nms of 200 boxes in 12 clusters, IoU 0.5, at most 50 kept
  (bench/mcu/main_fixed_point_nms.c): integer pixel boxes, and the same
  boxes moved by fractions of a pixel.
Prints the environment and the ratios; writes the fixed-point section of
docs/Benchmarks.md (bench/run.sh runs it).
"""

import argparse
import os
import re
import subprocess
import sys

import doc_sections

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ICOUNT = os.path.join(ROOT, "..", "shared", "tools", "qemu-icount", "icount-run")
INPUTS = os.path.join(ROOT, "test", "Target", "Inputs")
SECTION = "fixed-point"
BEGIN, END = doc_sections.markers(SECTION)
# The micro:bit (nRF51, Cortex-M0+), as test/lib/detect_harness/chips.py.
CFLAGS = ["-mcpu=cortex-m0plus", "-mthumb", "-O2", "--specs=picolibc.specs", "--oslib=semihost",
          "--crt0=semihost", "-Wl,--defsym=__flash=0x0", "-Wl,--defsym=__flash_size=0x40000",
          "-Wl,--defsym=__ram=0x20000000", "-Wl,--defsym=__ram_size=0x4000"]
NMS_MODULE = """// NMS of bench/mcu/main_fixed_point_nms.c.
func.func @nms200(%b: tensor<200x4xf32>, %s: tensor<200xf32>) -> (tensor<50xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) max_output(50)
      : tensor<200x4xf32>, tensor<200xf32> -> tensor<50xi32>, i32
  return %k, %n : tensor<50xi32>, i32
}
"""
# (name, op, source, header, driver, strategy option, labels of the two counted regions)
WORKLOADS = [
    ("iou", "detect.iou 32 x 32", os.path.join(INPUTS, "iou32.mlir"), "iou32.h",
     os.path.join(INPUTS, "iou_main.c"), "--iou-strategy", ("integer boxes", "fractional boxes")),
    ("nms", "detect.nms N=200, K=50", None, "nms200.h", os.path.join(HERE, "mcu", "main_fixed_point_nms.c"),
     "--nms-strategy", ("integer boxes", "fractional boxes")),
]


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("fixed_point_mcu: %s failed:\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r


def text_size(obj):
    """Bytes of code and read-only data of an object file."""
    out = run(["arm-none-eabi-size", "-A", obj]).stdout
    return sum(int(m.group(2)) for m in re.finditer(r"^(\.text\S*|\.rodata\S*)\s+(\d+)", out, re.M))


def measure(build, work):
    compile_tool = os.path.join(build, "bin", "detect-compile")
    rows = []
    for name, op, source, header, driver, option, labels in WORKLOADS:
        d = os.path.join(work, name)
        os.makedirs(d, exist_ok=True)
        if source is None:
            source = os.path.join(d, name + ".mlir")
            with open(source, "w") as f:
                f.write(NMS_MODULE)
        counts, outputs, sizes = {}, {}, {}
        for strategy in ("float", "fixed-point"):
            obj = os.path.join(d, strategy + ".o")
            run([compile_tool, source, "--target=cortex-m0plus", option + "=" + strategy, "-o", obj,
                 "--header=" + os.path.join(d, header)])
            elf = os.path.join(d, strategy + ".elf")
            run(["arm-none-eabi-gcc"] + CFLAGS + ["-I", d, driver, obj, "-lm", "-o", elf])
            r = run([ICOUNT, "--machine", "microbit", elf])
            text = r.stdout + r.stderr
            counts[strategy] = [int(n) for n in re.findall(r"ICOUNT region \d+: (\d+)", text)]
            outputs[strategy] = "\n".join(l for l in text.splitlines() if l.startswith("case"))
            sizes[strategy] = text_size(obj)
            if len(counts[strategy]) != 2 or not outputs[strategy]:
                sys.exit("fixed_point_mcu: no counts or output from %s:\n%s" % (elf, text))
        if outputs["float"] != outputs["fixed-point"]:
            sys.exit("fixed_point_mcu: %s: the two strategies print different results" % op)
        for region, label in enumerate(labels):
            rows.append((op, label, counts["float"][region], counts["fixed-point"][region],
                         sizes["float"], sizes["fixed-point"]))
    return rows


def section(rows, env):
    out = [BEGIN, "## Fixed-point strategies on a core without an FPU", "",
           "`bench/fixed_point_mcu.py` (run by `bench/run.sh`): executed instructions of one call on the "
           "emulated Cortex-M0+ (micro:bit; soft float from libgcc), the float strategy against the "
           "fixed-point one (docs/Lowering.md), on the same inputs; both print the same results. "
           "Integer boxes take the integer path; fractional boxes take the float formula behind the "
           "per-box exactness test, which is what the strategy costs when it cannot help. Code is "
           "`.text` + `.rodata` of the object (`detect-compile -Os`).", "",
           "Environment: " + env, "",
           "| op | boxes | float | fixed-point | ratio | code float | code fixed-point |",
           "|---|---|---:|---:|---:|---:|---:|"]
    for op, label, f, x, sf, sx in rows:
        out.append("| %s | %s | %s | %s | %.2fx | %s B | %s B |" % (
            op, label, format(f, ","), format(x, ","), f / x, format(sf, ","), format(sx, ",")))
    out.append(END)
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    build = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
    p.add_argument("--work", default=os.path.join(build, "bench", "fixed_point_mcu"))
    p.add_argument("--no-docs", action="store_true")
    a = p.parse_args()
    env = "; ".join([run(["arm-none-eabi-gcc", "--version"]).stdout.splitlines()[0],
                     run(["qemu-system-arm", "--version"]).stdout.splitlines()[0]])
    print("Environment: " + env)
    rows = measure(build, a.work)
    print("Executed instructions per call on the Cortex-M0+ (identical results):")
    for op, label, f, x, sf, sx in rows:
        print("  %-24s %-17s float %10d   fixed-point %10d   (%.2fx)   code %d B / %d B"
              % (op, label, f, x, f / x, sf, sx))
    if not a.no_docs:
        doc_sections.write_section(SECTION, section(rows, env))
        print("wrote the fixed-point section of docs/Benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
