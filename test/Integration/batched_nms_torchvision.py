#!/usr/bin/python3
"""Differential test: compiled `detect.batched_nms` against torchvision.

    /usr/bin/python3 batched_nms_torchvision.py --route llvm|c [--sanitize] \
        --detect-opt PATH --workdir DIR [--seed S] [--random K]

The module under test holds, for each strategy S (per_class,
coordinate_offset), functions over N = 64, 1024 and 5000 boxes with
`valid(%n : i32)`, so that one compiled module serves every size from 0 to
5000: the IoU threshold as a run-time f32 operand or as an attribute (0.3 and
0.7, whose f32 roundings lie on either side of the real number), a capacity
below N, and i32 class indices and results.

Oracles, torchvision's own code on float32 tensors of the first n rows:
- strategy(coordinate_offset): torchvision.ops.boxes._batched_nms_coordinate_trick;
- strategy(per_class): torchvision.ops.boxes._batched_nms_vanilla;
- and torchvision.ops.batched_nms itself, which picks one of the two by size
  (the coordinate trick up to 1000 boxes on the CPU, the per-class loop
  above): every case is also compared with it, through the strategy it picks.

Ties: the coordinate trick returns torchvision's nms order, whose CPU sort is
stable (equal scores lower index first, detect's rule; see nms_torchvision.py):
compared exactly. The per-class loop ends with an unstable sort by score, so
torchvision leaves the order of equal scores unspecified there: the test first
checks that its result is sorted by non-increasing score, then orders each run
of equal scores by index (detect's rule) and compares exactly. Only the order
inside runs of equal scores is relaxed; the set of kept boxes, their scores in
order and the count are compared exactly. A capacity K < n compares with the
first K of that order.

The two routes of one lit run share torchvision's results (--oracle-cache):
its per-class loop in Python is most of the test's time.

Inputs torchvision does not define are not sent to it: NaN scores (its sort
puts NaN first; detect never selects a NaN score, the rule of detect.nms,
which test/Integration/nms_torchvision.py tests).
"""

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass
from typing import Optional

sys.dont_write_bytecode = True

from detect_harness import generators as gen, harness, suite  # noqa: E402

np = harness.np
torch, torchvision = harness.require_torchvision("batched_nms_torchvision.py")
from torchvision.ops import boxes as tv_boxes  # noqa: E402

F32 = np.float32
STRATEGIES = ["per_class", "coordinate_offset"]
ORACLES = {
    "per_class": tv_boxes._batched_nms_vanilla,
    "coordinate_offset": tv_boxes._batched_nms_coordinate_trick,
}


@dataclass(frozen=True)
class Config:
    name: str
    strategy: str
    N: int
    iou: Optional[float] = None   # attribute; None: run-time f32 operand
    K: Optional[int] = None       # capacity (default N)
    itype: str = "i64"
    weight: int = 0

    @property
    def capacity(self):
        return self.N if self.K is None else self.K


def configs():
    out = []
    for s in STRATEGIES:
        short = "pc" if s == "per_class" else "co"
        out += [
            Config("bn_%s_64" % short, s, 64, weight=60),
            Config("bn_%s_64_iou0p3" % short, s, 64, iou=0.3, weight=10),
            Config("bn_%s_64_iou0p7" % short, s, 64, iou=0.7, weight=10),
            Config("bn_%s_64_k5" % short, s, 64, K=5, weight=8),
            Config("bn_%s_64_i32" % short, s, 64, itype="i32", weight=8),
            Config("bn_%s_1024" % short, s, 1024, weight=4),
            Config("bn_%s_5000" % short, s, 5000, weight=0),
        ]
    return out


CONFIGS = configs()
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(c: Config):
    k = c.capacity
    args = "%boxes: tensor<{N}x4xf32>, %scores: tensor<{N}xf32>, %idxs: tensor<{N}x{t}>, %n: i32".format(
        N=c.N, t=c.itype)
    extra, thr = gen.f32_rule("iou_threshold", c.iou, "%t")
    args += extra
    op = "detect.batched_nms %%boxes, %%scores, %%idxs valid(%%n : i32) %s strategy(%s)" % (thr, c.strategy)
    return gen.keep_count_function(c.name, args, op, "tensor<{N}x4xf32>, tensor<{N}xf32>, tensor<{N}x{t}>".format(
        N=c.N, t=c.itype), k, c.itype)


def module_text():
    return gen.module_text("batched_nms_torchvision.py", CONFIGS, function_text)


# ----------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------


