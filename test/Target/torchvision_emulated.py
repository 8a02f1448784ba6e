#!/usr/bin/env python3
"""torchvision's exported post-processing on an emulated Cortex-M4, against
ONNX Runtime.

For each model: the post-processing export of
test/Import/Onnx/torchvision_exports.py goes through detect-import-onnx,
then detect-compile for the Cortex-M4 (object and C routes) and runs under
qemu (mps2-an386). The program generates its head tensors on the chip with
a 32-bit xorshift generator, so that no input has to fit in flash; the same
generator in numpy (integer arithmetic, then one f32 multiply and add, which
the chip's FPU rounds identically) gives ONNX Runtime the same tensors. The
chip prints its results as bit patterns; they are compared with ONNX
Runtime by the host test's comparison (test/Integration/
torchvision_detectors_onnxruntime.py): kept count and labels identical,
scores and boxes within its tolerance (the chip's libm, picolibc, rounds exp
differently from glibc, so byte equality with the host is not expected).

Memory: the per-class scores are a [N, 91] softmax and the candidate lists
are kept until torchvision's `torch.cat`, so the scratch is 4.9 MB (SSDlite)
to 10.4 MB (SSD300; see docs/Import.md); the program places its data in the
board's 16 MB PSRAM (0x21000000 on qemu's mps2-an386). RetinaNet runs as
exported for a 160 x 160 image (retinanet_resnet50_fpn_160): its 800 x 800
heads alone are 44 MB, more than any Cortex-M4 addresses, so that export is
only compiled for the Cortex-M4 (--compile-only) and run on the host.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402
import onnx_import_onnxruntime as ort_test  # noqa: E402
import torchvision_detectors_onnxruntime as tvd  # noqa: E402
import torchvision_exports as tve  # noqa: E402

from detect_harness import chips  # noqa: E402

np = harness.np
PSRAM = (0x21000000, 0x1000000)

# Input name -> (low, width) of its uniform distribution; proposals are
# boxes (x1, y1, w, h) -> (x1, y1, x1 + w, y1 + h).
RANGES = {"bbox_regression": (-2.0, 4.0), "box_regression": (-2.0, 4.0),
          "cls_logits": (-8.0, 8.0), "class_logits": (-8.0, 8.0)}
PROPOSAL = [(0.0, 280.0), (0.0, 280.0), (1.0, 120.0), (1.0, 120.0)]


def xorshift(state, n):
    """n successive 32-bit xorshift values after `state` (uint32 arrays)."""
    out = np.empty(n, np.uint32)
    x = int(state)
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x
    return out, x


def uniform(bits, low, width):
    unit = (bits >> np.uint32(8)).astype(np.float32) * np.float32(1.0 / 16777216.0)
    return np.float32(low) + np.float32(width) * unit


def gen_inputs(seed, shapes, names):
    state = seed
    out = []
    for name, shape in zip(names, shapes):
        n = int(np.prod(shape))
        bits, state = xorshift(state, n)
        if name == "proposals":
            v = np.empty(n, np.float32)
            for c in range(4):
                v[c::4] = uniform(bits[c::4], *PROPOSAL[c])
            v = v.reshape(-1, 4)
            v[:, 2] = v[:, 0] + v[:, 2]
            v[:, 3] = v[:, 1] + v[:, 3]
            out.append(v.reshape(shape))
        else:
            out.append(uniform(bits, *RANGES[name]).reshape(shape))
    return out


def main_c(sig, header, names, seeds):
    args = sig.args
    out = ["#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n",
           '#include "%s"\n\n' % header,
           "/* Markers for ../shared/tools/qemu-icount: each call is one region. */\n",
           "__attribute__((noinline)) void bench_start(void) { __asm__ volatile(\"\"); }\n",
           "__attribute__((noinline)) void bench_stop(void) { __asm__ volatile(\"\"); }\n",
           "static uint32_t state;\n",
           "static uint32_t next(void) {\n  state ^= state << 13;\n  state ^= state >> 17;\n"
           "  state ^= state << 5;\n  return state;\n}\n",
           "static float uniform(float low, float width) {\n"
           "  float unit = (float)(next() >> 8) * (1.0f / 16777216.0f);\n"
           "  return low + width * unit;\n}\n"]
    for i, a in enumerate(args):
        out.append("static float arg%d[%d];\n" % (i, a.count))
    for i, r in enumerate(sig.results):
        ctype = {"f32": "float", "i64": "int64_t", "i32": "int32_t"}[r.elem]
        out.append("static %s out%d[%d];\n" % (ctype, i, r.count))
    out.append("\nint main(void) {\n")
    out.append("  static const uint32_t seeds[%d] = {%s};\n" % (len(seeds), ", ".join("%du" % s for s in seeds)))
    out.append("  for (int k = 0; k < %d; ++k) {\n    state = seeds[k];\n" % len(seeds))
    for i, (a, name) in enumerate(zip(args, names)):
        if name == "proposals":
            out.append("    for (int j = 0; j < %d; j += 4) {\n" % a.count)
            for c, (lo, w) in enumerate(PROPOSAL):
                out.append("      arg%d[j + %d] = uniform(%ff, %ff);\n" % (i, c, lo, w))
            out.append("      arg%d[j + 2] = arg%d[j] + arg%d[j + 2];\n" % (i, i, i))
            out.append("      arg%d[j + 3] = arg%d[j + 1] + arg%d[j + 3];\n    }\n" % (i, i, i))
        else:
            lo, w = RANGES[name]
            out.append("    for (int j = 0; j < %d; ++j) arg%d[j] = uniform(%ff, %ff);\n" % (a.count, i, lo, w))
    call = ["arg%d" % i for i in range(len(args))] + ["out%d" % i for i in range(len(sig.results))]
    out.append("    bench_start();\n    %s(%s);\n    bench_stop();\n" % (sig.name, ", ".join(call)))
    out += chips.print_results_c(sig, "k", "    ")
    out.append("  }\n  return 0;\n}\n")
    return "".join(out)


def compile_only(name, mlir, work, chip):
    """Both routes to a Cortex-M4 object, for exports whose data fits no
    board: the C route's C99 goes through the chip's C compiler."""
    w = lambda f: os.path.join(work, f)  # noqa: E731
    r = chips.run(["detect-compile", mlir, "--target=cortex-m4", "-o", w("cortex-m4-obj.o"),
                   "--header=" + w("post.h"), "--report"])
    footprint = [line for line in (r.stdout + r.stderr).splitlines()
                 if line.strip().startswith("postprocess")]
    print("%s: cortex-m4-obj: compiled; .text, scratch, stack: %s" % (name, " ".join(footprint[0].split()[1:])))
    chips.run(["detect-compile", mlir, "--target=cortex-m4", "-o", w("cortex-m4-c.c"),
               "--header=" + w("post.h"), "--emit=c"])
    chips.run(chip.cc + ["-O2", "--specs=picolibc.specs"] + chips.C_WARNINGS +
              ["-I" + work, "-c", w("cortex-m4-c.c"), "-o", w("cortex-m4-c.o")])
    print("%s: cortex-m4-c: compiled" % name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--node", default="node")
    ap.add_argument("--models", default="ssdlite320_mobilenet_v3_large,ssd300_vgg16,"
                    "retinanet_resnet50_fpn_160,fasterrcnn_mobilenet_v3_large_320_fpn")
    ap.add_argument("--opset", type=int, default=11)
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--compile-only", action="store_true",
                    help="compile both routes to Cortex-M4 objects and print the footprint; run nothing")
    ap.add_argument("--icount", help="qemu-icount's icount-run: also print instructions per call (object route)")
    args = ap.parse_args()
    failures = total = 0
    chip = chips.CHIPS["cortex-m4"]
    for name in args.models.split(","):
        work = os.path.join(args.work, name)
        os.makedirs(work, exist_ok=True)
        onnx_path = tve.export_cached(name, "post", args.opset, args.cache)
        proto = ort_test.onnx.load(onnx_path)
        mlir = os.path.join(work, "post.mlir")
        chips.run(["detect-import-onnx", onnx_path, "--name", "postprocess", "-o", mlir])
        with open(mlir) as f:
            sig = harness.parse_signatures(f.read())[0]
        if args.compile_only:
            compile_only(name, mlir, work, chip)
            continue
        names = [vi.name for vi in proto.graph.input]
        shapes = [ort_test.dims_of(vi) for vi in proto.graph.input]
        seeds = [(args.seed * 2654435761 + 97 * k) & 0xFFFFFFFF or 1 for k in range(args.cases)]
        cases = [list(zip(names, gen_inputs(s, shapes, names))) for s in seeds]
        ort = node_oracle.run_onnxruntime([onnx_path], [(0, c) for c in cases], work, args.node)
        main_path = os.path.join(work, "main.c")
        with open(main_path, "w") as f:
            f.write(main_c(sig, "post.h", names, seeds))
        w = lambda f: os.path.join(work, f)  # noqa: E731
        for route in ("obj", "c"):
            tag = "cortex-m4-" + route
            code = w(tag + (".o" if route == "obj" else ".c"))
            report = chips.run(["detect-compile", mlir, "--target=cortex-m4", "-o", code,
                                "--header=" + w("post.h")] +
                               (["--emit=c"] if route == "c" else ["--report"]))
            report = report.stdout + report.stderr
            board = chips.Chip(chip.qemu, chip.cc, chip.flash, PSRAM)
            chips.run(chip.cc + chips.link_flags(board) + chips.C_WARNINGS +
                      ["-I" + work, main_path, code, "-o", w(tag + ".elf"), "-lm"])
            r = chips.run(chip.qemu + chips.SEMIHOST + ["-kernel", w(tag + ".elf")],
                          allow_failure=True, timeout=1200)
            got = chips.parse_results(r.stderr, sig) if r.returncode == 0 else {}
            bad = 0
            for k, o in enumerate(ort):
                total += 1
                why = o.get("error") or ("no output (exit %d)" % r.returncode if k not in got else
                                         tvd.compare(list(got[k]), o["outputs"], tve.MODELS[name]))
                if why:
                    bad += 1
                    if bad <= 5:
                        print("%s case %d: %s differs from onnxruntime: %s" % (name, k, tag, why))
            failures += bad
            footprint = [line for line in report.splitlines() if line.strip().startswith("postprocess")]
            print("%s: %s: = onnxruntime on %d cases, %d mismatches" % (name, tag, len(ort), bad))
            if footprint:
                print("%s: %s: .text, scratch, stack: %s" % (name, tag, " ".join(footprint[0].split()[1:])))
            if args.icount and route == "obj":
                r = chips.run([args.icount, w(tag + ".elf")], timeout=3600)
                counts = sorted(int(line.split()[-1]) for line in (r.stdout + r.stderr).splitlines()
                                if line.startswith("ICOUNT region"))
                print("%s: %s: instructions per call: median %d, min %d, max %d over %d calls" % (
                    name, tag, counts[len(counts) // 2], counts[0], counts[-1], len(counts)))
    print("torchvision_emulated: %d cases, %d failures" % (total, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
