"""Differential test of detect.soft_nms (update(eager)) against OpenCV's
cv2.dnn.softNMSBoxes (python3-opencv), linear and Gaussian.

OpenCV's function maps to
    detect.soft_nms method(linear|gaussian) update(eager) sigma(sigma)
        [iou_threshold(nms_threshold), linear only] score_threshold(score_threshold)
        score_compare(ge) [max_output(top_k), top_k > 0] layout(xywh)
        overlap(jaccard_distance)
Its thresholds and sigma are C++ floats: the attributes are the float32 values.
Its boxes are cv::Rect (integers, [x, y, w, h]); the test sends integer
coordinates with non-negative sizes (zero sizes included), as float32 to the
compiled function.

One function per configuration (thresholds are attributes), many cases per
process. A case of n < N boxes goes to OpenCV as n boxes and to the compiled
function padded with NaN scores, which detect never selects (OpenCV does not
define NaN scores: its max_element needs an order), so sizes run from 0 to N.

A result matches when the selected indices equal OpenCV's, in order, unused
index slots are -1, the count is OpenCV's, and every returned score is within
1e-6 relative of OpenCV's updated score (unused score slots are 0).
"""

import sys
from dataclasses import dataclass

from detect_harness import generators as gen, harness, suite  # noqa: E402
import soft_nms_tfjs  # noqa: E402  (the op's function text)

np = harness.np
F32 = np.float32
REL_TOL = 1e-6

try:
    import cv2
except ImportError as e:
    sys.stderr.write("soft_nms_opencv.py: error: cannot import cv2 with %s (%s): install the Debian package "
                     "python3-opencv. The test is deliberately not skipped.\n" % (sys.executable, e))
    sys.exit(2)

LINEAR = cv2.dnn.SOFT_NMSMETHOD_SOFTNMS_LINEAR
GAUSSIAN = cv2.dnn.SOFT_NMSMETHOD_SOFTNMS_GAUSSIAN


def f32(x):
    return float(F32(x))


@dataclass
class Config:
    name: str
    N: int
    linear: bool
    sigma: float
    iou: float
    st: float
    top_k: int = 0            # 0: all (OpenCV's default)
    weight: int = 0

    @property
    def capacity(self):
        return self.N if self.top_k == 0 else min(self.top_k, self.N)