@dataclass
class Case(gen.BoxCase):
    """boxes [n, 4] f32, scores [n] f32."""
    idxs: np.ndarray     # [n] int64
    iou: float = 0.5     # the run-time threshold (f32-representable)

    @property
    def threshold(self):
        return self.cfg.iou if self.cfg.iou is not None else self.iou

    def args(self):
        c = self.cfg
        itype = np.int64 if c.itype == "i64" else np.int32
        # Rows past n are garbage the op must not read: large boxes, high
        # scores, class 0.
        out = [gen.padded(self.boxes, c.N, [-1e6, -1e6, 1e6, 1e6]), gen.padded(self.scores, c.N, 1e30),
               gen.padded(self.idxs.astype(itype), c.N, 0, itype), np.int32(self.n)]
        if c.iou is None:
            out.append(F32(self.iou))
        return out

    def describe(self):
        return "%s [@%s n=%d iou=%r, %d classes]" % (
            self.what, self.cfg.name, self.n, self.threshold, len(np.unique(self.idxs)))


BOX_KINDS = [gen.Cluster(200, 4, (5, 40)), gen.Spread((0, 1000), (10, 100)), gen.Grid(12, 4, 4),
             gen.Spread((0, 1), (0.01, 0.3))]


def gen_boxes(rng, n):
    """[n, 4] xyxy: clustered (heavy overlap), spread, grid-aligned (exact
    IoU ties), normalised; sometimes duplicates, zero sizes, flipped corners
    and negative coordinates."""
    c, wh = gen.centres_and_sizes(rng, BOX_KINDS, n, (n,))
    gen.duplicate_some(rng, n, (), c, wh)
    wh = gen.empty_some(rng, 0.15, wh)
    b = np.concatenate([c - wh / 2, c + wh / 2], axis=1)
    if rng.random() < 0.1:  # flipped corners: used as given
        f = rng.random(n) < 0.2
        b[f] = b[f][:, [2, 3, 0, 1]]
    if rng.random() < 0.1:  # negative coordinates: the shift may not separate classes
        b = b - rng.uniform(0, 1.5) * b.max(initial=1.0)
    return b.astype(F32)


def gen_scores(rng, n):
    s = gen.scores(rng, n)
    if n:
        gen.non_finite_some(rng, s)
    return s


def gen_idxs(rng, n):
    kind = rng.integers(0, 6)
    if kind == 0:
        return np.zeros(n, np.int64)
    if kind == 1:
        return rng.integers(0, 3, n).astype(np.int64)
    if kind == 2:
        return rng.integers(0, 80, n).astype(np.int64)
    if kind == 3:  # all distinct
        return rng.permutation(n).astype(np.int64)
    if kind == 4:  # negative and sparse class values
        return rng.choice(np.array([-7, -1, 3, 1000], np.int64), n)
    # Large values: idxs.to(float32) rounds them.
    return rng.choice(np.array([0, (1 << 24) + 1, 1 << 40, -(1 << 30) - 3], np.int64), n)


IOUS = [0.0, 0.25, 0.5, 0.75, 1.0]


def random_case(rng, cfg: Config, k):
    n = gen.size_for_capacity(rng, cfg.N)
    iou = float(rng.choice(IOUS)) if rng.random() < 0.6 else float(F32(rng.uniform(0, 1)))
    idxs = gen_idxs(rng, n)
    if cfg.itype == "i32":  # what an i32 operand holds (the oracle sees the same)
        idxs = idxs.astype(np.int32).astype(np.int64)
    return Case("random #%d" % k, cfg, gen_boxes(rng, n), gen_scores(rng, n), idxs, iou)


