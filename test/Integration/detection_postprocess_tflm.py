"""detect.detection_postprocess on TFLite Micro's SSD-MobileNet workload.

Inputs/ssd_mobilenet/ holds a deterministic SSD-MobileNet-v1-sized head (1917
anchors, background + 90 classes; ssd_inputs.c) and what TFLite Micro's own
TFLite_Detection_PostProcess kernel outputs on it for four option sets
(tflm_expected.txt, float32 bit patterns, run unmodified on an emulated
Cortex-M4). This test compiles the same four configurations through our
pipeline, runs them on the host and compares:

- with TFLite's double-precision decoding (the op's default): every output
  bit-identical (classes, scores, boxes, num_detections, zero padding);
- with decode_type(f32): classes, scores and num_detections identical, each
  box coordinate within MAX_F32_ULPS ulps of TFLite Micro's.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Optional

from detect_harness import harness, suite, tflm_ssd

np = harness.np
HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "Inputs", "ssd_mobilenet")
N, COLUMNS, CLASSES, MAX_DET = 1917, 91, 90, 10
MAX_F32_ULPS = 4
# TFLite Micro's figures come from ssd_inputs.c built for a Cortex-M4F, where
# the compiler contracts `a * b + c` into a fused multiply-add (vfma): the
# generated scores differ from an unfused build in the last bit. The host
# build reproduces those bits with FMA contraction.
GENERATOR_FLAGS = ["-mfma", "-ffp-contract=fast"]

CASES = {  # name in tflm_expected.txt -> (use_regular_nms, score threshold)
    "ssd_fast_thr1e-8": (False, 1e-8),
    "ssd_regular_thr1e-8": (True, 1e-8),
    "ssd_fast_thr0.5": (False, 0.5),
    "ssd_regular_thr0.5": (True, 0.5),
}


def function_text(name, regular, threshold, decode):
    rules = "num_classes(%d) max_detections(%d) score_threshold(%r) iou_threshold(%r) " \
            "scales(10.0, 10.0, 5.0, 5.0)" % (CLASSES, MAX_DET, float(np.float32(threshold)),
                                              float(np.float32(0.6)))
    if regular:
        rules += " use_regular_nms"
    if decode:
        rules += " decode_type(%s)" % decode
    return ("func.func @{n}(%enc: tensor<1x{N}x4xf32>, %cls: tensor<1x{N}x{C}xf32>, %anc: tensor<{N}x4xf32>)\n"
            "    -> (tensor<1x{M}x4xf32>, tensor<1x{M}xf32>, tensor<1x{M}xf32>, tensor<1xf32>) {{\n"
            "  %b, %c, %s, %n = detect.detection_postprocess %enc, %cls, %anc {r}\n"
            "      : tensor<1x{N}x4xf32>, tensor<1x{N}x{C}xf32>, tensor<{N}x4xf32>\n"
            "      -> tensor<1x{M}x4xf32>, tensor<1x{M}xf32>, tensor<1x{M}xf32>, tensor<1xf32>\n"
            "  return %b, %c, %s, %n : tensor<1x{M}x4xf32>, tensor<1x{M}xf32>, tensor<1x{M}xf32>, tensor<1xf32>\n"
            "}}\n").format(n=name, N=N, C=COLUMNS, M=MAX_DET, r=rules)


def parse_expected(path):
    """TFLite Micro's recorded detections (as tflm_ssd reads them for the
    emulated chips), scores and boxes as float32 values."""
    bits = lambda w: np.array([w], np.uint32).view(np.float32)[0]
    cases = tflm_ssd.parse_expected(path)
    for case in cases.values():
        case["dets"] = [(cls, bits(score), [bits(x) for x in box]) for cls, score, box in case["dets"]]
    return cases


def make_inputs(workdir, cc):
    with open("/proc/cpuinfo") as f:
        if " fma" not in f.read():
            raise harness.HarnessError("this host has no FMA instruction: the SSD inputs cannot be generated "
                                       "as TFLite Micro's Cortex-M4F build computed them")
    exe = os.path.join(workdir, "ssd_dump")
    src = os.path.join(workdir, "ssd_dump.c")
    with open(src, "w") as f:
        f.write('#include <stdio.h>\n#include "ssd_inputs.h"\n'
                "static float e[SSD_NUM_ANCHORS * 4], c[SSD_NUM_ANCHORS * SSD_NUM_COLUMNS], "
                "a[SSD_NUM_ANCHORS * 4];\n"
                "int main(void) { ssd_make_inputs(e, c, a); fwrite(e, 4, sizeof e / 4, stdout);\n"
                "  fwrite(c, 4, sizeof c / 4, stdout); fwrite(a, 4, sizeof a / 4, stdout); return 0; }\n")
    subprocess.run([cc, "-O2"] + GENERATOR_FLAGS + ["-I", INPUTS, src, os.path.join(INPUTS, "ssd_inputs.c"),
                    "-lm", "-o", exe], check=True)
    raw = np.frombuffer(subprocess.run([exe], check=True, stdout=subprocess.PIPE).stdout, np.float32)
    enc = raw[: N * 4].reshape(1, N, 4)
    cls = raw[N * 4: N * 4 + N * COLUMNS].reshape(1, N, COLUMNS)
    anc = raw[N * 4 + N * COLUMNS:].reshape(N, 4)
    return enc.copy(), cls.copy(), anc.copy()


def ulps(a, b):
    ia = np.array([a], np.float32).view(np.int32)[0].astype(np.int64)
    ib = np.array([b], np.float32).view(np.int32)[0].astype(np.int64)
    ia = ia if ia >= 0 else -(ia & 0x7FFFFFFF)
    ib = ib if ib >= 0 else -(ib & 0x7FFFFFFF)
    return abs(ia - ib)


@dataclass
class Case:
    name: str         # in tflm_expected.txt
    fname: str        # the function under test
    decode: Optional[str]
    text: str
    inputs: tuple     # encodings, class scores, anchors

    def describe(self):
        return "%s (@%s)" % (self.name, self.fname)


def prepare(run):
    """TFLite Micro's recorded outputs, and the workload's inputs."""
    run.tflm = parse_expected(os.path.join(INPUTS, "tflm_expected.txt"))
    if sorted(run.tflm) != sorted(CASES):
        run.problems.append("tflm_expected.txt has cases %s" % sorted(run.tflm))
    run.inputs = make_inputs(run.args.workdir, os.path.join(harness.llvm_bin(), "clang"))


def cases_of_run(run, rng):
    cases = []
    for name, (regular, thr) in CASES.items():
        for decode in (None, "f32"):
            fn = name.replace("-", "_").replace(".", "_") + ("_f32" if decode else "")
            cases.append(Case(name, fn, decode, function_text(fn, regular, thr, decode), run.inputs))
    return [], cases


def box_ulps(case, boxes, exp):
    return [ulps(boxes[0, i, j], box[j]) for i, (_, _, box) in enumerate(exp["dets"]) for j in range(4)]


def compare(case, got, exp):
    """Double decoding: bit for bit; decode_type(f32): boxes within
    MAX_F32_ULPS; classes, scores, counts and the zero rows past them exact."""
    boxes, classes, scores, num = got
    if float(num[0]) != exp["num"]:
        return "num_detections %r, TFLite Micro %d" % (float(num[0]), exp["num"])
    problems = []
    for i, (c, s, box) in enumerate(exp["dets"]):
        if classes[0, i] != c or scores[0, i].view(np.uint32) != np.float32(s).view(np.uint32):
            problems.append("det %d: class %r score %r, TFLite Micro %d %r" % (
                i, float(classes[0, i]), float(scores[0, i]), c, float(s)))
        for j in range(4):
            d = ulps(boxes[0, i, j], box[j])
            if (case.decode is None and d != 0) or d > MAX_F32_ULPS:
                problems.append("det %d box[%d]: %r, TFLite Micro %r (%d ulps)" % (
                    i, j, float(boxes[0, i, j]), float(box[j]), d))
    rest = slice(exp["num"], None)
    if boxes[0, rest].any() or classes[0, rest].any() or scores[0, rest].any():
        problems.append("rows past num_detections are not 0")
    return "; ".join(problems[:20]) or None


def summary(run):
    worst = max([0] + [d for c, got in zip(run.cases, run.results) if c.decode
                       for d in box_ulps(c, got[0], run.tflm[c.name])])
    return ("4 TFLite Micro cases: bit-identical with double decoding; with decode_type(f32) classes and "
            "scores identical, boxes within %d ulp(s)" % worst)


SUITE = suite.Suite(
    name="detection_postprocess-tflm", doc=__doc__, stem="ssd",
    module_text=lambda run: "".join(c.text for c in run.cases),
    cases=cases_of_run,
    oracle=lambda run: [run.tflm[c.name] for c in run.cases],
    compare=compare,
    summary=summary,
    prepare=prepare,
    call=lambda c: (c.fname, list(c.inputs)),
    failure_inputs=lambda c: dict(function=c.fname),
    random_default=0, random_help="unused")

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