CONFIGS = [
    Config("cv_lin_n64", 64, True, f32(0.5), f32(0.3), f32(0.001), weight=25),
    Config("cv_gauss_n64", 64, False, f32(0.5), 0.0, f32(0.001), weight=25),
    Config("cv_lin_n64_st", 64, True, f32(0.5), f32(0.5), f32(0.25), 10, weight=10),
    Config("cv_gauss_n64_st", 64, False, f32(0.1), 0.0, f32(0.3), 20, weight=10),
    Config("cv_lin_n8_t0", 8, True, f32(0.5), 0.0, 0.0, weight=10),
    Config("cv_gauss_n8", 8, False, f32(1.0), 0.0, 0.0, weight=10),
    Config("cv_lin_n1", 1, True, f32(0.5), f32(0.3), 0.0, weight=3),
    Config("cv_gauss_n300", 300, False, f32(0.5), 0.0, f32(0.05), 100, weight=4),
    Config("cv_lin_n1000", 1000, True, f32(0.5), f32(0.4), f32(0.01), 200, weight=1),
    Config("cv_gauss_n5000", 5000, False, f32(0.5), 0.0, f32(0.2), 100, weight=0),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(cfg: Config):
    N, K = cfg.N, cfg.capacity
    rules = ["method(%s)" % ("linear" if cfg.linear else "gaussian"), "update(eager)", "sigma(%r)" % cfg.sigma]
    if cfg.linear:
        rules.append("iou_threshold(%r)" % cfg.iou)
    rules.append("score_threshold(%r)" % cfg.st)
    if cfg.top_k:
        rules.append("max_output(%d)" % cfg.top_k)
    rules += ["score_compare(ge)", "layout(xywh)", "overlap(jaccard_distance)"]
    return soft_nms_tfjs.soft_nms_function(cfg.name, rules, N, K)


@dataclass
class Case(gen.BoxCase):
    """boxes [n, 4] int32 [x, y, w, h], scores [n] float32."""

    def padded(self):
        return gen.padded(self.boxes, self.cfg.N, 0), gen.padded(self.scores, self.cfg.N, np.nan)

    def describe(self):
        c = self.cfg
        return "%s [@%s n=%d %s sigma=%r nms=%r st=%r top_k=%d]" % (
            self.what, c.name, len(self.scores), "linear" if c.linear else "gaussian", c.sigma, c.iou, c.st, c.top_k)


def gen_boxes(rng, n):
    """[n, 4] integer [x, y, w, h]: clustered, spread or small, with duplicates and empty boxes."""
    kind = rng.integers(0, 3)
    if kind == 0:
        centres = rng.integers(0, 200, (max(1, n // 8), 2))
        xy = centres[rng.integers(0, len(centres), n)] + rng.integers(-6, 7, (n, 2))
        wh = rng.integers(5, 40, (n, 2))
    elif kind == 1:
        xy = rng.integers(0, 1000, (n, 2))
        wh = rng.integers(1, 120, (n, 2))
    else:  # a small grid: many equal overlaps
        xy = rng.integers(0, 8, (n, 2)) * 3
        wh = rng.integers(1, 4, (n, 2)) * 3
    gen.duplicate_some(rng, n, (), xy, wh)
    wh = gen.empty_some(rng, 0.2, wh)
    return np.concatenate([xy, wh], axis=1).astype(np.int32)


def gen_scores(rng, n):
    return gen.scores(rng, n, ("uniform", "levels", "sparse"))


def random_cases(rng, count):
    return gen.sized_cases(rng, CONFIGS, count, [BY_NAME["cv_gauss_n5000"]],
                           lambda what, cfg, n: Case(what, cfg, gen_boxes(rng, n), gen_scores(rng, n)))


def edge_cases():
    lin, gau = BY_NAME["cv_lin_n8_t0"], BY_NAME["cv_gauss_n8"]
    lst = BY_NAME["cv_lin_n64_st"]
    a = lambda rows: np.asarray(rows, np.int32).reshape(-1, 4)
    s = lambda v: np.asarray(v, F32)
    c = []
    same = a([[10, 20, 40, 50]] * 6)
    for cfg in (lin, gau):
        c.append(Case("identical boxes, equal scores", cfg, same, s([0.5] * 6)))
        c.append(Case("two empty boxes overlap 1 (OpenCV's jaccardDistance)", cfg,
                      a([[0, 0, 0, 0], [0, 0, 0, 0], [5, 5, 0, 3]]), s([0.9, 0.8, 0.7])))
        chain = a([[2 * i, 0, 10, 10] for i in range(8)])
        c.append(Case("a chain of overlaps: scores decay and reorder", cfg, chain, s(np.linspace(0.9, 0.83, 8))))
        c.append(Case("touching boxes do not overlap", cfg, a([[0, 0, 2, 2], [2, 0, 2, 2], [0, 2, 2, 2]]),
                      s([0.9, 0.8, 0.7])))
        c.append(Case("no boxes", cfg, a([]), s([])))
    st = lst.st
    c.append(Case("score exactly at the threshold is in (>=)", lst, a([[0, 0, 1, 1], [5, 0, 1, 1], [10, 0, 1, 1]]),
                  s([st, np.nextafter(F32(st), F32(0)), 0.9])))
    c.append(Case("decays below the threshold, then out", lst, a([[0, 0, 10, 10], [0, 1, 10, 10]]),
                  s([0.9, st * 1.5])))
    c.append(Case("top_k below the candidates", lst, a([[20 * i, 0, 5, 5] for i in range(30)]),
                  s(np.linspace(0.9, 0.3, 30))))
    return c


def run_opencv(case):
    cfg = case.cfg
    if len(case.scores) == 0:
        idx, sc = (), ()
    else:
        sc, idx = cv2.dnn.softNMSBoxes([tuple(int(v) for v in b) for b in case.boxes], case.scores.tolist(),
                                       cfg.st, cfg.iou, cfg.top_k, cfg.sigma, LINEAR if cfg.linear else GAUSSIAN)
    return np.asarray(idx, np.int64).reshape(-1), np.asarray(sc, F32).reshape(-1)


def compare(keep, scores, count, want, want_s, capacity):
    if int(count) != len(want):
        return "count: got %d, expected %d (expected %s)" % (int(count), len(want), want[:10].tolist())
    return (suite.index_slots(keep, want, capacity)
            or suite.kept_scores(scores, want_s, REL_TOL))


def comparison_self_check(problems):
    want, want_s = np.array([3, 1]), np.array([0.9, 0.5], F32)
    keep, sc = np.array([3, 1, -1], np.int32), np.array([0.9, 0.5, 0], F32)
    if compare(keep, sc, 2, want, want_s, 3) is not None:
        problems.append("compare rejects a right answer")
    for what, k, s_, n in [("order", np.array([1, 3, -1], np.int32), sc, 2), ("count", keep, sc, 3),
                           ("padding", np.array([3, 1, 0], np.int32), sc, 2),
                           ("score", keep, np.array([0.9, 0.5001, 0], F32), 2),
                           ("poison", np.full(3, harness.poison_value(np.int32)), sc, 2)]:
        if compare(k, s_, n, want, want_s, 3) is None:
            problems.append("compare accepts a wrong answer: " + what)


def module_text():
    return gen.module_text("soft_nms_opencv.py", CONFIGS, function_text)


def summary(run):
    total = exact = 0
    for (keep, sc, cnt), (want, want_s) in zip(run.results, run.expected):
        total += len(want)
        exact += int(np.sum(sc[: len(want)].view(np.uint32) == want_s.view(np.uint32)))
    return ("%d random + %d edge cases against OpenCV %s softNMSBoxes, 0 mismatches "
            "(%d selections; %d of %d scores bit-identical)" % (
                len(run.random), len(run.edges), cv2.__version__, total, exact, total))


SUITE = suite.Suite(
    name="soft_nms_opencv", doc=__doc__,
    module_text=lambda run: module_text(),
    cases=lambda run, rng: (random_cases(rng, run.args.random), edge_cases()),
    oracle=lambda run: [run_opencv(c) for c in run.cases],
    compare=lambda case, got, want: compare(*got, *want, case.cfg.capacity),
    summary=summary,
    self_check=comparison_self_check,
    call=lambda c: (c.cfg.name, list(c.padded())))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
