#!/usr/bin/python3
"""Differential test: compiled `detect.remove_small_boxes` against torchvision.

    /usr/bin/python3 remove_small_boxes_torchvision.py --route llvm|c [--sanitize] \
        --detect-opt PATH --workdir DIR [--seed S] [--random K]

The module under test holds functions over N = 64 and 5000 boxes with
`valid(%n : i32)`: `min_size` as attributes (0, 1e-3, 0.7, 1 and 5: 0.7's
f32 rounding lies below the real number, 1e-3's above) and as a run-time f32
operand, a capacity below N, and i32 results.

Oracle: torchvision.ops.remove_small_boxes(boxes[:n], min_size) on a float32
tensor, with min_size the attribute's value as a Python float (torch rounds
it to float32 for the comparison: that rounding is part of what is tested) or
the operand's f32 value. The result must equal torchvision's indices (a
capacity K < n: the first K), the unused slots -1, the count their number.
torchvision defines every input here: a NaN side fails `>=` and the box is
dropped, so NaN and infinite coordinates are sent to it too.
"""

import sys
from dataclasses import dataclass
from typing import Optional

sys.dont_write_bytecode = True

from detect_harness import generators as gen, harness, suite  # noqa: E402

np = harness.np
torch, torchvision = harness.require_torchvision("remove_small_boxes_torchvision.py")

F32 = np.float32


@dataclass(frozen=True)
class Config:
    name: str
    N: int
    min_size: Optional[float] = None  # attribute; None: run-time f32 operand
    K: Optional[int] = None
    itype: str = "i64"
    weight: int = 0

    @property
    def capacity(self):
        return self.N if self.K is None else self.K


