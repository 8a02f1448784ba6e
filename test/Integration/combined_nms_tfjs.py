"""Differential test of detect.combined_nms against TensorFlow's
CombinedNonMaxSuppression, composed from tfjs's own per-class NMS kernel
(tf.image.nonMaxSuppression, npm @tensorflow/tfjs-backend-cpu) exactly as
TensorFlow's kernel composes its per-class NMS (test/lib/detect_harness/tfjs_combined_nms_run.js):
tfjs has no combined op, and no TensorFlow runtime exists here.

tfjs's per-class NMS suppresses at `IoU >= t` and computes in JavaScript
doubles (TensorFlow's C++ kernel: `IoU > t`, in float), so the functions under
test carry `iou_compare(ge) compute_type(f64)`; everything else (per-class and
total limits, pad_per_class, clip_boxes, the order, the padding, the valid
count) is TensorFlow's combination, which the runner reproduces. Equal scores
across classes: TensorFlow's std::sort leaves them unspecified; the runner
sorts stably (lower class first, then the class's NMS order), which is the
order detect defines.

One function per configuration (the limits are attributes), many cases per
process. A case of n < N boxes goes to tfjs as n boxes and to the compiled
function padded with NaN scores (never candidates in either), so sizes run
from 0 to N. Every output element is compared exactly (boxes by value, so
that -0 and 0 are equal: JavaScript's Math.max(-0, 0) is 0).
"""

import sys
from dataclasses import dataclass
from typing import Optional

from detect_harness import generators as gen, harness, suite  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402

np = harness.np
F32 = np.float32


@dataclass
class Config:
    name: str
    B: int
    N: int
    q: int
    C: int
    P: int                      # max_output_size_per_class
    T: int                      # max_total_size
    iou: float
    st: Optional[float]         # None: TensorFlow's default -inf
    pad: bool = False
    clip: bool = False
    weight: int = 0

    @property
    def M(self):
        return min(self.T, self.P * self.C) if self.pad else self.T


