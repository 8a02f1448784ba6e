#!/usr/bin/env python3
"""TFLite_Detection_PostProcess compiled by detect-compile, run on emulated
chips, against TFLite Micro's own outputs.

Compiles Inputs/ssd_tflm.mlir (the four option sets of tflm_expected.txt, with
float32 decoding) for each chip through the object route and the C route,
links it with Inputs/tflm_main.c and the workload's input generator, runs it
under qemu with semihosting and checks every case against what TFLite Micro's
kernel printed on the emulated Cortex-M4:

- num_detections, classes and scores: bit-identical;
- boxes: each coordinate within MAX_ULPS units in the last place of TFLite
  Micro's (it decodes in double precision and rounds once; float32 decoding
  rounds at every step), the worst distance printed;
- rows past num_detections: zero, as TFLite writes them.

The input generator is built with fused multiply-add contraction, as it was for
TFLite Micro's run on the Cortex-M4F; chips without FMA (soft float) make other
inputs, so only FPU cores with FMA are compared here.
"""

import argparse
import os
import re
import struct
import sys

from detect_harness import chips

MAX_ULPS = 4
TEST = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = os.path.join(TEST, "Target")
WORKLOAD = os.path.join(TEST, "Integration", "Inputs", "ssd_mobilenet")
MLIR = os.path.join(TARGET, "Inputs", "ssd_tflm.mlir")
MAIN = os.path.join(TARGET, "Inputs", "tflm_main.c")


def f32(word):
    return struct.unpack("<f", struct.pack("<I", word))[0]


def ordered(word):
    """Maps float32 bit patterns onto integers in the order of the reals."""
    return word if word < 0x80000000 else 0x80000000 - word


def parse_expected(path):
    cases, cur = {}, None
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        w = line.split()
        if w[0] == "case":
            cur = cases.setdefault(w[1], {"dets": []})
        elif w[0] == "num_det":
            cur["num"] = int(w[1])
        elif w[0] == "det":
            m = re.match(r"\s*det (\d+) cls=(\d+) score=([0-9a-f]+) box=\[([0-9a-f ]+)\]", line)
            cur["dets"].append((int(m.group(2)), int(m.group(3), 16),
                                [int(x, 16) for x in m.group(4).split()]))
    return cases


def parse_actual(text):
    cases, cur = {}, None
    for line in text.splitlines():
        w = line.split()
        if not w:
            continue
        if w[0] == "case":
            cur = cases.setdefault(w[1], {"rows": []})
        elif w[0] == "num_det":
            cur["num"] = f32(int(w[1], 16))
        elif w[0] == "row":
            m = re.match(r"row (\d+) cls=([0-9a-f]+) score=([0-9a-f]+) box=\[([0-9a-f ]+)\]", line)
            cur["rows"].append((int(m.group(2), 16), int(m.group(3), 16),
                                [int(x, 16) for x in m.group(4).split()]))
    return cases


def compare(expected, actual):
    """Returns (errors, worst box distance in ulps) for one case."""
    errors, worst = [], 0
    if actual["num"] != expected["num"]:
        return [f"num_detections {actual['num']} != {expected['num']}"], worst
    for i, row in enumerate(actual["rows"]):
        cls, score, box = row
        if i >= expected["num"]:
            if (cls, score, box) != (0, 0, [0, 0, 0, 0]):
                errors.append(f"row {i}: past num_detections but not zero")
            continue
        ecls, escore, ebox = expected["dets"][i]
        if f32(cls) != ecls:
            errors.append(f"row {i}: class {f32(cls)} != {ecls}")
        if score != escore:
            errors.append(f"row {i}: score {score:08x} != {escore:08x}")
        for k in range(4):
            d = abs(ordered(box[k]) - ordered(ebox[k]))
            worst = max(worst, d)
            if d > MAX_ULPS:
                errors.append(f"row {i}: box[{k}] {box[k]:08x} is {d} ulps from {ebox[k]:08x}")
    return errors, worst


def build(chip_name, route, work, defines=(), target=None):
    """The chip's program for `route` (code for `target`, by default the
    chip's own); returns the ELF path."""
    chip = chips.CHIPS[chip_name]
    target = target or chip_name
    os.makedirs(work, exist_ok=True)
    w = lambda name: os.path.join(work, name)
    tag = f"{chip_name}-{route}"
    header = w("ssd_tflm.h")
    if route == "obj":
        code = w(f"{tag}.o")
        chips.run(["detect-compile", MLIR, f"--target={target}", "-o", code,
                   f"--header={header}"])
    else:
        code = w(f"{tag}.c")
        chips.run(["detect-compile", MLIR, f"--target={target}", "--emit=c", "-o", code,
                   f"--header={header}"])
    elf = w(f"{tag}.elf")
    # The generator as TFLite Micro's run built it: GNU C, FMA contraction.
    generator = chip.cc + ["-O2", "-ffp-contract=fast", "--specs=picolibc.specs", "-c",
                           os.path.join(WORKLOAD, "ssd_inputs.c"), "-o", w(f"{tag}-inputs.o")]
    chips.run(generator)
    chips.run(chip.cc + chips.link_flags(chip) + chips.C_WARNINGS + list(defines) +
              [f"-I{work}", f"-I{WORKLOAD}", MAIN, code, w(f"{tag}-inputs.o"),
               "-o", elf, "-lm"])
    return elf


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chips", default="cortex-m4")
    parser.add_argument("--routes", default="obj,c")
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    expected = parse_expected(os.path.join(WORKLOAD, "tflm_expected.txt"))

    failures = 0
    for chip_name in args.chips.split(","):
        chip = chips.CHIPS[chip_name]
        for route in args.routes.split(","):
            tag = f"{chip_name}-{route}"
            elf = build(chip_name, route, args.work)
            result = chips.run(chip.qemu + chips.SEMIHOST + ["-kernel", elf],
                               allow_failure=True, timeout=300)
            actual = parse_actual(result.stderr)
            if result.returncode != 0 or set(actual) != set(expected):
                failures += 1
                print(f"{tag}: FAILED (exit {result.returncode}), cases {sorted(actual)}")
                continue
            for name in sorted(expected):
                errors, worst = compare(expected[name], actual[name])
                if errors:
                    failures += 1
                    print(f"{tag} {name}: MISMATCH: " + "; ".join(errors[:4]))
                else:
                    print(f"{tag} {name}: {expected[name]['num']} detections as TFLite Micro's, "
                          f"boxes within {worst} ulps")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
