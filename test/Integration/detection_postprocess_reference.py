"""Differential test of detect.detection_postprocess against an independent numpy
implementation of TFLite Micro's TFLite_Detection_PostProcess kernel.

No TFLite runtime exists here, so the oracle is this file's transcription of the
published kernel (tflite-micro tensorflow/lite/micro/kernels/detection_postprocess.cc),
step by step and in its own structure (not the decomposition's):
- DecodeCenterSizeBoxes: centre and half sizes computed in double (math.exp, the C
  library's exp) and rounded to float, corners in float;
- NonMaxSuppressionSingleClassHelper: candidates `score >= threshold` in index order,
  a stable sort by decreasing score, then forward suppression of every later
  candidate whose float IoU (ComputeIntersectionOverUnion, 0 when an area is
  <= 0) is `> iou_threshold`, up to the limit;
- fast path: DecreasingPartialArgSort of each anchor's class scores (ties: lower
  class first), NMS on the best score, `min(max_classes_per_detection,
  num_classes)` rows per kept anchor;
- regular path: NMS per class, and after each class the partial sort of the
  running list plus the class's selections (ties: earlier position first),
  truncated to max_detections.
The results compared are every output element (boxes, classes, scores,
num_detections) bit for bit; rows past num_detections must be 0 (TFLite Micro's
fast path leaves them unwritten, detect zero-pads, as TFLite's regular path).

Inputs TFLite Micro rejects or leaves undefined are not generated: NaN scores, and
anchors that decode to boxes with ymin >= ymax or xmin >= xmax (the kernel fails).
Before anything is compiled, the reference itself is checked against TFLite Micro's
own outputs on the SSD-MobileNet workload (Inputs/ssd_mobilenet, the inputs made as
detection_postprocess_tflm.py makes them): all four cases must agree bit for bit.
"""

import math
import os
import sys
from dataclasses import dataclass

from detect_harness import harness, suite  # noqa: E402

np = harness.np
F32 = np.float32


@dataclass
class Config:
    name: str
    N: int
    C: int
    background: bool
    per_anchor: int = 1          # max_classes_per_detection
    max_det: int = 10
    per_class: int = 100         # detections_per_class
    score: float = 0.3
    iou: float = 0.5
    regular: bool = False
    weight: int = 1
    scales: tuple = (10.0, 10.0, 5.0, 5.0)

    @property
    def columns(self):
        return self.C + (1 if self.background else 0)

    @property
    def rows(self):
        return self.max_det * self.per_anchor