CONFIGS = [
    Config("comb_shared", 2, 64, 1, 4, 10, 20, 0.5, 0.1, weight=25),
    Config("comb_per_class", 2, 64, 3, 3, 8, 30, 0.45, 0.0, clip=True, weight=20),
    Config("comb_pad", 1, 64, 1, 5, 3, 100, 0.5, None, pad=True, weight=15),
    Config("comb_pad_clip", 2, 32, 1, 3, 20, 10, 0.6, 0.25, pad=True, clip=True, weight=10),
    Config("comb_t0", 1, 16, 1, 2, 16, 32, 0.0, None, weight=8),
    Config("comb_t1", 1, 16, 2, 2, 16, 32, 1.0, 0.5, clip=True, weight=8),
    Config("comb_small", 3, 5, 1, 2, 2, 3, 0.5, None, weight=10),
    Config("comb_one_class", 1, 100, 1, 1, 50, 25, 0.5, 0.05, weight=4),
    Config("comb_keras", 1, 1000, 1, 20, 100, 100, 0.5, 0.05, weight=1),
    Config("comb_n5000", 1, 5000, 1, 2, 100, 150, 0.5, 0.2, clip=True, weight=0),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(cfg: Config, compute_f64=True):
    B, N, q, C, M = cfg.B, cfg.N, cfg.q, cfg.C, cfg.M
    rules = ["max_output_size_per_class(%d)" % cfg.P, "max_total_size(%d)" % cfg.T,
             "iou_threshold(%r)" % cfg.iou,
             "score_threshold(%s)" % ("0xFFF0000000000000" if cfg.st is None else repr(cfg.st))]
    if cfg.pad:
        rules.append("pad_per_class")
    if cfg.clip:
        rules.append("clip_boxes")
    rules.append("iou_compare(ge)")
    if compute_f64:
        rules.append("compute_type(f64)")
    res = "tensor<{B}x{M}x4xf32>, tensor<{B}x{M}xf32>, tensor<{B}x{M}xf32>, tensor<{B}xi32>".format(B=B, M=M)
    return ("func.func @{n}(%boxes: tensor<{B}x{N}x{q}x4xf32>, %scores: tensor<{B}x{N}x{C}xf32>) -> ({res}) {{\n"
            "  %b, %s, %c, %v = detect.combined_nms %boxes, %scores {rules}\n"
            "      : tensor<{B}x{N}x{q}x4xf32>, tensor<{B}x{N}x{C}xf32> -> {res}\n"
            "  return %b, %s, %c, %v : {res}\n"
            "}}").format(n=cfg.name, rules=" ".join(rules), B=B, N=N, q=q, C=C, res=res)


@dataclass
class Case:
    what: str
    cfg: Config
    boxes: np.ndarray    # [B, n, q, 4]
    scores: np.ndarray   # [B, n, C]

    def padded(self):
        return (gen.padded(self.boxes, self.cfg.N, 0, axis=1),
                gen.padded(self.scores, self.cfg.N, np.nan, axis=1))

    def describe(self):
        c = self.cfg
        return "%s [@%s B=%d n=%d q=%d C=%d P=%d T=%d iou=%r st=%r pad=%s clip=%s]" % (
            self.what, c.name, c.B, self.scores.shape[1], c.q, c.C, c.P, c.T, c.iou, c.st, c.pad, c.clip)


# Clustered, spread (some outside [0, 1]), an exact grid (equal IoUs, IoUs
# exactly at thresholds).
BOX_KINDS = [gen.Cluster(1, 0.03, (0.05, 0.3), per=6), gen.Spread((-0.2, 1.2), (0.01, 0.5)),
             gen.Grid(8, 4, 8, divide=True)]


def gen_boxes(rng, B, n, q):
    """[B, n, q, 4] yxyx: normalised coordinates (some outside [0, 1], for
    clipping), clustered or spread, flipped diagonals, duplicates, zero sizes."""
    shape = (B, n, q)
    c, hw = gen.centres_and_sizes(rng, BOX_KINDS, n, shape)
    gen.duplicate_some(rng, n, (B,), c, hw)
    hw = gen.empty_some(rng, 0.2, hw)
    out = np.concatenate([c - hw / 2, c + hw / 2], axis=-1)  # y1, x1, y2, x2
    if rng.random() < 0.4:
        f = rng.random(shape) < 0.3
        out[..., [0, 2]] = np.where(f[..., None], out[..., [2, 0]], out[..., [0, 2]])
    return out.astype(F32)


def gen_scores(rng, B, n, C):
    return gen.non_finite_some(rng, gen.scores(rng, (B, n, C)))


def random_cases(rng, count):
    return gen.sized_cases(rng, CONFIGS, count, [BY_NAME["comb_n5000"]], lambda what, cfg, n: Case(
        what, cfg, gen_boxes(rng, cfg.B, n, cfg.q), gen_scores(rng, cfg.B, n, cfg.C)), p_empty=0.05)


def edge_cases():
    out = []
    a = lambda x: np.asarray(x, F32)
    small = BY_NAME["comb_small"]
    # Equal scores across classes: lower class first, then NMS order.
    boxes = a([[[[0, 0, 0.2, 0.2]], [[0.5, 0.5, 0.7, 0.7]], [[0, 0, 0.2, 0.21]]]] * 3)
    scores = a([[[0.5, 0.5], [0.5, 0.5], [0.5, 0.9]]] * 3)
    out.append(Case("equal scores across classes", small, boxes, scores))
    t0 = BY_NAME["comb_t0"]
    touch = a([[[[0, 0, 0.5, 0.5]], [[0, 0.5, 0.5, 1]], [[0.5, 0, 1, 0.5]], [[0.25, 0.25, 0.75, 0.75]]]])
    out.append(Case("t=0: touching boxes kept, IoU 0 >= 0 suppresses (tfjs's >=)", t0, touch,
                    a([[[0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.6, 0.4]]])))
    t1 = BY_NAME["comb_t1"]
    same = a([[[[0.1, 0.1, 0.4, 0.4], [2, 2, -1, -1]]] * 4])
    out.append(Case("t=1: identical boxes suppressed (IoU >= 1), clipping of per-class boxes", t1, same,
                    a([[[0.9, 0.8], [0.8, 0.7], [0.7, 0.9], [0.6, 0.6]]])))
    pad = BY_NAME["comb_pad"]
    grid = a([[[[i / 10, 0, i / 10 + 0.05, 0.05]] for i in range(10)]])
    out.append(Case("pad_per_class: M = min(total, P * C)", pad, grid,
                    a([[[0.9 - 0.01 * i - 0.1 * c for c in range(5)] for i in range(10)]])))
    zero = a([[[[0.5, 0.5, 0.5, 0.5]], [[0.5, 0.5, 0.5, 0.5]], [[0, 0, 1, 1]], [[0.2, 0.2, 0.2, 0.8]]]])
    out.append(Case("zero-area boxes have IoU 0", BY_NAME["comb_t0"], zero,
                    a([[[0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.6, 0.4]]])))
    out.append(Case("infinite scores", small, a([[[[0, 0, 0.1, 0.1]], [[0.5, 0.5, 0.6, 0.6]]]] * 3),
                    a([[[np.inf, -np.inf], [np.inf, 0.5]]] * 3)))
    out.append(Case("no boxes", small, a(np.zeros((3, 0, 1, 4))), a(np.zeros((3, 0, 2)))))
    return out


def run_tfjs(cases, workdir, node):
    blob = node_oracle.Blob()
    entries = []
    for case in cases:
        c = case.cfg
        ob = blob.add(case.boxes, "<f4")
        os_ = blob.add(case.scores, "<f4")
        entries.append({"B": c.B, "N": int(case.scores.shape[1]), "q": c.q, "C": c.C, "boxes": ob, "scores": os_,
                        "perClass": c.P, "total": c.T, "iou": c.iou, "score": c.st,
                        "padPerClass": c.pad, "clipBoxes": c.clip})
    results = node_oracle.run("tfjs_combined_nms_run.js", "tfjs", {"cases": entries}, blob, workdir, node, "tfjs")
    out = []
    for case, r in zip(cases, node_oracle.check_accepted("tfjs", cases, results)):
        c = case.cfg
        num = lambda xs: np.array([float(v) for v in xs], F32)
        out.append((num(r["boxes"]).reshape(c.B, c.M, 4), num(r["scores"]).reshape(c.B, c.M),
                    num(r["classes"]).reshape(c.B, c.M), np.asarray(r["valid"], np.int32)))
    return out


def compare(got, want):
    names = ["nmsed_boxes", "nmsed_scores", "nmsed_classes", "valid_detections"]
    for name, g, w in zip(names, got, want):
        g, w = np.asarray(g), np.asarray(w)
        if g.shape != w.shape:
            return "%s has shape %s, expected %s" % (name, g.shape, w.shape)
        same = (g == w) | (np.isnan(g) & np.isnan(w)) if g.dtype.kind == "f" else (g == w)
        bad = np.argwhere(~same)
        if len(bad):
            at = tuple(int(i) for i in bad[0])
            return "%s%s: got %r, expected %r (valid got %s, expected %s)" % (
                name, list(at), g[at].item(), w[at].item(), got[3].tolist(), want[3].tolist())
    return None


def comparison_self_check(problems):
    want = (np.zeros((1, 2, 4), F32), np.array([[0.9, 0]], F32), np.array([[1, 0]], F32), np.array([1], np.int32))
    if compare(want, want) is not None:
        problems.append("compare rejects a right answer")
    for k, what in enumerate(["boxes", "scores", "classes", "valid"]):
        bad = [x.copy() for x in want]
        bad[k].flat[0] = bad[k].flat[0] + 1
        if compare(tuple(bad), want) is None:
            problems.append("compare accepts a wrong answer: " + what)


def add_arguments(ap):
    ap.add_argument("--node", default="node")
    ap.add_argument("--element-arithmetic", action="store_true",
                    help="no compute_type(f64): the decomposition onto detect.nms, whose IoU is computed in f32 "
                         "(TensorFlow's C++ kernel's arithmetic) while tfjs computes it in doubles; the two can "
                         "disagree when an IoU is within an f32 rounding of the threshold")


def module_text(run):
    return gen.module_text("combined_nms_tfjs.py", CONFIGS,
                           lambda c: function_text(c, not run.args.element_arithmetic))


SUITE = suite.Suite(
    name="combined_nms_tfjs", doc=__doc__,
    module_text=module_text,
    cases=lambda run, rng: (random_cases(rng, run.args.random), edge_cases()),
    oracle=lambda run: run_tfjs(run.cases, run.args.workdir, run.args.node),
    compare=lambda case, got, want: compare(got, want),
    summary=lambda run: (
        "%d random + %d edge cases against TensorFlow's combination of tfjs nonMaxSuppression, "
        "0 mismatches (%d detections)" % (len(run.random), len(run.edges),
                                          sum(int(want[3].sum()) for want in run.expected))),
    self_check=comparison_self_check,
    add_arguments=add_arguments,
    tag_suffix=lambda args: "+f32" if args.element_arithmetic else "",
    call=lambda c: (c.cfg.name, list(c.padded())))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
