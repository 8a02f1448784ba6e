"""Real .tflite files through detect-import-tflite, compiled and run, against
the exact references.

Every model is a .tflite file written by test/Import/Tflite/tflite_models.py
(flatbuffers Python package, the project's schema), imported by
detect-import-tflite, compiled by the route's pipeline and run on the host:

- TFLite_Detection_PostProcess, float32 / uint8 / int8 inputs: one file per
  option set of detection_postprocess_reference.py (10 sets) and storage, the
  anchors a constant buffer of the file. Oracle: the transcription of TFLite
  Micro's kernel (detection_postprocess_reference.py, itself checked against
  TFLite Micro's recorded outputs), on the dequantized inputs for the
  quantized files; every output element bit for bit.
- The SSD-MobileNet workload (../shared/workloads/ssd_mobilenet): one file
  with the workload's anchors as a constant and four detection heads (fast
  and regular NMS, score thresholds 1e-8 and 0.5) reading the same two
  inputs; each head imported alone with --outputs. Oracle: TFLite Micro's
  own outputs (tflm_expected.txt), bit for bit (TFLite's double-precision
  decoding is the importer's default).
- NON_MAX_SUPPRESSION_V4 and V5: one file per configuration of
  soft_nms_tfjs.py. Oracle: TensorFlow's kernels as tfjs ports them
  (nonMaxSuppressionPadded for V4, nonMaxSuppressionWithScore for V5, whose
  result TFLite pads with zeros to max_output_size).

- A YOLOv8-style int8 head (DEQUANTIZE, TRANSPOSE, SLICE, STRIDED_SLICE, MUL,
  SUB, ADD, CONCATENATION, LOGISTIC, REDUCE_MAX, ARG_MAX); the same head
  ending as such exports do (RESHAPE, NON_MAX_SUPPRESSION_V4, GATHER of the
  kept boxes, scores and labels), whose oracle is numpy with the C library's
  expf (the compiled code's, so the scores NMS orders are the same bits)
  and tfjs's NMS, every output exact; and a file of the
  other simple ops (EXP, DIV, MAXIMUM, MINIMUM, SOFTMAX, RESHAPE, GATHER,
  PACK, UNPACK, CAST, QUANTIZE, EXPAND_DIMS, SQUEEZE, ADD with a fused
  RELU6). Oracle: numpy with TFLite's reference
  formulas; integers, bytes and data movement exact, values through exp
  within EXP_ULPS ulps (libm and numpy round exp differently), softmax within
  SOFTMAX_REL.

Random cases: --random per model kind (SSD float, SSD uint8, SSD int8, NMS
V4, NMS V5, YOLO int8, YOLO+NMS int8, simple ops), spread over the kind's
files.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
import detection_postprocess_reference as ref  # noqa: E402
import detection_postprocess_tflm as tflm  # noqa: E402
import soft_nms_tfjs as tfjs  # noqa: E402
import tflite_models as models  # noqa: E402

np = harness.np
F32 = np.float32

# (storage, box (scale, zero point), class (scale, zero point)); the scales
# are float32 values, as the file stores them.
STORAGES = {
    "float": None,
    "uint8": (models.UINT8, (0.03125, 128), (1 / 256, 0)),
    "int8": (models.INT8, (0.025, 0), (1 / 128, -128)),
}


def quantize(x, ttype, scale, zp):
    lo, hi = (0, 255) if ttype == models.UINT8 else (-128, 127)
    q = np.clip(np.round(x.astype(np.float64) / float(F32(scale))) + zp, lo, hi)
    return q.astype(np.uint8 if ttype == models.UINT8 else np.int8)


def dequantize(q, scale, zp):
    return (q.astype(F32) - F32(zp)) * F32(scale)


def ssd_options(cfg):
    return dict(max_detections=cfg.max_det, max_classes_per_detection=cfg.per_anchor,
                detections_per_class=cfg.per_class, use_regular_nms=cfg.regular,
                nms_score_threshold=float(cfg.score), nms_iou_threshold=float(cfg.iou),
                num_classes=cfg.C, y_scale=cfg.scales[0], x_scale=cfg.scales[1],
                h_scale=cfg.scales[2], w_scale=cfg.scales[3])


class Importer:
    def __init__(self, tool, opt, workdir):
        self.tool, self.opt, self.workdir, self.functions, self.files = tool, opt, workdir, [], set()

    def add(self, graph, stem, name, outputs=None, inputs=None):
        path = os.path.join(self.workdir, stem + ".tflite")
        if not os.path.exists(path):
            graph.write(path)
        self.files.add(path)
        cmd = [self.tool, path, "--name=" + name]
        if outputs:
            cmd.append("--outputs=" + ",".join(outputs))
        if inputs:
            cmd.append("--inputs=" + ",".join(inputs))
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise harness.HarnessError("%s failed on %s:\n%s" % (self.tool, path, p.stderr))
        # Printed again without attribute aliases, so that the functions of
        # many files can share one module.
        p = subprocess.run([self.opt, "--mlir-print-local-scope"], input=p.stdout, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise harness.HarnessError("%s failed on the import of %s:\n%s" % (self.opt, path, p.stderr))
        lines = p.stdout.strip().splitlines()
        if lines[0] != "module {" or lines[-1] != "}":
            raise harness.HarnessError("unexpected output of %s:\n%s" % (self.tool, p.stdout[:400]))
        self.functions.append("\n".join(lines[1:-1]))

    def module(self):
        return "module {\n" + "\n".join(self.functions) + "\n}\n"


def ssd_models(imp, rng):
    """One file per (reference configuration, storage); returns the list of
    (kind, function name, cfg, anchors, storage)."""
    out = []
    for cfg in ref.CONFIGS:
        if cfg.weight == 0:
            continue
        # Anchors of the file: those of a generated case that decodes to
        # valid boxes with zero encodings.
        while True:
            _, _, anc = ref.gen_case(rng, cfg)
            if ref.valid_for_tflm(cfg, np.zeros((1, cfg.N, 4), F32), anc):
                break
        for storage, q in STORAGES.items():
            g = models.ssd_model(anc, ssd_options(cfg), n=cfg.N, columns=cfg.columns,
                                 box_quant=(q[1][0], q[1][1], q[0]) if q else None,
                                 cls_quant=(q[2][0], q[2][1], q[0]) if q else None)
            name = "ssd_%s_%s" % (cfg.name, storage)
            imp.add(g, name, name)
            out.append((storage, name, cfg, anc))
    return out


def ssd_random_cases(rng, ssd, count):
    cases = []
    for storage in STORAGES:
        mine = [m for m in ssd if m[0] == storage]
        weighted = [m for m in mine for _ in range(m[2].weight)]
        made = 0
        while made < count:
            _, name, cfg, anc = weighted[rng.integers(0, len(weighted))]
            enc, cls, _ = ref.gen_case(rng, cfg)
            q = STORAGES[storage]
            if q:
                cls = np.where(np.isinf(cls), F32(0.5), cls)  # no infinities in bytes
                qe, qc = quantize(enc, q[0], *q[1]), quantize(cls, q[0], *q[2])
                enc_f, cls_f = dequantize(qe, *q[1]), dequantize(qc, *q[2])
                args = [qe.view(np.int8), qc.view(np.int8)]
            else:
                enc_f, cls_f, args = enc, cls, [enc, cls]
            if not ref.valid_for_tflm(cfg, enc_f, anc):
                continue
            cases.append(("SSD %s random #%d" % (storage, made), name, args,
                          ("ssd", ref.reference(cfg, enc_f, cls_f, anc))))
            made += 1
    return cases


def workload_graph(anc):
    """The shared SSD workload's four heads (fast and regular NMS, score
    thresholds 1e-8 and 0.5) in one file, reading the same two inputs and
    the workload's anchors as a constant; returns the graph and, per case of
    tflm_expected.txt, the function name and output tensor names of its head."""
    g = models.Graph("ssd_mobilenet_heads")
    e = g.input("raw_outputs/box_encodings", [1, 1917, 4])
    c = g.input("raw_outputs/class_predictions", [1, 1917, 91])
    a = g.tensor("anchors", [1917, 4], models.FLOAT32, anc)
    heads = {}
    for k, (case, (regular, thr)) in enumerate(sorted(tflm.CASES.items())):
        opts = dict(models.SSD_OPTIONS, use_regular_nms=regular, nms_score_threshold=thr)
        outs = models.ssd_graph(g, e, c, a, opts, suffix="_%d" % k)
        fn = "".join(ch if ch.isalnum() else "_" for ch in case)
        heads[case] = (fn, [g.tensors[t][0] for t in outs])
    return g, heads


def workload_cases(imp, workdir):
    """Each head cut out with --outputs; expected: TFLite Micro's recorded
    outputs."""
    enc, cls, anc = tflm.make_inputs(workdir, os.path.join(harness.llvm_bin(), "clang"))
    expected = tflm.parse_expected(os.path.join(tflm.INPUTS, "tflm_expected.txt"))
    g, heads = workload_graph(anc)
    cases = []
    for case, (fn, outputs) in heads.items():
        imp.add(g, "ssd_mobilenet_heads", "workload_" + fn, outputs=outputs)
        cases.append(("SSD-MobileNet workload %s" % case, "workload_" + fn, [enc, cls], ("tflm", expected[case])))
    return cases


EXP_ULPS = 4
SOFTMAX_REL = 2e-6


def ulp_distance(a, b):
    ia = a.astype(F32).view(np.int32).astype(np.int64)
    ib = b.astype(F32).view(np.int32).astype(np.int64)
    ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
    ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    return np.abs(ia - ib)


def sigmoid(x):
    one = F32(1)
    return (one / (one + np.exp(-x.astype(F32)))).astype(F32)


def yolo_reference(q, scale, zp):
    deq = (q.astype(F32) - F32(zp)) * F32(scale)
    tr = np.transpose(deq, (0, 2, 1))
    xy, wh = tr[..., 0:2], tr[..., 2:4]
    half = wh * F32(0.5)
    boxes = np.concatenate([xy - half, xy + half], axis=2)
    probs = sigmoid(tr[..., 4:])
    return boxes, probs.max(axis=2), probs.argmax(axis=2).astype(np.int32)


def libm_expf():
    """The C library's expf, which the compiled code calls on the host: the
    oracle of a graph whose NMS orders boxes by sigmoid scores needs the
    same float32 scores bit for bit."""
    import ctypes
    libm = ctypes.CDLL("libm.so.6")
    libm.expf.restype, libm.expf.argtypes = ctypes.c_float, [ctypes.c_float]
    return np.vectorize(lambda v: F32(libm.expf(float(v))), otypes=[F32])


_EXPF = None


def yolo_nms_heads(q, scale, zp):
    """The head of yolo_model(nms=True) with libm's expf: boxes [n, 4],
    best scores [n], labels [n]."""
    global _EXPF
    _EXPF = _EXPF or libm_expf()
    deq = (q.astype(F32) - F32(zp)) * F32(scale)
    tr = np.transpose(deq, (0, 2, 1))
    xy, wh = tr[..., 0:2], tr[..., 2:4]
    half = wh * F32(0.5)
    boxes = np.concatenate([xy - half, xy + half], axis=2)[0]
    one = F32(1)
    probs = (one / (one + _EXPF(-tr[0, :, 4:]))).astype(F32)
    return boxes, probs.max(axis=1), probs.argmax(axis=1).astype(np.int32)


def compare_yolo_nms(got, heads, oracle, score_ulps=0):
    """NMS V4's indices from tfjs (zero padded to 20 slots as TFLite pads),
    then the gathers; scores within `score_ulps` (0 on the host, where the
    code calls the same expf as the oracle)."""
    boxes, scores, labels, valid = got
    want = np.zeros(20, np.int64)
    want[: len(oracle["indices"])] = oracle["indices"]
    if int(valid) != int(oracle["valid"]):
        return "valid_outputs %d != %d" % (int(valid), int(oracle["valid"]))
    if boxes.view(np.uint32).tolist() != heads[0][want].view(np.uint32).tolist():
        return "kept boxes differ (tfjs keeps %s)" % want[: int(valid)].tolist()
    if labels.tolist() != heads[2][want].tolist():
        return "kept labels differ"
    if np.max(ulp_distance(scores, heads[1][want])) > score_ulps:
        return "kept scores differ"
    return None


def quantize_reference(x, scale, zp):
    v = (x.astype(F32) / F32(scale)).astype(np.float64)
    r = np.where(v >= 0, np.floor(v + 0.5), np.ceil(v - 0.5))   # half away from zero
    return np.clip(r + zp, 0, 255).astype(np.uint8)


def simple_reference(x, y):
    e = np.exp(x)
    d = (e / y).astype(F32)
    mx = np.where(x > y, x, y)
    mn = np.where(x < y, x, y)
    z = np.exp((x - x.max(axis=1, keepdims=True)).astype(F32))
    sm = z / z.sum(axis=1, keepdims=True)
    r = mx.reshape(6, 2)
    ga = r[[5, 0, 2]]
    pk = np.stack([mn, d])
    relu6 = np.minimum(np.maximum(x + y, F32(0)), F32(6)).astype(F32)
    return (d, sm.astype(F32), ga, pk, mn[1], np.trunc(x).astype(np.int32), quantize_reference(x, 0.05, 128),
            relu6)


def layer_models(imp):
    imp.add(models.yolo_model(), "yolo_int8", "yolo_int8")
    imp.add(models.yolo_model(nms=True), "yolo_nms_int8", "yolo_nms_int8")
    imp.add(models.ops_model(), "simple_ops", "simple_ops")


def layer_cases(rng, count):
    cases = []
    for k in range(count):
        q = rng.integers(-128, 128, (1, 7, 64)).astype(np.int8)
        cases.append(("YOLO int8 random #%d" % k, "yolo_int8", [q], ("yolo", yolo_reference(q, 0.05, -10))))
    nms_cfg = tfjs.Config("yolo_nms", 64, 0.0, float(F32(0.45)), float(F32(0.25)), 20, padded=True)
    for k in range(count):
        q = rng.integers(-128, 128, (1, 7, 64)).astype(np.int8)
        if k % 3 == 0:  # clustered boxes: much suppression
            q[0, 0:2] = rng.integers(-20, 20, (2, 64)) + rng.integers(-60, 60, (2, 1))
            q[0, 2:4] = rng.integers(40, 90, (2, 64))
        heads = yolo_nms_heads(q, 0.05, -10)
        cases.append(("YOLO+NMS int8 random #%d" % k, "yolo_nms_int8", [q],
                      ("yolo_nms", heads, tfjs.Case("random", nms_cfg, heads[0], heads[1]))))
    for k in range(count):
        x = rng.normal(0, 3, (2, 6)).astype(F32)
        y = rng.normal(0, 3, (2, 6)).astype(F32)
        if k % 5 == 0:  # equal operands: MAXIMUM and MINIMUM pick y
            same = rng.random((2, 6)) < 0.3
            y[same] = x[same]
        cases.append(("simple ops random #%d" % k, "simple_ops", [x, y], ("simple", simple_reference(x, y))))
    return cases


def compare_yolo(got, want):
    boxes, best, label = got
    if boxes.view(np.uint32).tolist() != want[0].view(np.uint32).tolist():
        return "boxes differ"
    if label.tolist() != want[2].tolist():
        return "labels differ"
    if np.max(ulp_distance(best, want[1])) > EXP_ULPS:
        return "best scores differ by %d ulps" % np.max(ulp_distance(best, want[1]))
    return None


def compare_simple(got, want):
    names = ("div", "softmax", "gather", "pack", "unpack", "cast", "quantize", "add_relu6")
    for name, g, w in zip(names, got, want):
        if g.shape != w.shape:
            return "%s: shape %s != %s" % (name, g.shape, w.shape)
        if name == "div" or name == "pack":
            # pack = [MINIMUM (exact), DIV (through exp)].
            exact = g[0] if name == "pack" else g[:0]
            if exact.tolist() != (w[0] if name == "pack" else w[:0]).tolist():
                return "%s differs" % name
            if np.max(ulp_distance(g, w)) > EXP_ULPS:
                return "%s differs beyond %d ulps" % (name, EXP_ULPS)
        elif name == "softmax":
            if np.max(np.abs(g - w) / np.maximum(np.abs(w), 1e-30)) > SOFTMAX_REL:
                return "softmax differs"
        elif name == "quantize":
            if g.view(np.uint8).tolist() != w.tolist():
                return "quantize differs: %s vs %s" % (g.view(np.uint8).tolist(), w.tolist())
        elif g.tolist() != w.tolist():
            return "%s differs" % name
    return None


NMS_CONFIGS = [c for c in tfjs.CONFIGS if c.name != "soft_n5000"]


def nms_models(imp):
    out = []
    for cfg in NMS_CONFIGS:
        v5 = not cfg.padded
        m = cfg.N if cfg.m is None else cfg.m
        st = -np.inf if cfg.st is None else cfg.st
        g = models.nms_model(cfg.N, m, cfg.iou, st, sigma=cfg.sigma if v5 else None)
        name = "nms_%s_%s" % ("v5" if v5 else "v4", cfg.name)
        imp.add(g, name, name)
        out.append((name, cfg, v5, m))
    return out


def nms_random_cases(rng, nms, count):
    """Cases with exactly N boxes (a TFLite tensor has its shape); tfjs runs
    the same boxes."""
    cases = []
    for v5 in (False, True):
        mine = [m for m in nms if m[2] == v5]
        weighted = [m for m in mine for _ in range(max(1, m[1].weight))]
        for k in range(count):
            name, cfg, _, m = weighted[rng.integers(0, len(weighted))]
            boxes, scores = tfjs.gen_boxes(rng, cfg.N), tfjs.gen_scores(rng, cfg.N)
            # The file holds the thresholds and sigma as float32 tensors:
            # tfjs gets those values.
            f = lambda x: None if x is None else float(F32(x))
            tcfg = tfjs.Config(cfg.name, cfg.N, f(cfg.sigma), f(cfg.iou), f(cfg.st), m, padded=not v5)
            cases.append(("NMS %s random #%d" % ("V5" if v5 else "V4", k), name, [boxes, scores],
                          ("nms", tfjs.Case("random", tcfg, boxes, scores), m)))
    return cases


def compare_ssd(got, want):
    for what, g, w in zip(("boxes", "classes", "scores", "num_detections"), got, want):
        if g.shape != w.shape or g.view(np.uint32).tolist() != w.view(np.uint32).tolist():
            return "%s differ" % what
    return None


def compare_tflm(got, exp):
    boxes, classes, scores, num = got
    if int(num[0]) != exp["num"]:
        return "num_detections %r != %d" % (float(num[0]), exp["num"])
    for i in range(boxes.shape[1]):
        row = (classes[0, i], scores[0, i], boxes[0, i])
        if i >= exp["num"]:
            if row[0] != 0 or row[1] != 0 or np.any(row[2] != 0):
                return "row %d past num_detections is not zero" % i
            continue
        ecls, escore, ebox = exp["dets"][i]
        if int(row[0]) != ecls or F32(row[1]).view(np.uint32) != F32(escore).view(np.uint32) or \
                row[2].view(np.uint32).tolist() != F32(ebox).view(np.uint32).tolist():
            return "row %d differs" % i
    return None


def compare_nms(got, oracle, m, v5):
    keep, count = got[0], got[-1]
    count = int(np.asarray(count).reshape(-1)[0])
    if not v5:
        return tfjs.compare_padded(keep, np.zeros(m, F32), count, oracle, m)
    # V5: tfjs returns the selections; TFLite pads indices and scores with 0.
    want = np.asarray(oracle["indices"], np.int64)
    if count != len(want):
        return "count: got %d, expected %d" % (count, len(want))
    full = np.zeros(m, np.int64)
    full[: len(want)] = want
    if keep.astype(np.int64).tolist() != full.tolist():
        return "indices: got %s, expected %s" % (keep[:10].tolist(), full[:10].tolist())
    want_s = tfjs.oracle_scores(oracle)
    if got[1][: len(want)].view(np.uint32).tolist() != want_s.view(np.uint32).tolist():
        return "scores differ from tfjs's"
    if np.any(got[1][len(want):] != 0):
        return "unused score slots are not 0"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_common_arguments(ap, 1000, "random cases per model kind")
    ap.add_argument("--import-tool", default="detect-import-tflite")
    ap.add_argument("--node", default="node")
    args = ap.parse_args()
    tag = "tflite_import/%s%s" % (args.route, "+sanitize" if args.sanitize else "")
    os.makedirs(args.workdir, exist_ok=True)
    os.environ.setdefault("TFLITE_PY_DIR", os.path.join(args.workdir, "py"))
    problems = comparison_self_check()
    if problems:
        print("%s: error: self-check of the test failed:\n  %s" % (tag, "\n  ".join(problems)))
        return 2
    rng = np.random.default_rng(args.seed)
    imp = Importer(args.import_tool, args.detect_opt, args.workdir)
    try:
        workload = workload_cases(imp, args.workdir)
        cases, oracle_of = random_models_and_cases(imp, rng, args.random, args.workdir, args.node)
        cases = workload + cases
        exe = harness.compile(imp.module(), args.route, args.workdir, sanitize=args.sanitize,
                              pipeline=harness.route_pipeline(args.route, args.pipeline_options),
                              opt_tool=args.detect_opt, stem="tflite_import")
    except harness.HarnessError as e:
        print("%s: error: %s" % (tag, e))
        return 1
    try:
        results = harness.run_mixed(exe, [(c[1], c[2]) for c in cases])
    except harness.RunError as e:
        where = cases[e.case_index][0] if e.case_index is not None and e.case_index < len(cases) else "?"
        print("%s: error: the compiled code failed on case %s\n%s" % (tag, where, e))
        return 1
    bad, counts = compare_all(cases, results, oracle_of)
    summary = ", ".join("%s %d" % kv for kv in sorted(counts.items()))
    if bad:
        print("%s: FAIL: %d of %d cases mismatch\n  %s" % (tag, len(bad), len(cases), "\n  ".join(bad[:8])))
        return 1
    print("%s: %d .tflite files, %d functions imported; %d cases (%s), 0 mismatches" % (
        tag, len(imp.files), len(imp.functions), len(cases), summary))
    return 0


def comparison_self_check():
    """The comparisons accept a right answer and reject wrong ones; returns
    the problems found."""
    problems = []
    rng = np.random.default_rng(1)

    def expect(name, msg, ok):
        if (msg is None) != ok:
            problems.append("%s: %s" % (name, "rejects a right answer" if ok else "accepts a wrong answer"))

    want = (np.ones((1, 2, 4), F32), np.zeros((1, 2), F32), np.full((1, 2), 0.5, F32), np.ones(1, F32))
    expect("ssd", compare_ssd(want, want), True)
    wrong = (want[0], want[1], np.array([[0.5, np.nextafter(F32(0.5), F32(1))]], F32), want[3])
    expect("ssd score bit", compare_ssd(wrong, want), False)
    v5 = {"indices": [3, 1], "scores": [0.9, 0.5]}
    right = (np.array([3, 1, 0, 0], np.int32), np.array([0.9, 0.5, 0, 0], F32), np.int32(2))
    expect("nms v5", compare_nms(right, v5, 4, True), True)
    expect("nms v5 padding", compare_nms((np.array([3, 1, -1, -1], np.int32),) + right[1:], v5, 4, True), False)
    expect("nms v5 count", compare_nms(right[:2] + (np.int32(3),), v5, 4, True), False)
    expect("nms v5 score", compare_nms((right[0], np.array([0.9, 0.5001, 0, 0], F32), right[2]), v5, 4, True),
           False)
    v4 = {"indices": [3, 1, 0], "valid": 2}
    expect("nms v4", compare_nms((right[0], right[2]), v4, 4, False), True)
    expect("nms v4 order", compare_nms((np.array([1, 3, 0, 0], np.int32), right[2]), v4, 4, False), False)
    q = rng.integers(-128, 128, (1, 7, 64)).astype(np.int8)
    y = yolo_reference(q, 0.05, -10)
    expect("yolo", compare_yolo(y, y), True)
    expect("yolo label", compare_yolo((y[0], y[1], y[2] + np.int32(1)), y), False)
    far = y[1].copy()
    far[0, 0] = np.nextafter(far[0, 0], F32(-1)) - F32(1e-3)
    expect("yolo score", compare_yolo((y[0], far, y[2]), y), False)
    x, yy = rng.normal(0, 3, (2, 6)).astype(F32), rng.normal(0, 3, (2, 6)).astype(F32)
    sref = simple_reference(x, yy)
    expect("simple ops", compare_simple(sref, sref), True)
    for i in range(len(sref)):
        bent = list(sref)
        b = np.array(bent[i], copy=True)
        flat = b.reshape(-1)
        flat[0] = flat[0] + (1 if b.dtype.kind in "iu" else F32(0.25) * (abs(flat[0]) + 1))
        bent[i] = b
        expect("simple ops result %d" % i, compare_simple(tuple(bent), sref), False)
    return problems


def random_models_and_cases(imp, rng, count, workdir, node):
    """Imports every file of the random cases and makes `count` cases per
    model kind; returns the cases and tfjs's answers for the NMS ones."""
    ssd = ssd_models(imp, rng)
    nms = nms_models(imp)
    layer_models(imp)
    cases = ssd_random_cases(rng, ssd, count) + nms_random_cases(rng, nms, count) + layer_cases(rng, count)
    # tfjs answers the NMS of both kinds in one run.
    asks = [(c, c[3][1] if c[3][0] == "nms" else c[3][2]) for c in cases if c[3][0] in ("nms", "yolo_nms")]
    oracle = tfjs.run_tfjs([t for _, t in asks], workdir, node)
    return cases, {id(c): o for (c, _), o in zip(asks, oracle)}


