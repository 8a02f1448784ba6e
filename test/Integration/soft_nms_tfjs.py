"""Differential test of detect.soft_nms (update(lazy)) against TensorFlow's
NonMaxSuppressionV5 as tfjs ports it (tf.image.nonMaxSuppressionWithScore,
npm @tensorflow/tfjs-core + @tensorflow/tfjs-backend-cpu).

tfjs's op maps to
    detect.soft_nms sigma(soft_nms_sigma) iou_threshold(t) [score_threshold(s)]
        max_output(m) iou_compare(ge) layout(yxyx) normalize_corners
        degenerate(zero_area) compute_type(f64)
(its IoU test is `IoU >= t`, its candidates `score > s`; it computes in
JavaScript doubles from the float32 inputs and returns float32 scores).

Thresholds, sigma and the limit are attributes: the test compiles one function
per configuration (a few, each with a fixed capacity N) and runs many cases per
process. A case of n < N boxes is sent to tfjs as n boxes and to the compiled
function padded with NaN scores, which neither selects (tfjs: NaN > s is false;
detect: a NaN score is never a candidate), so sizes run from 0 to N.

A result matches when the selected indices equal tfjs's, in order, the unused
index slots are -1, the count is tfjs's, and every returned score is within
1e-6 relative of tfjs's (the unused score slots are 0). The figures printed
include how many scores are bit-identical.

Configurations `padded_*` compare detect.soft_nms sigma(0) pad_to_max_output
with tfjs nonMaxSuppressionPadded(..., padToMaxOutputSize=true) (TensorFlow's
NonMaxSuppressionV4): tfjs clamps max_output to n and pads its indices with 0
to that length; TensorFlow's kernel and detect pad to max_output itself, so
tfjs's result must be a prefix and the remaining slots 0; validOutputs is the
count.
"""

import sys
from dataclasses import dataclass
from typing import Optional

from detect_harness import generators as gen, harness, suite  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402

np = harness.np
F32 = np.float32
REL_TOL = 1e-6


@dataclass
class Config:
    name: str
    N: int
    sigma: float
    iou: float
    st: Optional[float]      # None: no score threshold (tfjs's -inf)
    m: Optional[int]         # None: no limit (tfjs: N)
    weight: int = 0
    padded: bool = False     # tfjs nonMaxSuppressionPadded (sigma 0)

    @property
    def capacity(self):
        if self.padded:
            return self.m
        return self.N if self.m is None else min(self.m, self.N)