def random_cases(rng, count):
    """`count` cases per strategy."""
    cases = []
    for s in STRATEGIES:
        pool = [c for c in CONFIGS if c.strategy == s]
        weighted = [c for c in pool if c.weight for _ in range(c.weight)]
        big = [c for c in pool if c.N == 5000][0]
        n_big = max(4, count // 500)
        for k in range(count - n_big):
            cases.append(random_case(rng, weighted[rng.integers(0, len(weighted))], len(cases)))
        for k in range(n_big):
            cases.append(random_case(rng, big, len(cases)))
    return cases


def edge_cases():
    out = []
    inf = np.inf
    for s in STRATEGIES:
        short = "pc" if s == "per_class" else "co"
        c64 = BY_NAME["bn_%s_64" % short]
        same = np.array([[10, 20, 50, 70]] * 6, F32)

        def add(what, boxes, scores, idxs, iou=0.5, cfg=c64):
            out.append(Case("%s (%s)" % (what, s), cfg, np.asarray(boxes, F32).reshape(-1, 4),
                            np.asarray(scores, F32), np.asarray(idxs, np.int64), iou))

        add("no boxes", np.zeros((0, 4)), [], [])
        add("one box", [[0, 0, 1, 1]], [0.5], [3])
        add("identical boxes, one class", same, [0.5] * 6, [0] * 6)
        add("identical boxes, two classes: one survivor each", same, [0.5, 0.6, 0.5, 0.6, 0.7, 0.1],
            [0, 1, 0, 1, 0, 1])
        add("identical boxes, equal scores, all classes distinct", same, [0.5] * 6, [5, 4, 3, 2, 1, 0])
        add("identical boxes, equal scores, t=1", same, [0.5] * 6, [0, 0, 1, 1, 2, 2], 1.0)
        touching = [[0, 0, 2, 2], [0, 2, 2, 4], [0, 1.999, 2, 4], [0, 0, 2, 2]]
        add("t=0: touching boxes kept", touching, [0.9, 0.8, 0.7, 0.6], [0, 0, 0, 1], 0.0)
        half = [[0, 0, 2, 2], [0, 0, 2, 1], [0, 0, 1, 2]]
        add("IoU exactly at the threshold is kept", half, [0.9, 0.8, 0.7], [1, 1, 1], 0.5)
        zero = [[5, 5, 5, 5], [5, 5, 5, 5], [0, 0, 10, 10], [2, 2, 2, 8]]
        add("zero-area boxes: 0/0 IoU never suppresses", zero, [0.9, 0.8, 0.7, 0.6], [0, 0, 0, 0], 0.0)
        add("negative classes", same[:4], [0.9, 0.8, 0.7, 0.6], [-1, -2, -1, -2])
        neg = [[-10, -10, -5, -5], [-10, -10, -5, -5], [-9, -9, -4, -4]]
        add("negative coordinates", neg, [0.9, 0.8, 0.7], [0, 1, 2])
        add("infinite scores", same[:4], [inf, -inf, 0.5, inf], [0, 1, 0, 1])
        add("class values beyond float precision", same[:4], [0.9, 0.8, 0.7, 0.6],
            [1 << 24, (1 << 24) + 1, 1 << 40, (1 << 40) + 1])
        big = [[0, 0, 1e30, 1e30], [0, 0, 1e30, 1e30], [1, 1, 2, 2], [1, 1, 2, 2]]
        add("huge coordinates", big, [0.9, 0.8, 0.7, 0.6], [0, 1, 0, 1])
        add("infinite coordinate", [[0, 0, inf, 1], [0, 0, 5, 1], [1, 1, 2, 2]], [0.9, 0.8, 0.7], [0, 0, 1])
        # The rows past n (garbage) must not raise the maximum coordinate.
        add("only the valid rows count", [[0, 0, 1, 1], [0.1, 0, 1.1, 1]], [0.9, 0.8], [0, 1], 0.5)
        k5 = BY_NAME["bn_%s_64_k5" % short]
        rows = [[0, 10 * i, 5, 10 * i + 5] for i in range(12)]
        add("more kept boxes than the capacity", rows, np.linspace(0.9, 0.1, 12), [i % 3 for i in range(12)],
            0.5, k5)
        add("ties at the capacity boundary", rows, [0.5] * 12, [i % 4 for i in range(12)], 0.5, k5)
        for N in (1024, 5000):
            cfg = BY_NAME["bn_%s_%d" % (short, N)]
            rng = np.random.default_rng(N)
            b = gen_boxes(rng, N)
            add("full %d boxes, 80 classes" % N, b, rng.uniform(0, 1, N), rng.integers(0, 80, N), 0.5, cfg)
            add("full %d boxes, all classes distinct" % N, b, rng.integers(0, 3, N) / 2, np.arange(N), 0.5, cfg)
    return out


# ----------------------------------------------------------------------------
# Oracle and comparison
# ----------------------------------------------------------------------------


def tensors(case):
    return (torch.from_numpy(case.boxes.copy()), torch.from_numpy(case.scores.copy()),
            torch.from_numpy(case.idxs.copy()))


def oracle(case):
    """torchvision's result for the case's strategy, and for its public
    batched_nms (with the strategy that one picks at this size)."""
    b, s, i = tensors(case)
    own = ORACLES[case.cfg.strategy](b, s, i, case.threshold).numpy()
    public = torchvision.ops.batched_nms(b, s, i, case.threshold).numpy()
    public_strategy = "per_class" if b.numel() > 4000 else "coordinate_offset"
    return own, public, public_strategy


def canonical(keep, scores, strategy, problems, what):
    """torchvision's order with each run of equal scores by index when its
    order is unspecified there (per_class)."""
    keep = [int(x) for x in keep]
    sc = [float(scores[k]) for k in keep]
    if any(sc[j] < sc[j + 1] for j in range(len(sc) - 1)):
        problems.append("%s: torchvision's result is not sorted by score: %s" % (what, keep[:16]))
    if strategy == "coordinate_offset":
        return keep
    return sorted(keep, key=lambda k: (-float(scores[k]), k))


def compare(indices, count, want, capacity):
    want = want[:capacity]
    expect = np.full(capacity, -1, np.int64)
    expect[: len(want)] = want
    got = np.asarray(indices, np.int64)
    if int(count) != len(want):
        return "count: got %d, expected %d (expected %s%s)" % (
            int(count), len(want), want[:10], "..." if len(want) > 10 else "")
    bad = np.nonzero(got != expect)[0]
    if len(bad):
        j = int(bad[0])
        return "slot %d: got %d, expected %d (got %s, expected %s)" % (
            j, got[j], expect[j], got[max(0, j - 3): j + 5].tolist(), expect[max(0, j - 3): j + 5].tolist())
    return None


def comparison_self_check(problems):
    scores = np.array([0.9, 0.5, 0.5, 0.1], F32)
    if canonical([0, 2, 1], scores, "per_class", problems, "self-check") != [0, 1, 2]:
        problems.append("canonical does not order ties by index")
    if canonical([0, 2, 1], scores, "coordinate_offset", problems, "self-check") != [0, 2, 1]:
        problems.append("canonical reorders the coordinate trick's result")
    p = []
    canonical([1, 0], scores, "per_class", p, "self-check")
    if not p:
        problems.append("canonical accepts a result not sorted by score")
    good = np.array([0, 1, 2, -1], np.int64)
    if compare(good, 3, [0, 1, 2], 4) is not None:
        problems.append("compare rejects a right answer")
    for what, got, cnt in [("order", np.array([1, 0, 2, -1]), 3), ("count", good, 2),
                           ("padding", np.array([0, 1, 2, 0]), 3),
                           ("poison", np.full(4, harness.poison_value(np.int64)), 3)]:
        if compare(got, cnt, [0, 1, 2], 4) is None:
            problems.append("compare accepts a wrong answer: " + what)


def expected_results(run):
    """torchvision's answers; its per-class loop is slow in Python, so the
    routes of one run share them through --oracle-cache (the same seed and
    count give the same cases)."""
    args, cases, problems = run.args, run.cases, run.problems
    key = "%d-%d-%s" % (args.seed, args.random, hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:16])
    if args.oracle_cache and os.path.exists(args.oracle_cache):
        with open(args.oracle_cache, "rb") as f:
            cached = pickle.load(f)
        if cached.get("key") == key:
            run.public_checks = cached["public_checks"]
            return cached["expected"]
    expected, run.public_checks = [], 0
    for case in cases:
        own, public, public_strategy = oracle(case)
        want = canonical(own, case.scores, case.cfg.strategy, problems, case.describe())
        expected.append(want)
        if public_strategy == case.cfg.strategy:
            run.public_checks += 1
            if canonical(public, case.scores, case.cfg.strategy, problems, case.describe()) != want:
                problems.append("torchvision.ops.batched_nms disagrees with its own %s path on %s" % (
                    case.cfg.strategy, case.describe()))
    if args.oracle_cache and not problems:
        with open(args.oracle_cache, "wb") as f:
            pickle.dump({"key": key, "expected": expected, "public_checks": run.public_checks}, f)
    return expected


def summary(run):
    kept = sum(min(len(want), case.cfg.capacity) for case, want in zip(run.cases, run.expected))
    return ("%d random + %d edge cases (%s), %d also against torchvision.ops.batched_nms; "
            "%d kept boxes, 0 mismatches" % (
                len(run.random), len(run.edges),
                ", ".join("%s %d" % (s, sum(1 for c in run.cases if c.cfg.strategy == s))
                          for s in STRATEGIES),
                run.public_checks, kept))


SUITE = suite.Suite(
    name="batched_nms", doc=__doc__,
    module_text=lambda run: module_text(),
    cases=lambda run, rng: (random_cases(rng, run.args.random), edge_cases()),
    oracle=expected_results,
    compare=lambda case, got, want: compare(got[0], got[1], want, case.cfg.capacity),
    summary=summary,
    self_check=comparison_self_check,
    add_arguments=lambda ap: ap.add_argument(
        "--oracle-cache", default="",
        help="file keeping torchvision's results for another route of the same cases"),
    failure_inputs=lambda case: dict(boxes=case.boxes, scores=case.scores, idxs=case.idxs,
                                     iou=case.threshold, function=case.cfg.name),
    random_help="random cases per strategy")

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
