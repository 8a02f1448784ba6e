#!/usr/bin/env python3
"""Imported ONNX models on an emulated Cortex-M4, against the host and ONNX Runtime.

For each model of test/Import/Onnx/models.py: detect-import-onnx, then the
host program and the chip's (object and C routes, built as detect_harness/chips.py
builds them), the chip's run under qemu. The program is C generated here: it
holds random inputs (the generator of the host differential test) and prints
every result, floats as their bit patterns.

- Models whose results involve no libm function (NMS, TopK, gathers): the
  chip's output must be identical to the host's byte for byte.
- Models with exp/log/sigmoid or sums (SSD decode, softmax, convolution): the
  chip's libm (picolibc) rounds some results differently from the host's
  (glibc), so the chip's output is compared with ONNX Runtime directly, with
  the tolerance of the host test; indices and counts must still be equal.

The host's output is compared with onnxruntime-node running the .onnx file on
the same inputs, by the comparison of test/Integration/onnx_import_onnxruntime.py.
Prints one line per model and route, then a summary; exits non-zero on any
difference.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402
import onnx_import_onnxruntime as diff  # noqa: E402

from detect_harness import chips  # noqa: E402

np = harness.np
models = diff.models

C_TYPES = {"f32": "float", "i64": "int64_t", "i32": "int32_t", "f64": "double"}


def c_array(name, arr, ctype):
    flat = arr.reshape(-1)
    if ctype == "float":
        # Exact: hexadecimal bit patterns through a union-free memcpy below.
        body = ", ".join("0x%08xu" % v for v in flat.view(np.uint32))
        return "static const uint32_t %s[%d] = {%s};\n" % (name, max(1, flat.size), body or "0")
    body = ", ".join("%d" % v for v in flat)
    return "static const %s %s[%d] = {%s};\n" % (ctype, name, max(1, flat.size), body or "0")


def main_c(sig, header, cases):
    out = ["#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n",
           '#include "%s"\n\n' % header]
    for k, args in enumerate(cases):
        for i, (vt, a) in enumerate(zip(sig.args, args)):
            out.append(c_array("in%d_%d" % (k, i), np.ascontiguousarray(a), C_TYPES[vt.elem]))
    for i, r in enumerate(sig.results):
        out.append("static %s out%d[%d];\n" % (C_TYPES[r.elem], i, r.count))
    for i, a in enumerate(sig.args):
        out.append("static %s arg%d[%d];\n" % (C_TYPES[a.elem], i, a.count))
    out.append("\nint main(void) {\n")
    for k in range(len(cases)):
        for i, a in enumerate(sig.args):
            out.append("  memcpy(arg%d, in%d_%d, sizeof arg%d);\n" % (i, k, i, i))
        call_args = ["arg%d" % i for i in range(len(sig.args))] + ["out%d" % i for i in range(len(sig.results))]
        out.append("  %s(%s);\n" % (sig.name, ", ".join(call_args)))
        out += chips.print_results_c(sig, str(k), "  ")
    out.append("  return 0;\n}\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    chips.add_run_arguments(ap, cases=12, seed=20251203)
    ap.add_argument("--models", default=",".join(diff.MODELS))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    failures = 0
    total = 0
    for name in args.models.split(","):
        work = os.path.join(args.work, name)
        os.makedirs(work, exist_ok=True)
        proto = models.MODELS[name]()
        onnx_path = os.path.join(work, name + ".onnx")
        models.onnx.save(proto, onnx_path)
        mlir = os.path.join(work, name + ".mlir")
        subprocess.run(["detect-import-onnx", onnx_path, "--name", name, "-o", mlir], check=True)
        with open(mlir) as f:
            sig = harness.parse_signatures(f.read())[0]
        inits = {i.name for i in proto.graph.initializer}
        inputs = [vi for vi in proto.graph.input if vi.name not in inits]
        cases = [[(vi.name, diff.gen_input(rng, name, vi)) for vi in inputs] for _ in range(args.cases)]
        main_path = os.path.join(work, "main.c")
        with open(main_path, "w") as f:
            f.write(main_c(sig, name + ".h", [[a for _, a in c] for c in cases]))
        w = lambda f: os.path.join(work, f)  # noqa: E731
        chips.run(["detect-compile", mlir, "--target=host", "-o", w("host.o"),
                   "--header=%s" % w(name + ".h")])
        chips.run([args.host_cc, "-O2", "-I" + work, main_path, w("host.o"), "-o", w("host"), "-lm"])
        host_text = chips.run([w("host")]).stdout
        host = chips.parse_results(host_text, sig)
        ort = node_oracle.run_onnxruntime([onnx_path], [(0, c) for c in cases], work, args.node)
        tol = None if diff.MODELS[name] == "exact" else diff.MODELS[name]

        def against_onnxruntime(outputs, who):
            bad = 0
            for k, o in enumerate(ort):
                why = o.get("error") or diff.compare(proto, None, outputs[k], o["outputs"], tol)
                if why:
                    bad += 1
                    print("%s case %d: %s differs from onnxruntime: %s" % (name, k, who, why))
            return bad

        bad = against_onnxruntime(host, "host")
        total += len(ort)
        failures += bad
        print("%s: host = onnxruntime on %d cases, %d mismatches" % (name, len(ort), bad))
        for chip_name in args.chips.split(","):
            chip = chips.CHIPS[chip_name]
            for route in ("obj", "c"):
                tag = "%s-%s" % (chip_name, route)
                code = w(tag + (".o" if route == "obj" else ".c"))
                chips.run(["detect-compile", mlir, "--target=" + chip_name, "-o", code] +
                          (["--emit=c"] if route == "c" else []))
                chips.run(chip.cc + chips.link_flags(chip) + chips.C_WARNINGS +
                          ["-I" + work, main_path, code, "-o", w(tag + ".elf"), "-lm"])
                r = chips.run(chip.qemu + chips.SEMIHOST + ["-kernel", w(tag + ".elf")],
                              allow_failure=True, timeout=300)
                text = r.stderr
                if r.returncode != 0 or len(text.splitlines()) != len(host_text.splitlines()):
                    failures += 1
                    print("%s: %s: FAILED (exit %d): %s" % (name, tag, r.returncode,
                                                          chips.first_difference(host_text, text)))
                elif tol is None:
                    if text != host_text:
                        failures += 1
                        print("%s: %s: MISMATCH: %s" % (name, tag, chips.first_difference(host_text, text)))
                    else:
                        print("%s: %s: %d lines identical to the host" % (name, tag, len(text.splitlines())))
                else:
                    bad = against_onnxruntime(chips.parse_results(text, sig), tag)
                    failures += bad
                    print("%s: %s: = onnxruntime on %d cases, %d mismatches" % (name, tag, len(ort), bad))
    print("onnx_emulated: %d cases, %d failures" % (total, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