CONFIGS = [
    Config("soft_n64", 64, 0.5, 0.5, 0.0, None, weight=30),
    Config("soft_n64_st", 64, 0.3, 0.7, 0.25, 20, weight=20),
    Config("soft_n64_hard", 64, 0.0, 0.5, None, None, weight=10),
    Config("soft_n64_t1", 64, 1.0, 1.0, None, None, weight=10),
    Config("soft_n64_t0", 64, 0.1, 0.0, 0.01, None, weight=5),
    Config("soft_n8", 8, 0.5, 0.5, None, None, weight=20),
    Config("soft_n8_lim", 8, 0.2, 0.6, 0.1, 3, weight=10),
    Config("soft_n1", 1, 0.5, 0.5, None, None, weight=3),
    Config("soft_n300", 300, 0.5, 0.45, 0.05, 100, weight=4),
    Config("soft_n1000", 1000, 0.25, 0.5, 0.001, None, weight=1),
    Config("soft_n5000", 5000, 0.5, 0.5, 0.1, 200, weight=0),
    # TensorFlow V4's padding (tfjs nonMaxSuppressionPadded): hard NMS, index
    # slots past the selections are 0, up to max_output even beyond N.
    Config("padded_n64", 64, 0.0, 0.5, 0.1, 20, weight=10, padded=True),
    Config("padded_n8_beyond", 8, 0.0, 0.3, None, 12, weight=5, padded=True),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(cfg: Config):
    N, K = cfg.N, cfg.capacity
    rules = ["sigma(%r)" % cfg.sigma, "iou_threshold(%r)" % cfg.iou]
    # tfjs's default threshold is -inf (a -inf score is no candidate), which
    # is not the attribute's absence (every non-NaN score is a candidate).
    rules.append("score_threshold(%s)" % ("0xFFF0000000000000" if cfg.st is None else repr(cfg.st)))
    if cfg.m is not None:
        rules.append("max_output(%d)" % cfg.m)
    rules += ["iou_compare(ge)", "layout(yxyx)", "normalize_corners", "degenerate(zero_area)",
              "compute_type(f64)"]
    if cfg.padded:
        rules.append("pad_to_max_output")
    return soft_nms_function(cfg.name, rules, N, K)


def soft_nms_function(name, rules, N, K):
    """func @name: detect.soft_nms with `rules` over N boxes, K kept."""
    return ("func.func @{n}(%boxes: tensor<{N}x4xf32>, %scores: tensor<{N}xf32>)"
            " -> (tensor<{K}xi32>, tensor<{K}xf32>, i32) {{\n"
            "  %keep, %s, %count = detect.soft_nms %boxes, %scores {rules}\n"
            "      : tensor<{N}x4xf32>, tensor<{N}xf32> -> tensor<{K}xi32>, tensor<{K}xf32>, i32\n"
            "  return %keep, %s, %count : tensor<{K}xi32>, tensor<{K}xf32>, i32\n"
            "}}").format(n=name, rules=" ".join(rules), N=N, K=K)


def module_text(configs):
    return gen.module_text("soft_nms_tfjs.py", configs, function_text)


@dataclass
class Case(gen.BoxCase):
    """boxes [n, 4] float32 (n <= N), scores [n] float32."""
    oracle: Optional[dict] = None

    def padded(self):
        return gen.padded(self.boxes, self.cfg.N, 0), gen.padded(self.scores, self.cfg.N, np.nan)

    def describe(self):
        c = self.cfg
        return "%s [@%s n=%d sigma=%r iou=%r st=%r m=%r]" % (self.what, c.name, len(self.scores), c.sigma,
                                                              c.iou, c.st, c.m)


# Clusters (heavy overlap, many rescorings), spread, exact coordinates (equal
# IoUs), normalised.
BOX_KINDS = [gen.Cluster(100, 3, (5, 30)), gen.Spread((0, 500), (1, 80)), gen.Grid(10, 4, 4),
             gen.Spread((0, 1), (0.01, 0.4))]


def gen_boxes(rng, n):
    """[n, 4] yxyx boxes: clustered, spread, grid-aligned or normalised, with
    duplicates, flipped diagonals and zero sizes."""
    c, wh = gen.centres_and_sizes(rng, BOX_KINDS, n, (n,))
    gen.duplicate_some(rng, n, (), c, wh)
    wh = gen.empty_some(rng, 0.2, wh)
    y1, x1 = c[:, 1] - wh[:, 1] / 2, c[:, 0] - wh[:, 0] / 2
    y2, x2 = c[:, 1] + wh[:, 1] / 2, c[:, 0] + wh[:, 0] / 2
    out = np.stack([y1, x1, y2, x2], axis=1)
    if rng.random() < 0.4:
        fy, fx = rng.random(n) < 0.3, rng.random(n) < 0.3
        out[:, [0, 2]] = np.where(fy[:, None], out[:, [2, 0]], out[:, [0, 2]])
        out[:, [1, 3]] = np.where(fx[:, None], out[:, [3, 1]], out[:, [1, 3]])
    return out.astype(F32)


def gen_scores(rng, n):
    return gen.scores(rng, n)


def random_cases(rng, count):
    return gen.sized_cases(rng, CONFIGS, count, [BY_NAME["soft_n5000"]],
                           lambda what, cfg, n: Case(what, cfg, gen_boxes(rng, n), gen_scores(rng, n)))


def edge_cases():
    cfg = BY_NAME["soft_n8"]
    hard = BY_NAME["soft_n64_hard"]
    st = BY_NAME["soft_n64_st"]
    t0 = BY_NAME["soft_n64_t0"]
    lim = BY_NAME["soft_n8_lim"]
    c = []
    a = lambda rows: np.asarray(rows, F32)
    same = a([[10, 20, 50, 70]] * 8)
    c.append(Case("identical boxes, equal scores (IoU 1 >= t: only the first)", cfg, same, a([0.5] * 8)))
    c.append(Case("identical boxes, t=1 (IoU >= 1 drops)", BY_NAME["soft_n64_t1"], same, a([0.5] * 8)))
    flipped = a([[1, 1, 0, 0], [0, 0.1, 1, 1.1], [0, 0.9, 1, -0.1], [0, 10, 1, 11], [1, 10.1, 0, 11.1]])
    c.append(Case("flipped diagonals are normalised", cfg, flipped, a([0.9, 0.75, 0.6, 0.95, 0.5])))
    chain = a([[0, 0, 10, 10], [0, 2, 10, 12], [0, 4, 10, 14], [0, 6, 10, 16], [0, 8, 10, 18], [0, 10, 10, 20]])
    c.append(Case("a chain of overlaps: scores decay and reorder", cfg, chain, a([0.9, 0.89, 0.88, 0.87, 0.86, 0.85])))
    c.append(Case("a chain of overlaps, with a limit", lim, chain, a([0.9, 0.89, 0.88, 0.87, 0.86, 0.85])))
    c.append(Case("hard NMS (sigma 0)", hard, chain, a([0.9, 0.89, 0.88, 0.87, 0.86, 0.85])))
    half = a([[0, 0, 2, 2], [0, 0, 2, 1], [0, 0, 1, 2]])
    c.append(Case("IoU exactly at the threshold is dropped (>=)", cfg, half, a([0.9, 0.8, 0.7])))
    zero = a([[5, 5, 5, 5], [5, 5, 5, 5], [0, 0, 10, 10], [2, 2, 2, 8]])
    c.append(Case("zero-area boxes have IoU 0", cfg, zero, a([0.9, 0.8, 0.7, 0.6])))
    c.append(Case("zero-area boxes, t=0", t0, zero, a([0.9, 0.8, 0.7, 0.6])))
    spread = a([[0, 0, 1, 1], [0, 2, 1, 3], [0, 4, 1, 5], [0, 6, 1, 7]])
    s25 = float(F32(0.25))
    c.append(Case("score exactly at the threshold is out", st, spread,
                  a([0.25, np.nextafter(F32(0.25), F32(1)), 0.9, np.nextafter(F32(0.25), F32(0))])))
    c.append(Case("decayed to the threshold: dropped", st, a([[0, 0, 10, 10], [0, 1, 10, 11]]),
                  a([0.9, s25 * 1.05])))
    c.append(Case("infinite scores", cfg, spread, a([-np.inf, np.inf, 0.5, np.inf])))
    c.append(Case("infinite score decayed (inf * w)", cfg, a([[0, 0, 10, 10], [0, 1, 10, 11]]), a([np.inf, np.inf])))
    c.append(Case("no boxes", cfg, a(np.zeros((0, 4))), a([])))
    c.append(Case("one box", BY_NAME["soft_n1"], a([[0, 0, 1, 1]]), a([0.3])))
    pb = BY_NAME["padded_n8_beyond"]
    c.append(Case("padded beyond N: zeros up to max_output", pb, chain, a([0.9, 0.89, 0.88, 0.87, 0.86, 0.85])))
    c.append(Case("padded, no boxes", pb, a(np.zeros((0, 4))), a([])))
    return c


def run_tfjs(cases, workdir, node):
    blob = node_oracle.Blob()
    entries = []
    for case in cases:
        off_b = blob.add(case.boxes, "<f4")
        off_s = blob.add(case.scores, "<f4")
        cfg = case.cfg
        entries.append({"n": int(len(case.scores)), "boxes": off_b, "scores": off_s,
                        "maxOutputSize": cfg.N if cfg.m is None else cfg.m,
                        "iouThreshold": cfg.iou, "scoreThreshold": cfg.st, "softNmsSigma": cfg.sigma,
                        "padded": cfg.padded})
    results = node_oracle.run("tfjs_soft_nms_run.js", "tfjs", {"cases": entries}, blob, workdir, node, "tfjs")
    return node_oracle.check_accepted("tfjs", cases, results)


def oracle_scores(oracle):
    return np.array([float(v) for v in oracle["scores"]], F32)


def compare_padded(keep, scores, count, oracle, capacity):
    """tfjs nonMaxSuppressionPadded: its min(max_output, n) indices (zero
    padded) are a prefix of detect's max_output slots, the rest of which are
    0 too; its validOutputs is the count. The scores (which it does not
    return) must be 0 past the count."""
    valid = int(oracle["valid"])
    if int(count) != valid:
        return "count: got %d, expected validOutputs %d" % (int(count), valid)
    bad = suite.index_slots(keep, oracle["indices"], capacity, fill=0)
    if bad:
        return bad
    if np.any(scores[valid:] != 0):
        return "unused score slots are not 0"
    return None


def compare(keep, scores, count, oracle, capacity):
    """None if the compiled result is tfjs's; else what differs."""
    if "valid" in oracle:
        return compare_padded(keep, scores, count, oracle, capacity)
    want = np.asarray(oracle["indices"], np.int64)
    if int(count) != len(want):
        return "count: got %d, expected %d (expected %s)" % (int(count), len(want), want[:10].tolist())
    return (suite.index_slots(keep, want, capacity)
            or suite.kept_scores(scores, oracle_scores(oracle), REL_TOL, equal_infinities=True))


def comparison_self_check(problems):
    oracle = {"indices": [3, 1], "scores": [0.9, 0.5]}
    keep = np.array([3, 1, -1], np.int32)
    sc = np.array([0.9, 0.5, 0], F32)
    if compare(keep, sc, 2, oracle, 3) is not None:
        problems.append("compare rejects a right answer")
    wrong = [("order", np.array([1, 3, -1], np.int32), sc, 2), ("count", keep, sc, 3),
             ("padding", np.array([3, 1, 0], np.int32), sc, 2),
             ("score", keep, np.array([0.9, 0.5001, 0], F32), 2),
             ("score padding", keep, np.array([0.9, 0.5, 0.1], F32), 2),
             ("poison", np.full(3, harness.poison_value(np.int32)), sc, 2)]
    for what, k, s, n in wrong:
        if compare(k, s, n, oracle, 3) is None:
            problems.append("compare accepts a wrong answer: " + what)
    padded = {"indices": [3, 1, 0], "valid": 2}
    good = np.array([3, 1, 0, 0], np.int32)
    zeros = np.array([0.9, 0.5, 0, 0], F32)
    if compare(good, zeros, 2, padded, 4) is not None:
        problems.append("compare rejects a right padded answer")
    for what, k, n in [("padding -1", np.array([3, 1, -1, -1], np.int32), 2), ("valid", good, 3),
                       ("order", np.array([1, 3, 0, 0], np.int32), 2)]:
        if compare(k, zeros, n, padded, 4) is None:
            problems.append("compare accepts a wrong padded answer: " + what)


def summary(run):
    scores_total = scores_exact = selections = padded_cases = 0
    for (keep, sc, cnt), o in zip(run.results, run.expected):
        if "valid" in o:
            padded_cases += 1
            continue
        want = oracle_scores(o)
        scores_total += len(want)
        scores_exact += int(np.sum(sc[: len(want)].view(np.uint32) == want.view(np.uint32)))
        selections += len(want)
    return ("%d random + %d edge cases against tfjs nonMaxSuppressionWithScore, 0 mismatches "
            "(%d selections; %d of %d scores bit-identical; %d of the cases against "
            "nonMaxSuppressionPadded)" % (len(run.random), len(run.edges), selections,
                                          scores_exact, scores_total, padded_cases))


SUITE = suite.Suite(
    name="soft_nms_tfjs", doc=__doc__,
    module_text=lambda run: module_text(CONFIGS),
    cases=lambda run, rng: (random_cases(rng, run.args.random), edge_cases()),
    oracle=lambda run: run_tfjs(run.cases, run.args.workdir, run.args.node),
    compare=lambda case, got, want: compare(*got, want, case.cfg.capacity),
    summary=summary,
    self_check=comparison_self_check,
    add_arguments=lambda ap: ap.add_argument("--node", default="node"),
    call=lambda c: (c.cfg.name, list(c.padded())))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
