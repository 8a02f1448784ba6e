"""Arm NN (Debian's python3-pyarmnn: Arm NN 20.08, CpuRef backend) as an
independent reader and runtime of the .tflite files of detect-import-tflite's
tests.

1. Reading. Arm NN's TfLite parser must read every file of
   test/Import/Tflite/tflite_models.py. Where its 20.08 parser has no kernel
   for an op (GATHER, CAST, ARG_MAX, REDUCE_MAX) or its schema ends before
   the op's code (NON_MAX_SUPPRESSION_V4 = 120 and V5 = 121; its schema
   stops at WHILE = 119), it must stop exactly at that operator and name
   that op: it read the file's structure, codes and options up to there as
   they were written.

2. TFLite_Detection_PostProcess. Arm NN's CpuRef kernel is not TFLite's in
   three measured ways: equal scores come out in std::partial_sort's order
   (TFLite's sort is stable), a box already suppressed still suppresses the
   boxes after it, and boxes are decoded in float32 (TFLite: double). So it
   judges only cases that avoid the first two: every score distinct, and the
   anchors in isolated pairs (a box can only suppress its partner, so no
   suppression chains); about half of the pairs overlap past the IoU
   threshold. On those, classes, scores and num_detections must be equal bit
   for bit and each box coordinate within MAX_ULPS of Arm NN's float32 decode.
   A fourth difference showed here: its fast path writes one row per kept
   anchor whatever max_classes_per_detection is (with 2 classes per anchor
   and max_detections 8 it gives 8 rows, TFLite 16), so only
   max_classes_per_detection = 1 is compared. It cannot judge ties, chains,
   several classes per anchor or the last bits of the boxes: those are judged
   by TFLite Micro's kernel (tflite_import.test).

3. A whole detector. A small SSD-style model (two 1x1 CONV_2D heads over an
   8x8 image, RESHAPE, LOGISTIC, anchors, TFLite_Detection_PostProcess, the
   detections as graph outputs) runs whole in Arm NN on random images, and
   so does the same graph with the two head tensors as its outputs (Arm NN
   20.08 aborts on a file whose graph output also feeds an operator, so the
   head tensors are read from this second file). The post-processing
   imported from the whole model with --inputs at the head tensors, fed Arm
   NN's head tensors, must give Arm NN's detections (rule as in 2; the
   anchors are disjoint, so nothing is suppressed).

No trained detector file can be fetched here: the whole model has random
weights, which is what this check needs (the head tensors are the interface).
"""

import argparse
import copy
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
import tflite_import as host  # noqa: E402
import tflite_models as models  # noqa: E402

np = harness.np
F32 = np.float32
MAX_ULPS = 4

# The operator at which Arm NN 20.08's parser stops, per model file: (its
# message's pattern, what it means).
ARMNN_STOPS = {
    "nms_v4": r"Operator code x is out of range",          # chr(120)
    "nms_v5": r"Operator code y is out of range",          # chr(121)
    "yolo_int8": r"Operator not supported\..*operator:10 .*REDUCE_MAX",
    "yolo_nms_int8": r"Operator not supported\..*operator:10 .*REDUCE_MAX",
    "simple_ops": r"Operator not supported\..*operator:6 .*GATHER",
}


def armnn():
    try:
        import pyarmnn as ann  # noqa: F401
    except ImportError as e:
        sys.exit("tflite_armnn: error: cannot import pyarmnn with %s (%s): install Debian's python3-pyarmnn "
                 "and libarmnn-cpuref-backend22. The check is deliberately not skipped." % (sys.executable, e))
    return ann


class ArmnnModel:
    """One .tflite file loaded into Arm NN's CpuRef runtime."""

    def __init__(self, ann, path):
        self.ann = ann
        self.parser = ann.ITfLiteParser()
        network = self.parser.CreateNetworkFromBinaryFile(path)
        self.runtime = ann.IRuntime(ann.CreationOptions())
        opt, _ = ann.Optimize(network, [ann.BackendId("CpuRef")], self.runtime.GetDeviceSpec(),
                              ann.OptimizerOptions())
        self.net, _ = self.runtime.LoadNetwork(opt)
        self.inputs = [self.parser.GetNetworkInputBindingInfo(0, n)
                       for n in self.parser.GetSubgraphInputTensorNames(0)]
        self.output_names = list(self.parser.GetSubgraphOutputTensorNames(0))
        self.outputs = [self.parser.GetNetworkOutputBindingInfo(0, n) for n in self.output_names]

    def run(self, arrays):
        ins = self.ann.make_input_tensors(self.inputs, [np.ascontiguousarray(a) for a in arrays])
        outs = self.ann.make_output_tensors(self.outputs)
        self.runtime.EnqueueWorkload(self.net, ins, outs)
        return dict(zip(self.output_names, self.ann.workload_tensors_to_ndarray(outs)))


