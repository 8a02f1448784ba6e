"""Random cases of the differential suites: which configuration, how many
boxes, and boxes that stress NMS (clusters, exact ties, duplicates, empty
boxes).

The suites draw from one numpy Generator seeded on the command line, so
every helper here draws in a fixed order: the same seed gives the same cases
on every route, which lets a route reuse the oracle's results of another.
"""

from dataclasses import dataclass
from typing import Any, Tuple

from detect_harness import harness

np = harness.np


def weighted_cases(rng, configs, count, random_case, large=(), n_large=3):
    """`count` cases of configurations drawn by their `weight`, then
    `n_large` cases taking the configurations of `large` in turn."""
    weighted = [c for c in configs for _ in range(c.weight)]
    cases = [random_case(rng, weighted[rng.integers(0, len(weighted))], k) for k in range(count)]
    cases += [random_case(rng, large[k % len(large)], count + k) for k in range(n_large if large else 0)]
    return cases


def size_for_capacity(rng, N):
    """A box count in the tier of the capacity N: 0-64, 65-1024, 1025-5000,
    so that each function is run at the sizes it alone covers."""
    if N == 64:
        return int(rng.integers(0, 65))
    if N == 1024:
        return int(rng.integers(65, 1025))
    return int(rng.integers(1025, 5001))


def random_size(rng, N, p_empty):
    """0 boxes with probability p_empty, all N up to 0.6, else 1 to N."""
    r = rng.random()
    return 0 if r < p_empty else N if r < 0.6 else int(rng.integers(1, N + 1))


@dataclass(frozen=True)
class Cluster:
    """Centres around a few points (one per `per` boxes) in [0, extent)^2,
    normal offsets of sigma: heavy overlap."""
    extent: float
    sigma: float
    sizes: Tuple[float, float]
    per: int = 8


@dataclass(frozen=True)
class Spread:
    """Uniform centres and sizes."""
    centres: Tuple[float, float]
    sizes: Tuple[float, float]


@dataclass(frozen=True)
class Grid:
    """Integer centres and sizes times `step` (a float divisor when
    `divide`): equal IoUs, IoUs exactly at thresholds."""
    cells: int
    sizes: int
    step: float = 1
    divide: bool = False


def centres_and_sizes(rng, kinds, count, shape):
    """(centres, sizes), each of shape + (2,), of one kind drawn from
    `kinds`; `count` is the number of boxes per batch."""
    kind = kinds[rng.integers(0, len(kinds))]
    if isinstance(kind, Cluster):
        centres = rng.uniform(0, kind.extent, (max(1, count // kind.per), 2))
        c = centres[rng.integers(0, len(centres), shape)] + rng.normal(0, kind.sigma, shape + (2,))
        return c, rng.uniform(*kind.sizes, shape + (2,))
    if isinstance(kind, Spread):
        return rng.uniform(*kind.centres, shape + (2,)), rng.uniform(*kind.sizes, shape + (2,))
    c = rng.integers(0, kind.cells, shape + (2,)).astype(float)
    wh = rng.integers(1, kind.sizes, shape + (2,)).astype(float)
    if kind.divide:
        return c / kind.step, wh / kind.step
    return c * kind.step, wh * kind.step


def duplicate_some(rng, n, batch, *arrays):
    """Sometimes (n > 1, p 0.3) a fifth of the boxes of each batch copy
    another box of it: the arrays are [*batch, n, ...]."""
    if n > 1 and rng.random() < 0.3:
        dup = rng.random(batch + (n,)) < 0.2
        src = rng.integers(0, n, batch + (n,))
        if not batch:
            for a in arrays:
                a[dup] = a[src[dup]]
            return
        for b in range(batch[0]):
            for a in arrays:
                a[b][dup[b]] = a[b][src[b][dup[b]]]


def empty_some(rng, p, wh):
    """With probability p, a tenth of the sides 0 (empty boxes overlap one
    another fully in some conventions, not at all in others)."""
    if rng.random() < p:
        return np.where(rng.random(wh.shape) < 0.1, np.zeros_like(wh), wh)
    return wh


# The kinds of score arrays: uniform, few levels (ties, resolved by index),
# logits (negatives), sparse (most below any threshold).
SCORE_KINDS = ("uniform", "levels", "logits", "sparse")


def scores(rng, shape, kinds=SCORE_KINDS, logits=(0, 2)):
    """float32 scores of one kind drawn from `kinds`; logits ~ N(*logits)."""
    kind = kinds[rng.integers(0, len(kinds))]
    if kind == "uniform":
        s = rng.uniform(0, 1, shape)
    elif kind == "levels":
        s = rng.integers(0, 5, shape) / 4
    elif kind == "logits":
        s = rng.normal(*logits, shape)
    else:
        s = np.where(rng.random(shape) < 0.1, rng.uniform(0.5, 1, shape), rng.uniform(0, 0.05, shape))
    return s.astype(np.float32)


def non_finite_some(rng, s, values=(np.inf, -np.inf)):
    """Sometimes (p 0.05) a twentieth of the scores one of `values`."""
    if rng.random() < 0.05 and s.size:
        s.flat[rng.integers(0, s.size, max(1, s.size // 20))] = rng.choice(values)
    return s


@dataclass
class BoxCase:
    """A case of n boxes and their scores for the function of `cfg`, whose
    capacity is cfg.N; suites add their operands."""
    what: str
    cfg: Any
    boxes: np.ndarray
    scores: np.ndarray

    @property
    def n(self):
        return len(self.scores)


def padded(rows, N, fill, dtype=np.float32, axis=0):
    """`rows` (n along `axis`) then `fill` up to N: a function's operand of
    capacity N holding n valid rows (what follows them must not be read, so
    suites fill it with values that would change the result)."""
    rows = np.asarray(rows)
    shape = list(rows.shape)
    shape[axis] = N
    out = np.empty(shape, dtype)
    out[...] = fill
    out[(slice(None),) * axis + (slice(0, rows.shape[axis]),)] = rows
    return out


def module_text(script, configs, function_text):
    """The module under test: one function per configuration."""
    return "// Generated by test/Integration/%s.\n" % script + "\n".join(
        function_text(c) for c in configs) + "\n"


def sized_cases(rng, configs, count, large, make, p_empty=0.1):
    """weighted_cases whose cases hold random_size(p_empty) boxes:
    make(what, cfg, n) builds one."""
    def one(rng, cfg, k):
        return make("random #%d" % k, cfg, random_size(rng, cfg.N, p_empty))
    return weighted_cases(rng, configs, count, one, large)


def f32_rule(rule, value, operand):
    """(extra function arguments, the op's rule) for an f32 parameter that
    is an attribute, or with value None a run-time operand."""
    if value is None:
        return ", %s: f32" % operand, "%s(%s : f32)" % (rule, operand)
    return "", "%s(%r)" % (rule, value)


def keep_count_function(name, args, op, operand_types, k, t):
    """func @name(args) returning the `%keep, %count` of `op` (its operands
    of operand_types): K = k indices and their count, of integer type t."""
    return ("func.func @{name}({args}) -> (tensor<{k}x{t}>, {t}) {{\n"
            "  %keep, %count = {op}\n"
            "      : {ins} -> tensor<{k}x{t}>, {t}\n"
            "  return %keep, %count : tensor<{k}x{t}>, {t}\n"
            "}}").format(name=name, args=args, op=op, ins=operand_types, k=k, t=t)