def compare_all(cases, results, oracle_of, score_ulps=0):
    """The mismatches (one line each) and the number of cases per kind;
    `score_ulps`: the tolerance on scores through the C library's expf (0 on
    the host, whose expf the oracle calls)."""
    bad, counts = [], {}
    for case, got in zip(cases, results):
        kind = case[3][0]
        if kind == "ssd":
            msg = compare_ssd(got, case[3][1])
            key = case[0].split(" random")[0]
        elif kind == "tflm":
            msg = compare_tflm(got, case[3][1])
            key = "SSD-MobileNet workload"
        elif kind == "yolo":
            msg = compare_yolo(got, case[3][1])
            key = "YOLO int8"
        elif kind == "yolo_nms":
            msg = compare_yolo_nms(got, case[3][1], oracle_of[id(case)], score_ulps)
            key = "YOLO+NMS int8"
        elif kind == "simple":
            msg = compare_simple(got, case[3][1])
            key = "simple ops"
        else:
            v5 = case[1].startswith("nms_v5")
            msg = compare_nms(got, oracle_of[id(case)], case[3][2], v5)
            key = "NMS V5" if v5 else "NMS V4"
        counts[key] = counts.get(key, 0) + 1
        if msg:
            bad.append("%s [@%s]: %s" % (case[0], case[1], msg))
    return bad, counts


if __name__ == "__main__":
    sys.exit(main())