def check_reading(ann, workdir):
    lines, failures = [], 0
    for name, make in models.MODELS.items():
        path = os.path.join(workdir, name + ".tflite")
        make().write(path)
        try:
            ann.ITfLiteParser().CreateNetworkFromBinaryFile(path)
            ok = name not in ARMNN_STOPS
            lines.append("%s: read by Arm NN" % name if ok else "%s: read, but Arm NN should have stopped" % name)
        except Exception as e:  # pyarmnn raises RuntimeError subclasses
            ok = name in ARMNN_STOPS and re.search(ARMNN_STOPS[name], str(e)) is not None
            lines.append("%s: Arm NN stops where expected (%s)" % (name, ARMNN_STOPS[name].split(r"\.")[0])
                         if ok else "%s: UNEXPECTED Arm NN error: %s" % (name, str(e)[:200]))
        failures += 0 if ok else 1
    return lines, failures


def ulps(a, b):
    return host.ulp_distance(np.asarray(a, F32), np.asarray(b, F32))


def compare_to_armnn(got, arm):
    boxes, classes, scores, num = got
    n = int(num[0])
    if n != int(arm["num_detections"].reshape(-1)[0]):
        return "num_detections %d != Arm NN's %d" % (n, int(arm["num_detections"].reshape(-1)[0]))
    ab, ac, as_ = arm["detection_boxes"], arm["detection_classes"], arm["detection_scores"]
    if classes[0, :n].tolist() != ac.reshape(1, -1)[0, :n].tolist():
        return "classes %s != Arm NN's %s" % (classes[0, :n].tolist(), ac.reshape(1, -1)[0, :n].tolist())
    if scores[0, :n].view(np.uint32).tolist() != as_.reshape(1, -1)[0, :n].astype(F32).view(np.uint32).tolist():
        return "scores differ from Arm NN's"
    worst = int(np.max(ulps(boxes[0, :n], ab.reshape(1, -1, 4)[0, :n]))) if n else 0
    if worst > MAX_ULPS:
        return "a box is %d ulps from Arm NN's" % worst
    return None