CONFIGS = [
    Config("fast_a", 64, 5, True, weight=20),
    Config("fast_k3", 64, 5, True, per_anchor=3, max_det=8, score=0.0, iou=0.45, weight=15),
    Config("fast_k_over_c", 50, 3, False, per_anchor=5, max_det=6, score=1e-8, iou=0.6, weight=10),
    Config("fast_b", 300, 20, True, max_det=25, score=0.5, iou=0.6, weight=4),
    Config("fast_one", 1, 2, True, max_det=3, score=0.1, iou=1.0, weight=4),
    Config("fast_scales", 40, 4, True, max_det=12, score=0.2, iou=0.3, scales=(5.0, 7.0, 2.5, 3.0), weight=8),
    Config("regular_a", 64, 5, True, regular=True, weight=15),
    Config("regular_small_per_class", 64, 4, False, per_anchor=2, max_det=8, per_class=3, score=0.0, iou=0.3,
           regular=True, weight=12),
    Config("regular_b", 200, 10, True, max_det=20, per_class=10, score=0.2, iou=0.7, regular=True, weight=3),
    Config("regular_one", 1, 1, False, max_det=2, per_class=1, score=0.5, iou=0.5, regular=True, weight=4),
    Config("fast_ssd", 1917, 90, True, score=1e-8, iou=0.6, weight=0),
    Config("regular_ssd", 1917, 90, True, score=0.5, iou=0.6, regular=True, weight=0),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(cfg):
    r = "num_classes(%d) max_detections(%d)" % (cfg.C, cfg.max_det)
    if cfg.per_anchor != 1:
        r += " max_classes_per_detection(%d)" % cfg.per_anchor
    if cfg.per_class != 100:
        r += " detections_per_class(%d)" % cfg.per_class
    r += " score_threshold(%r) iou_threshold(%r) scales(%r, %r, %r, %r)" % (
        (float(F32(cfg.score)), float(F32(cfg.iou))) + tuple(float(F32(s)) for s in cfg.scales))
    if cfg.regular:
        r += " use_regular_nms"
    return ("func.func @{n}(%enc: tensor<1x{N}x4xf32>, %cls: tensor<1x{N}x{K}xf32>, %anc: tensor<{N}x4xf32>)\n"
            "    -> (tensor<1x{M}x4xf32>, tensor<1x{M}xf32>, tensor<1x{M}xf32>, tensor<1xf32>) {{\n"
            "  %b, %c, %s, %n = detect.detection_postprocess %enc, %cls, %anc {r}\n"
            "      : tensor<1x{N}x4xf32>, tensor<1x{N}x{K}xf32>, tensor<{N}x4xf32>\n"
            "      -> tensor<1x{M}x4xf32>, tensor<1x{M}xf32>, tensor<1x{M}xf32>, tensor<1xf32>\n"
            "  return %b, %c, %s, %n : tensor<1x{M}x4xf32>, tensor<1x{M}xf32>, tensor<1x{M}xf32>, tensor<1xf32>\n"
            "}}\n").format(n=cfg.name, N=cfg.N, K=cfg.columns, M=cfg.rows, r=r)


# ----------------------------------------------------------------------------
# The reference: TFLite Micro's kernel, transcribed
# ----------------------------------------------------------------------------

_exp = np.vectorize(math.exp, otypes=[np.float64])


def decode(enc, anc, scales):
    d = np.float64
    ys, xs, hs, ws = (d(F32(s)) for s in scales)
    e = enc[0, :, :4].astype(d)
    a = anc.astype(d)
    ycenter = (e[:, 0] / ys * a[:, 2] + a[:, 0]).astype(F32)
    xcenter = (e[:, 1] / xs * a[:, 3] + a[:, 1]).astype(F32)
    half_h = (0.5 * _exp(e[:, 2] / hs) * a[:, 2]).astype(F32)
    half_w = (0.5 * _exp(e[:, 3] / ws) * a[:, 3]).astype(F32)
    return np.stack([ycenter - half_h, xcenter - half_w, ycenter + half_h, xcenter + half_w], axis=1)


def iou_row(boxes, i, js):
    """ComputeIntersectionOverUnion(boxes, i, j) for every j in js, in float."""
    bi, bj = boxes[i], boxes[js]
    area_i = (bi[2] - bi[0]) * (bi[3] - bi[1])
    area_j = (bj[:, 2] - bj[:, 0]) * (bj[:, 3] - bj[:, 1])
    iymin = np.maximum(bi[0], bj[:, 0])
    ixmin = np.maximum(bi[1], bj[:, 1])
    iymax = np.minimum(bi[2], bj[:, 2])
    ixmax = np.minimum(bi[3], bj[:, 3])
    inter = np.maximum(iymax - iymin, F32(0)) * np.maximum(ixmax - ixmin, F32(0))
    with np.errstate(all="ignore"):
        iou = inter / (area_i + area_j - inter)
    return np.where((area_i <= 0) | (area_j <= 0), F32(0), iou)


def nms_single_class(boxes, scores, cfg, limit):
    thr, t = F32(cfg.score), F32(cfg.iou)
    keep = [i for i in range(len(scores)) if scores[i] >= thr]
    order = sorted(range(len(keep)), key=lambda p: -scores[keep[p]])  # stable: ties keep index order
    cand = np.array([keep[p] for p in order], np.int64)
    active = np.ones(len(cand), bool)
    out_size = min(len(cand), limit)
    selected = []
    for i in range(len(cand)):
        if len(selected) >= out_size:
            break
        if not active[i]:
            continue
        selected.append(int(cand[i]))
        active[i] = False
        rest = np.nonzero(active[i + 1:])[0] + i + 1
        if len(rest):
            suppress = iou_row(boxes, cand[i], cand[rest]) > t
            active[rest[suppress]] = False
    return selected


def reference(cfg, enc, cls, anc):
    boxes = decode(enc, anc, cfg.scales)
    off = cfg.columns - cfg.C
    scores = cls[0]
    out_b = np.zeros((1, cfg.rows, 4), F32)
    out_c = np.zeros((1, cfg.rows), F32)
    out_s = np.zeros((1, cfg.rows), F32)
    if not cfg.regular:
        k = min(cfg.per_anchor, cfg.C)
        top = []
        for row in range(cfg.N):
            s = scores[row, off:]
            top.append(sorted(range(cfg.C), key=lambda c: (-s[c], c))[:k])
        max_scores = np.array([scores[row, off + top[row][0]] for row in range(cfg.N)], F32)
        selected = nms_single_class(boxes, max_scores, cfg, cfg.max_det)
        n = 0
        for a in selected:
            for col in range(k):
                out_b[0, n] = boxes[a]
                out_c[0, n] = top[a][col]
                out_s[0, n] = scores[a, off + top[a][col]]
                n += 1
        return out_b, out_c, out_s, np.array([n], F32)
    cwb = cfg.columns
    listed = []  # (score, anchor * cwb + col + off)
    for col in range(cfg.C):
        column = np.ascontiguousarray(scores[:, col + off])
        sel = nms_single_class(boxes, column, cfg, cfg.per_class)
        entries = listed + [(column[a], a * cwb + col + off) for a in sel]
        order = sorted(range(len(entries)), key=lambda p: (-entries[p][0], p))
        listed = [entries[p] for p in order[: min(len(entries), cfg.max_det)]]
    for n, (s, packed) in enumerate(listed):
        a = packed // cwb
        out_b[0, n] = boxes[a]
        out_c[0, n] = packed - a * cwb - off
        out_s[0, n] = s
    return out_b, out_c, out_s, np.array([len(listed)], F32)


# ----------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------


def gen_case(rng, cfg):
    N = cfg.N
    kind = rng.integers(0, 3)
    if kind == 0:  # a grid of anchors, as SSD
        side = max(1, int(math.ceil(math.sqrt(N))))
        g = (np.arange(N) % side + 0.5) / side
        h = (np.arange(N) // side % side + 0.5) / side
        anc = np.stack([h, g, rng.uniform(0.05, 0.5, N), rng.uniform(0.05, 0.5, N)], axis=1)
    elif kind == 1:  # clustered anchors: heavy overlap
        centres = rng.uniform(0.1, 0.9, (max(1, N // 6), 2))
        pick = rng.integers(0, len(centres), N)
        c = centres[pick] + rng.normal(0, 0.02, (N, 2))
        anc = np.concatenate([c, rng.uniform(0.1, 0.3, (N, 2))], axis=1)
    else:  # duplicates
        base = rng.uniform(0.1, 0.9, (max(1, N // 3), 4))
        base[:, 2:] = rng.uniform(0.05, 0.4, (len(base), 2))
        anc = base[rng.integers(0, len(base), N)]
    enc = rng.normal(0, 1, (1, N, 4))
    if rng.random() < 0.3:
        enc[0, rng.random(N) < 0.5] = 0.0  # boxes equal to their anchors
    shape = (1, N, cfg.columns)
    skind = rng.integers(0, 4)
    if skind == 0:
        cls = rng.uniform(0, 1, shape)
    elif skind == 1:  # few levels: ties between anchors and between classes
        cls = rng.integers(0, 6, shape) / 5
    elif skind == 2:  # sigmoid-like: mostly low, some objects
        cls = np.where(rng.random(shape) < 0.08, rng.uniform(0.4, 1, shape), rng.uniform(0, 0.1, shape))
    else:  # logits, some negative
        cls = rng.normal(0, 1.5, shape)
    if rng.random() < 0.05:
        cls.flat[rng.integers(0, cls.size, max(1, cls.size // 30))] = rng.choice([np.inf, -np.inf])
    return enc.astype(F32), cls.astype(F32), anc.astype(F32)


def valid_for_tflm(cfg, enc, anc):
    b = decode(enc, anc, cfg.scales)
    return bool(np.all(b[:, 0] < b[:, 2]) and np.all(b[:, 1] < b[:, 3]))


def edge_cases(rng):
    """Hand-made cases on fast_a / regular_a / fast_k3."""
    out = []
    for name in ("fast_a", "regular_a", "fast_k3", "regular_small_per_class"):
        cfg = BY_NAME[name]
        N, K = cfg.N, cfg.columns
        anc = np.tile(F32([[0.5, 0.5, 0.2, 0.2]]), (N, 1))
        enc = np.zeros((1, N, 4), F32)
        out.append(("identical boxes, equal scores", cfg, enc, np.full((1, N, K), 0.5, F32), anc))
        out.append(("identical boxes, scores below the threshold", cfg, enc, np.full((1, N, K), 0.01, F32), anc))
        s = np.full((1, N, K), 0.0, F32)
        s[0, :, -1] = F32(cfg.score)  # exactly at the threshold: kept (>=)
        out.append(("scores exactly at the threshold", cfg, enc, s, anc))
        grid = np.stack([np.arange(N) * 0.3, np.zeros(N), np.full(N, 0.2), np.full(N, 0.2)], axis=1).astype(F32)
        out.append(("disjoint boxes: the limit decides", cfg, enc, rng.uniform(0, 1, (1, N, K)).astype(F32), grid))
    return out


# ----------------------------------------------------------------------------


@dataclass
class Case:
    what: str
    cfg: Config
    enc: np.ndarray
    cls: np.ndarray
    anc: np.ndarray

    def describe(self):
        return "%s [@%s]" % (self.what, self.cfg.name)


def compare_outputs(got, want):
    """None if every output (boxes, classes, scores, num_detections) has the
    reference's bits; else the first that differs."""
    for name, g, w in zip(("boxes", "classes", "scores", "num_detections"), got, want):
        if g.shape != w.shape or g.view(np.uint32).tolist() != w.view(np.uint32).tolist():
            diff = np.nonzero((g.view(np.uint32) != w.view(np.uint32)).reshape(-1))[0] if g.shape == w.shape \
                else []
            return "%s differ at flat %s: got %s, expected %s" % (
                name, list(diff[:4]), g.reshape(-1)[diff[:4]].tolist(), w.reshape(-1)[diff[:4]].tolist())
    return None


def check_against_tflm(run):
    """The reference reproduces TFLite Micro on the SSD workload."""
    import detection_postprocess_tflm as tflm
    ssd = tflm.make_inputs(run.args.workdir, os.path.join(harness.llvm_bin(), "clang"))
    tflm_expected = tflm.parse_expected(os.path.join(tflm.INPUTS, "tflm_expected.txt"))
    for name, (regular, thr) in tflm.CASES.items():
        cfg = Config(name, 1917, 90, True, score=thr, iou=0.6, regular=regular)
        b, c, sc, n = reference(cfg, *ssd)
        exp = tflm_expected[name]
        got = [(int(c[0, i]), F32(sc[0, i]).view(np.uint32), list(b[0, i].view(np.uint32)))
               for i in range(int(n[0]))]
        want = [(cls, F32(s).view(np.uint32), [F32(x).view(np.uint32) for x in box])
                for cls, s, box in exp["dets"]]
        if int(n[0]) != exp["num"] or got != want:
            run.problems.append("the reference differs from TFLite Micro on %s" % name)


def random_cases(rng, count):
    weighted = [c for c in CONFIGS for _ in range(c.weight)]
    cases = []
    while len(cases) < count:
        cfg = weighted[rng.integers(0, len(weighted))]
        enc, cls, anc = gen_case(rng, cfg)
        if valid_for_tflm(cfg, enc, anc):
            cases.append(Case("random #%d" % len(cases), cfg, enc, cls, anc))
    for name in ("fast_ssd", "regular_ssd"):
        for k in range(3):
            cfg = BY_NAME[name]
            enc, cls, anc = gen_case(rng, cfg)
            if valid_for_tflm(cfg, enc, anc):
                cases.append(Case("random large #%d" % k, cfg, enc, cls, anc))
    return cases


SUITE = suite.Suite(
    name="detection_postprocess", doc=__doc__,
    module_text=lambda run: "".join(function_text(c) for c in CONFIGS),
    cases=lambda run, rng: (random_cases(rng, run.args.random), [Case(*c) for c in edge_cases(rng)]),
    oracle=lambda run: [reference(c.cfg, c.enc, c.cls, c.anc) for c in run.cases],
    compare=lambda case, got, want: compare_outputs(got, want),
    summary=lambda run: (
        "%d random + %d edge cases (%d detections) against the TFLite Micro reference, 0 mismatches" % (
            len(run.random), len(run.edges), sum(int(want[3][0]) for want in run.expected))),
    prepare=check_against_tflm,
    call=lambda c: (c.cfg.name, [c.enc, c.cls, c.anc]),
    failure_inputs=lambda c: dict(enc=c.enc, cls=c.cls, anc=c.anc, function=c.cfg.name))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
