#!/usr/bin/env python3
"""Imported .tflite files on emulated microcontrollers (object and C routes).

1. The SSD-MobileNet workload (../shared/workloads/ssd_mobilenet): one
   .tflite file holding the workload's anchors as a constant and four
   TFLite_Detection_PostProcess heads; each head is cut out and compiled as
   a user would:

       detect-import-tflite heads.tflite --outputs=... --name=HEAD \\
           | detect-compile - --target=cortex-m4 -o HEAD.o

   linked with Inputs/tflite_ssd_main.c and the workload's input generator,
   and run under qemu: every output must be TFLite Micro's (tflm_expected.txt)
   bit for bit, boxes included (TFLite's double-precision decoding, the
   importer's default).
2. Random cases (--cases per model kind) of the files of
   test/Integration/tflite_import.py (SSD float/uint8/int8, NMS V4/V5, the
   YOLO-style int8 head, the simple ops), compiled into one program with the
   inputs as constants; the chip's results are checked by the host test's
   oracles (TFLite Micro's transcription, tfjs, numpy) and its comparisons.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import chips  # noqa: E402
from detect_harness import harness  # noqa: E402
import tflite_import as host  # noqa: E402
from detect_harness import tflm_ssd  # noqa: E402

np = harness.np
MAIN = os.path.join(HERE, "Inputs", "tflite_ssd_main.c")


def pipe(importer_cmd, compile_cmd):
    imp = subprocess.Popen(importer_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    comp = subprocess.run(compile_cmd, stdin=imp.stdout, capture_output=True, text=True)
    imp.stdout.close()
    err = imp.stderr.read().decode()
    if imp.wait() != 0 or comp.returncode != 0:
        sys.exit("tflite_emulated: failed: %s | %s\n%s%s" % (" ".join(importer_cmd), " ".join(compile_cmd),
                                                              err, comp.stderr))


def generator_object(chip, work, tag):
    """ssd_inputs.c as TFLite Micro's run built it (GNU C, FMA contraction)."""
    obj = os.path.join(work, tag + "-inputs.o")
    chips.run(chip.cc + ["-O2", "-ffp-contract=fast", "--specs=picolibc.specs", "-c",
                         os.path.join(tflm_ssd.WORKLOAD, "ssd_inputs.c"), "-o", obj])
    return obj


def workload(args, chip_names):
    expected = tflm_ssd.parse_expected(os.path.join(tflm_ssd.WORKLOAD, "tflm_expected.txt"))
    _, _, anc = host.tflm.make_inputs(args.work, args.host_cc)
    g, heads = host.workload_graph(anc)
    path = os.path.join(args.work, "ssd_mobilenet_heads.tflite")
    g.write(path)
    failures = 0
    for chip_name in chip_names:
        chip = chips.CHIPS[chip_name]
        for route in args.routes.split(","):
            tag = "%s-%s" % (chip_name, route)
            codes = []
            for case, (fn, outputs) in sorted(heads.items()):
                code = os.path.join(args.work, "%s-%s.%s" % (tag, fn, "o" if route == "obj" else "c"))
                pipe(["detect-import-tflite", path, "--outputs=" + ",".join(outputs), "--name=" + fn],
                     ["detect-compile", "-", "--target=" + chip_name, "-o", code] +
                     (["--emit=c"] if route == "c" else []))
                codes.append(code)
            elf = os.path.join(args.work, tag + "-workload.elf")
            chips.run(chip.cc + chips.link_flags(chip) + chips.C_WARNINGS +
                      ["-I" + tflm_ssd.WORKLOAD, MAIN] + codes + [generator_object(chip, args.work, tag),
                                                                   "-o", elf, "-lm"])
            r = chips.run(chip.qemu + chips.SEMIHOST + ["-kernel", elf], allow_failure=True, timeout=600)
            actual = tflm_ssd.parse_actual(r.stderr)
            if r.returncode != 0 or set(actual) != set(expected):
                failures += 1
                print("%s workload: FAILED (exit %d), cases %s" % (tag, r.returncode, sorted(actual)))
                continue
            for name in sorted(expected):
                errors, worst = tflm_ssd.compare(expected[name], actual[name])
                if errors or worst:
                    failures += 1
                    print("%s %s: MISMATCH: %s" % (tag, name, "; ".join(errors[:3]) or
                                                   "boxes %d ulps from TFLite Micro's" % worst))
                else:
                    print("%s %s: %d detections bit-identical to TFLite Micro's" % (
                        tag, name, expected[name]["num"]))
    return failures


def c_array(name, arr, vt):
    flat = np.ascontiguousarray(arr, vt.dtype).reshape(-1)
    if vt.elem in ("f32", "f64"):
        width = "uint32_t" if vt.elem == "f32" else "uint64_t"
        words = flat.view(np.uint32 if vt.elem == "f32" else np.uint64)
        body = ", ".join("0x%xu" % w for w in words)
        return "static const %s %s[%d] = {%s};\n" % (width, name, max(1, flat.size), body or "0")
    body = ", ".join("%d" % v for v in flat)
    return "static const %s %s[%d] = {%s};\n" % (vt.ctype, name, max(1, flat.size), body or "0")