def paired_anchors(rng, pairs):
    """Anchors in isolated pairs on a grid: a pair's boxes may overlap each
    other (about half past IoU 0.5), never another pair's."""
    side = int(np.ceil(np.sqrt(pairs)))
    step = 1.0 / side
    rows = []
    for k in range(pairs):
        yc, xc = (k // side + 0.5) * step, (k % side + 0.5) * step
        h, w = rng.uniform(0.15, 0.25) * step, rng.uniform(0.15, 0.25) * step
        rows.append([yc, xc, h, w])
        shift = rng.uniform(0.0, 0.1) if rng.random() < 0.5 else rng.uniform(0.5, 0.9)
        rows.append([yc + shift * h, xc, h, w])
    return np.asarray(rows, F32)


def distinct_scores(rng, shape):
    """All different, in (0.01, 0.99): no ties anywhere."""
    n = int(np.prod(shape))
    return (0.01 + 0.98 * (rng.permutation(n) + 0.5) / n).astype(F32).reshape(shape)


ARMNN_CONFIGS = [
    # name, N anchors, classes, options
    ("fast", 64, 5, dict(max_detections=10, max_classes_per_detection=1, use_regular_nms=False,
                         nms_score_threshold=0.3, nms_iou_threshold=0.5)),
    ("regular", 64, 5, dict(max_detections=10, max_classes_per_detection=1, use_regular_nms=True,
                            detections_per_class=4, nms_score_threshold=0.3, nms_iou_threshold=0.5)),
]


def postprocess_cases(ann, rng, imp, count, workdir):
    cases = []
    for name, n, c, opts in ARMNN_CONFIGS:
        anc = paired_anchors(rng, n // 2)
        full = dict(models.SSD_OPTIONS, num_classes=c, **opts)
        g = models.ssd_model(anc, full, n=n, columns=c + 1)
        fn = "armnn_" + name
        imp.add(g, fn, fn)
        arm = ArmnnModel(ann, os.path.join(workdir, fn + ".tflite"))
        for k in range(count):
            enc = rng.normal(0, 0.3, (1, n, 4)).astype(F32)
            cls = distinct_scores(rng, (1, n, c + 1))
            cases.append(("%s #%d" % (name, k), fn, [enc, cls], arm.run([enc, cls])))
    return cases


def detector_graph(rng, classes=3, side=8):
    """A whole SSD-style detector with random weights."""
    g = models.Graph("tiny_ssd")
    n = side * side
    image = g.input("image", [1, side, side, 3])
    conv = models.options("Conv2DOptions", padding=1, strideW=1, strideH=1)
    box_map = g.tensor("box_map", [1, side, side, 4])
    g.op(models.builtin("CONV_2D"),
         [image, g.tensor("box_weights", [4, 1, 1, 3], models.FLOAT32, rng.normal(0, 0.2, (4, 1, 1, 3))),
          g.tensor("box_bias", [4], models.FLOAT32, rng.normal(0, 0.1, 4))], [box_map], conv)
    enc = g.tensor("box_encodings", [1, n, 4])
    g.op(models.builtin("RESHAPE"), [box_map, g.tensor("enc_shape", [3], models.INT32, [1, n, 4])], [enc],
         models.options("ReshapeOptions", newShape=[1, n, 4]))
    cls_map = g.tensor("class_map", [1, side, side, classes + 1])
    g.op(models.builtin("CONV_2D"),
         [image, g.tensor("cls_weights", [classes + 1, 1, 1, 3], models.FLOAT32,
                          rng.normal(0, 2.0, (classes + 1, 1, 1, 3))),
          g.tensor("cls_bias", [classes + 1], models.FLOAT32, rng.normal(0, 1.0, classes + 1))], [cls_map], conv)
    logits = g.tensor("class_logits", [1, n, classes + 1])
    g.op(models.builtin("RESHAPE"), [cls_map, g.tensor("cls_shape", [3], models.INT32, [1, n, classes + 1])],
         [logits], models.options("ReshapeOptions", newShape=[1, n, classes + 1]))
    cls = g.tensor("class_predictions", [1, n, classes + 1])
    g.op(models.builtin("LOGISTIC"), [logits], [cls])
    grid = (np.arange(side) + 0.5) / side
    yy, xx = np.meshgrid(grid, grid, indexing="ij")
    anc = np.stack([yy.reshape(-1), xx.reshape(-1), np.full(n, 0.4 / side), np.full(n, 0.4 / side)], 1)
    anchors = g.tensor("anchors", [n, 4], models.FLOAT32, anc)
    opts = dict(models.SSD_OPTIONS, num_classes=classes, max_detections=10, nms_score_threshold=0.5,
                nms_iou_threshold=0.5)
    models.ssd_graph(g, enc, cls, anchors, opts)
    heads = copy.deepcopy(g)
    heads.operators = heads.operators[:-1]
    heads.outputs = [enc, cls]
    return g, heads


def detector_cases(ann, rng, imp, count, workdir):
    whole, heads_only = detector_graph(rng)
    imp.add(whole, "tiny_ssd", "tiny_ssd_postprocess", inputs=["box_encodings", "class_predictions"],
            outputs=["detection_boxes", "detection_classes", "detection_scores", "num_detections"])
    heads_only.write(os.path.join(workdir, "tiny_ssd_heads.tflite"))
    arm = ArmnnModel(ann, os.path.join(workdir, "tiny_ssd.tflite"))
    arm_heads = ArmnnModel(ann, os.path.join(workdir, "tiny_ssd_heads.tflite"))
    cases = []
    for k in range(count):
        image = rng.uniform(0, 1, (1, 8, 8, 3)).astype(F32)
        out, h = arm.run([image]), arm_heads.run([image])
        heads = [h["box_encodings"].reshape(1, 64, 4).astype(F32),
                 h["class_predictions"].reshape(1, 64, 4).astype(F32)]
        cases.append(("whole detector, image #%d" % k, "tiny_ssd_postprocess", heads, out))
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_common_arguments(ap, 300, "cases per configuration")
    ap.add_argument("--import-tool", default="detect-import-tflite")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    os.environ.setdefault("TFLITE_PY_DIR", os.path.join(args.workdir, "py"))
    tag = "tflite_armnn/%s" % args.route
    ann = armnn()
    lines, failures = check_reading(ann, args.workdir)
    for line in lines:
        print(line)
    rng = np.random.default_rng(args.seed)
    imp = host.Importer(args.import_tool, args.detect_opt, args.workdir)
    try:
        cases = postprocess_cases(ann, rng, imp, args.random, args.workdir) + \
            detector_cases(ann, rng, imp, args.random // 3, args.workdir)
        exe = harness.compile(imp.module(), args.route, args.workdir, sanitize=args.sanitize,
                              pipeline=harness.route_pipeline(args.route, args.pipeline_options),
                              opt_tool=args.detect_opt, stem="tflite_armnn")
        results = harness.run_mixed(exe, [(c[1], c[2]) for c in cases])
    except (harness.HarnessError, harness.RunError) as e:
        print("%s: error: %s" % (tag, e))
        return 1
    bad, detections, suppressed = [], 0, 0
    for case, got in zip(cases, results):
        msg = compare_to_armnn(got, case[3])
        detections += int(got[3][0])
        if msg:
            bad.append("%s: %s" % (case[0], msg))
    if bad or failures:
        print("%s: FAIL: %d reading failures, %d of %d cases differ from Arm NN\n  %s" % (
            tag, failures, len(bad), len(cases), "\n  ".join(bad[:8])))
        return 1
    print("%s: %d files read as expected; %d cases (%d detections) equal to Arm NN CpuRef, 0 mismatches" % (
        tag, len(lines), len(cases), detections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