CONFIGS = [
    Config("rsb_0", 64, 0.0, weight=5),
    Config("rsb_1em3", 64, 1e-3, weight=5),
    Config("rsb_0p7", 64, 0.7, weight=10),
    Config("rsb_1", 64, 1.0, weight=10),
    Config("rsb_5", 64, 5.0, weight=10),
    Config("rsb_op", 64, weight=40),
    Config("rsb_k7", 64, K=7, weight=10),
    Config("rsb_i32", 64, itype="i32", weight=10),
    Config("rsb_5000", 5000),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(c: Config):
    args = "%%boxes: tensor<%dx4xf32>, %%n: i32" % c.N
    extra, rule = gen.f32_rule("min_size", c.min_size, "%m")
    args += extra
    op = "detect.remove_small_boxes %%boxes valid(%%n : i32) %s" % rule
    return gen.keep_count_function(c.name, args, op, "tensor<%dx4xf32>" % c.N, c.capacity, c.itype)


def module_text():
    return gen.module_text("remove_small_boxes_torchvision.py", CONFIGS, function_text)


@dataclass
class Case:
    what: str
    cfg: Config
    boxes: np.ndarray
    m: float = 1.0  # the run-time minimum size (f32-representable)

    @property
    def n(self):
        return len(self.boxes)

    @property
    def min_size(self):
        return self.cfg.min_size if self.cfg.min_size is not None else self.m

    def args(self):
        # Garbage past n: large boxes.
        out = [gen.padded(self.boxes, self.cfg.N, [0, 0, 1e6, 1e6]), np.int32(self.n)]
        if self.cfg.min_size is None:
            out.append(F32(self.m))
        return out

    def describe(self):
        return "%s [@%s n=%d min_size=%r]" % (self.what, self.cfg.name, self.n, self.min_size)


SIZES = [0.0, 1e-3, 0.5, 0.7, 1.0, 2.0, 5.0, 10.0]


def gen_boxes(rng, n, m):
    """Sides drawn around the minimum size: exactly at it, one ulp either
    side, its f32 and real values, zero, negative (flipped), NaN, infinite."""
    x1 = rng.uniform(-50, 500, (n, 2)).astype(F32)
    kind = rng.integers(0, 3)
    if kind == 0:
        side = rng.uniform(0, 3 * max(m, 1e-3), (n, 2))
    elif kind == 1:
        m32 = F32(m)
        choices = np.array([m32, np.nextafter(m32, F32(np.inf)), np.nextafter(m32, F32(-np.inf)), 0, 2 * m32,
                            m32 / 2, -m32, 1e-8], F32)
        side = rng.choice(choices, (n, 2))
    else:
        side = rng.exponential(max(m, 0.1), (n, 2))
    side = side.astype(F32)
    x2 = (x1 + side).astype(F32)
    b = np.concatenate([x1, x2], axis=1)[:, [0, 1, 2, 3]]
    if rng.random() < 0.1:
        b[rng.random((n, 4)) < 0.05] = np.nan
    if rng.random() < 0.1:
        b[rng.random((n, 4)) < 0.05] = rng.choice([np.inf, -np.inf])
    return b.astype(F32)


def random_case(rng, cfg, k):
    n = int(rng.integers(0, cfg.N + 1)) if cfg.N == 64 else int(rng.integers(65, cfg.N + 1))
    m = float(rng.choice(SIZES)) if rng.random() < 0.7 else float(F32(rng.uniform(0, 10)))
    m = float(F32(m))
    size = cfg.min_size if cfg.min_size is not None else m
    return Case("random #%d" % k, cfg, gen_boxes(rng, n, size), m)


def random_cases(rng, count):
    n_big = max(4, count // 500)
    return gen.weighted_cases(rng, CONFIGS, count - n_big, random_case, [BY_NAME["rsb_5000"]], n_big)


def edge_cases():
    c = []
    inf, nan = np.inf, np.nan
    f07 = float(F32(0.7))
    add = lambda what, cfg, boxes, m=1.0: c.append(Case(what, BY_NAME[cfg], np.asarray(boxes, F32).reshape(-1, 4), m))
    add("no boxes", "rsb_op", np.zeros((0, 4)))
    add("side exactly min_size is kept", "rsb_1", [[0, 0, 1, 1], [0, 0, 1, 0.99999994], [2, 2, 3, 4]])
    add("min_size 0.7 compared in f32", "rsb_0p7", [[0, 0, f07, f07], [0, 0, 0.7, 1], [0, 0, 0.69999993, 1]])
    add("zero size with min_size 0", "rsb_0", [[1, 1, 1, 1], [1, 1, 0, 2], [0, 0, -0.0, 0]])
    add("flipped boxes have negative sides", "rsb_1", [[10, 10, 0, 0], [0, 10, 10, 0], [0, 0, 10, 10]])
    add("NaN and infinite corners", "rsb_1", [[nan, 0, 1, 1], [0, 0, inf, 5], [-inf, 0, inf, 5], [0, 0, 5, nan],
                                             [inf, inf, inf, inf]])
    add("negative run-time min_size keeps flipped boxes", "rsb_op", [[1, 1, 0, 0], [0, 0, 1, 1]], -2.0)
    add("more boxes than the capacity", "rsb_k7", [[0, 0, 5, 5]] * 20)
    add("full 5000 boxes", "rsb_5000", [[0, 0, i % 3, 2] for i in range(5000)], 1.0)
    return c


def oracle(case):
    b = torch.from_numpy(case.boxes.copy())
    return [int(x) for x in torchvision.ops.remove_small_boxes(b, case.min_size).tolist()]


def comparison_self_check(problems):
    suite.index_comparison_self_check(suite.compare_indices, problems)
    # The f32 rounding of min_size that the attribute cases rely on.
    if oracle(Case("probe", BY_NAME["rsb_0p7"], np.array([[0, 0, F32(0.7), 1]], F32))) != [0]:
        problems.append("torchvision no longer compares min_size in float32")


SUITE = suite.Suite(
    name="remove_small_boxes", doc=__doc__,
    module_text=lambda run: module_text(),
    cases=lambda run, rng: (random_cases(rng, run.args.random), edge_cases()),
    oracle=lambda run: [oracle(c) for c in run.cases],
    compare=lambda case, got, want: suite.compare_indices(got[0], got[1], want, case.cfg.capacity),
    summary=lambda run: "%d random + %d edge cases against torchvision, 0 mismatches" % (
        len(run.random), len(run.edges)),
    self_check=comparison_self_check,
    failure_inputs=lambda case: dict(boxes=case.boxes, min_size=case.min_size,
                                     function=case.cfg.name))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