def random_program(sigs, cases):
    """C that runs every case and prints each result element: floats as bit
    patterns, integers in decimal."""
    by_name = {s.name: s for s in sigs}
    out = ["#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n\n"]
    for s in sigs:
        params = ["const %s *" % a.ctype for a in s.args] + ["%s *" % r.ctype for r in s.results]
        out.append("void %s(%s);\n" % (s.name, ", ".join(params)))
    for k, (_, fn, args, _) in enumerate(cases):
        for i, (vt, a) in enumerate(zip(by_name[fn].args, args)):
            out.append(c_array("in%d_%d" % (k, i), a, vt))
    largest = max(r.count for s in sigs for r in s.results)
    out.append("static union { float f; double d; int64_t l; char c[8]; } scratch[%d];\n" % largest)
    out.append("static unsigned char results[8][%d * 8];\n\n" % largest)
    out.append("static inline void print_f32(const float *p, int n) {\n"
               "  for (int j = 0; j < n; ++j) { uint32_t b; memcpy(&b, &p[j], 4); printf(\" %08lx\", "
               "(unsigned long)b); }\n  printf(\"\\n\");\n}\n")
    for ctype in ("int8_t", "int32_t", "int64_t"):
        out.append("static inline void print_%s(const %s *p, int n) {\n"
                   "  for (int j = 0; j < n; ++j) printf(\" %%ld\", (long)p[j]);\n"
                   "  printf(\"\\n\");\n}\n" % (ctype, ctype))
    out.append("\nint main(void) {\n")
    for k, (_, fn, _, _) in enumerate(cases):
        s = by_name[fn]
        call = ["(const %s *)in%d_%d" % (a.ctype, k, i) for i, a in enumerate(s.args)]
        call += ["(%s *)results[%d]" % (r.ctype, i) for i, r in enumerate(s.results)]
        out.append("  %s(%s);\n" % (fn, ", ".join(call)))
        for i, r in enumerate(s.results):
            printer = "print_f32" if r.elem == "f32" else "print_%s" % r.ctype
            out.append('  printf("case %d result %d:");\n' % (k, i))
            out.append("  %s((const %s *)results[%d], %d);\n" % (printer, r.ctype, i, r.count))
    out.append("  (void)scratch;\n  return 0;\n}\n")
    return "".join(out)


def parse_results(text, sigs, cases):
    by_name = {s.name: s for s in sigs}
    got = [[None] * len(by_name[c[1]].results) for c in cases]
    for line in text.splitlines():
        if not line.startswith("case "):
            continue
        head, _, vals = line.partition(":")
        _, k, _, i = head.split()
        k, i = int(k), int(i)
        r = by_name[cases[k][1]].results[i]
        toks = vals.split()
        if r.elem == "f32":
            a = np.array([int(t, 16) for t in toks], np.uint32).view(np.float32)
        else:
            a = np.array([int(t) for t in toks], np.int64).astype(r.dtype)
        got[k][i] = a.reshape(()) if r.is_scalar else a.reshape(r.shape)
    return [tuple(g) for g in got]


def random_cases(args, chip_names):
    rng = np.random.default_rng(args.seed)
    imp = host.Importer("detect-import-tflite", "detect-opt", args.work)
    cases, oracle_of = host.random_models_and_cases(imp, rng, args.cases, args.work, args.node)
    module = imp.module()
    mlir = os.path.join(args.work, "random.mlir")
    with open(mlir, "w") as f:
        f.write(module)
    sigs = harness.parse_signatures(module)
    main_path = os.path.join(args.work, "random_main.c")
    with open(main_path, "w") as f:
        f.write(random_program(sigs, cases))
    failures = 0
    for chip_name in chip_names:
        chip = chips.CHIPS[chip_name]
        for route in args.routes.split(","):
            tag = "%s-%s" % (chip_name, route)
            code = os.path.join(args.work, "%s-random.%s" % (tag, "o" if route == "obj" else "c"))
            chips.run(["detect-compile", mlir, "--target=" + chip_name, "-o", code] +
                      (["--emit=c"] if route == "c" else []))
            elf = os.path.join(args.work, tag + "-random.elf")
            # The inputs are bit patterns read through the functions' pointer
            # types: no type-based alias analysis on them.
            chips.run(chip.cc + chips.link_flags(chip) + ["-std=c99", "-Wall", "-Werror", "-fno-strict-aliasing",
                                                          main_path, code, "-o", elf, "-lm"])
            r = chips.run(chip.qemu + chips.SEMIHOST + ["-kernel", elf], allow_failure=True, timeout=900)
            if r.returncode != 0:
                failures += 1
                print("%s random: FAILED (exit %d)" % (tag, r.returncode))
                continue
            try:
                results = parse_results(r.stderr, sigs, cases)
            except (ValueError, KeyError, IndexError) as e:
                failures += 1
                print("%s random: unreadable output (%s)" % (tag, e))
                continue
            # picolibc's expf rounds some results differently from the
            # host's, which the YOLO+NMS oracle calls.
            bad, counts = host.compare_all(cases, results, oracle_of, score_ulps=host.EXP_ULPS)
            failures += len(bad)
            summary = ", ".join("%s %d" % kv for kv in sorted(counts.items()))
            print("%s random: %d cases (%s), %d mismatches" % (tag, len(cases), summary, len(bad)))
            for b in bad[:6]:
                print("  " + b)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    chips.add_run_arguments(ap, cases=20, seed=20251207)
    ap.add_argument("--routes", default="obj,c")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    os.environ.setdefault("TFLITE_PY_DIR", os.path.join(args.work, "py"))
    chip_names = args.chips.split(",")
    failures = workload(args, chip_names) + random_cases(args, chip_names)
    print("tflite_emulated: %d failures" % failures)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
