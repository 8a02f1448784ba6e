"""Differential test of the fixed-point strategy of detect.iou against
torchvision, on integer-valued boxes (its integer path) and on boxes it must
hand to the float formula (fractions, out of range, NaN, infinities, -0).

    iou_fixed_point_torchvision.py --route llvm|c --detect-opt PATH --workdir DIR

Every function is compiled twice: with iou-strategy=fixed-point and with the
reference strategy (float). Both must equal the oracle (NaN matches NaN; the
sign of a zero aside: torch.clamp keeps -0 where the reference lowering's
maximumf gives +0, for an intersection side of -0), and the two strategies
must agree bit for bit, signs of zeros included. The oracle is torchvision: box_convert to corners, then
_box_inter_union (the intersection and union of torchvision's box_iou, in its
float32 operations) and their ratio; the degenerate rules of TensorFlow
(zero_area: 0 when an area is <= 0) and TVM (zero_union: 0 when the union is
<= 0) are applied to torchvision's areas and union; normalize_corners orders
each box's corners first (min/max, exact).
"""
from dataclasses import dataclass
import sys

sys.dont_write_bytecode = True

from detect_harness import exact_boxes  # noqa: E402
from detect_harness import harness, suite  # noqa: E402

import numpy as np  # noqa: E402

torch, torchvision = harness.require_torchvision("iou_fixed_point_torchvision.py")
from torchvision.ops.boxes import _box_inter_union  # noqa: E402

F32 = np.float32
NL, NR = 16, 24
LAYOUTS = ["xyxy", "cxcywh", "xywh"]
RULES = ["ieee", "zero_area", "zero_union"]
BOUND = exact_boxes.BOUND


def function_name(layout, rule, normalize):
    return "iou_%s_%s%s" % (layout, rule, "_n" if normalize else "")


def module_text():
    a_t, b_t, o_t = "tensor<%dx4xf32>" % NL, "tensor<%dx4xf32>" % NR, "tensor<%dx%dxf32>" % (NL, NR)
    fns = []
    for layout in LAYOUTS:
        for rule in RULES:
            for normalize in (False, True):
                attrs = " layout(%s) degenerate(%s)%s" % (layout, rule, " normalize_corners" if normalize else "")
                fns.append("func.func @%s(%%a: %s, %%b: %s) -> %s {\n"
                           "  %%0 = detect.iou %%a, %%b%s : %s, %s -> %s\n"
                           "  return %%0 : %s\n}" % (function_name(layout, rule, normalize), a_t, b_t, o_t,
                                                     attrs, a_t, b_t, o_t, o_t))
    return "\n".join(fns) + "\n"


def oracle(a, b, layout, rule, normalize):
    ta = torchvision.ops.box_convert(torch.from_numpy(a), layout, "xyxy")
    tb = torchvision.ops.box_convert(torch.from_numpy(b), layout, "xyxy")
    if normalize:
        ta = torch.stack([torch.minimum(ta[:, 0], ta[:, 2]), torch.minimum(ta[:, 1], ta[:, 3]),
                          torch.maximum(ta[:, 0], ta[:, 2]), torch.maximum(ta[:, 1], ta[:, 3])], 1)
        tb = torch.stack([torch.minimum(tb[:, 0], tb[:, 2]), torch.minimum(tb[:, 1], tb[:, 3]),
                          torch.maximum(tb[:, 0], tb[:, 2]), torch.maximum(tb[:, 1], tb[:, 3])], 1)
    inter, union = _box_inter_union(ta, tb)
    iou = (inter / union).numpy()
    if rule == "zero_area":
        area_a = torchvision.ops.box_area(ta).numpy()
        area_b = torchvision.ops.box_area(tb).numpy()
        iou = np.where((area_a[:, None] <= 0) | (area_b[None, :] <= 0), F32(0), iou)
    elif rule == "zero_union":
        iou = np.where(union.numpy() <= 0, F32(0), iou)
    return iou.astype(F32)


def integer_boxes(rng, n, layout):
    """Integer-valued boxes in [-BOUND, BOUND] as corners, clustered so that
    most pairs overlap, some flipped or empty, some on the bounds."""
    centre = rng.integers(-BOUND // 2, BOUND // 2, size=(1, 2))
    lo = np.clip(centre + rng.integers(-60, 60, size=(n, 2)), -BOUND, BOUND)
    hi = np.clip(lo + rng.integers(0, 120, size=(n, 2)), -BOUND, BOUND)
    c = np.concatenate([lo, hi], 1)
    flip = rng.random(n) < 0.1
    c[flip] = c[flip][:, [2, 3, 0, 1]]
    empty = rng.random(n) < 0.05
    c[empty, 2] = c[empty, 0]
    c[0] = [-BOUND, -BOUND, BOUND, BOUND]
    c[1] = [BOUND, BOUND, -BOUND, -BOUND]
    c = c.astype(F32)
    if layout == "xyxy":
        return c
    w, h = c[:, 2] - c[:, 0], c[:, 3] - c[:, 1]
    if layout == "xywh":
        return np.stack([c[:, 0], c[:, 1], w, h], 1).astype(F32)
    # cxcywh: integer centres and sizes; odd sizes give half-integer corners
    # (the float formula), even sizes integer corners.
    return np.stack([np.round((c[:, 0] + c[:, 2]) / 2), np.round((c[:, 1] + c[:, 3]) / 2), w, h], 1).astype(F32)


def other_values(rng, boxes):
    """Sprinkles values that are not exact integers in range."""
    return exact_boxes.sprinkle_inexact(rng, boxes, 0.08)


def values_equal(x, y):
    return np.array_equal(np.isnan(x), np.isnan(y)) and np.array_equal(
        np.where(np.isnan(x), F32(0), x), np.where(np.isnan(y), F32(0), y))


def bits_equal(x, y):
    return np.array_equal(np.isnan(x), np.isnan(y)) and np.array_equal(
        np.where(np.isnan(x), F32(0), x).view(np.uint32), np.where(np.isnan(y), F32(0), y).view(np.uint32))


@dataclass
class Case:
    fname: str
    kind: str          # "integer" or "other" inputs
    a: np.ndarray
    b: np.ndarray
    expected: np.ndarray

    def describe(self):
        return "@%s (%s inputs)" % (self.fname, self.kind)


def oracle_self_check(rng, problems):
    """For integer boxes in range, torchvision's float ratio equals the
    ratio of the exact integers (the premise of the strategy); a wrong
    oracle would make the comparison meaningless."""
    a, b = integer_boxes(rng, NL, "xyxy"), integer_boxes(rng, NR, "xyxy")
    ia, ib = a.astype(np.int64), b.astype(np.int64)
    iw = np.maximum(np.minimum(ia[:, None, 2], ib[None, :, 2]) - np.maximum(ia[:, None, 0], ib[None, :, 0]), 0)
    ih = np.maximum(np.minimum(ia[:, None, 3], ib[None, :, 3]) - np.maximum(ia[:, None, 1], ib[None, :, 1]), 0)
    inter = iw * ih
    union = ((ia[:, 2] - ia[:, 0]) * (ia[:, 3] - ia[:, 1]))[:, None] + \
        ((ib[:, 2] - ib[:, 0]) * (ib[:, 3] - ib[:, 1]))[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = inter.astype(F32) / union.astype(F32)
    if not bits_equal(exact, oracle(a, b, "xyxy", "ieee", False)):
        problems.append("torchvision's IoU of integer boxes is not the exact ratio")


def random_cases(run, rng):
    oracle_self_check(rng, run.problems)
    cases = []
    for layout in LAYOUTS:
        for rule in RULES:
            for normalize in (False, True):
                name = function_name(layout, rule, normalize)
                for kind in ("integer", "other"):
                    for _ in range(run.args.random):
                        a, b = integer_boxes(rng, NL, layout), integer_boxes(rng, NR, layout)
                        if kind == "other":
                            a, b = other_values(rng, a), other_values(rng, b)
                        cases.append(Case(name, kind, a, b, oracle(a, b, layout, rule, normalize)))
    return cases, []


def first_difference(x, y, same):
    i, j = np.argwhere(~same)[0]
    return i, j, x[i, j], y[i, j]


def compare(case, got, want):
    got = got[0]
    if values_equal(got, want):
        return None
    i, j, g, w = first_difference(got, want, (got == want) | (np.isnan(got) & np.isnan(want)))
    return "[%d, %d]: got %r, expected %r; boxes %s and %s" % (i, j, g, w, case.a[i], case.b[j])


def strategies_agree(run):
    """The fixed-point and the float strategy agree bit for bit."""
    differ = [(c, x[0], y[0]) for c, x, y in zip(run.cases, run.results_by["fixed-point"], run.results_by["float"])
              if not bits_equal(x[0], y[0])]
    if not differ:
        return None
    c, x, y = differ[0]
    i, j, xv, yv = first_difference(x, y, (x.view(np.uint32) == y.view(np.uint32)) | (np.isnan(x) & np.isnan(y)))
    return ("fixed-point and float differ in %d of %d cases; first: %s [%d, %d]: %r and %r; boxes %s and %s"
            % (len(differ), len(run.cases), c.describe(), i, j, xv, yv, c.a[i], c.b[j]))


SUITE = suite.Suite(
    name="iou_fixed_point", doc=__doc__, stem="iou",
    module_text=lambda run: module_text(),
    cases=random_cases,
    oracle=suite.expected_of_cases,
    compare=compare,
    summary=lambda run: (
        "%d functions (3 layouts x 3 degenerate rules x normalize), %d cases each for integer and other "
        "inputs: both strategies equal torchvision, and each other bit for bit" % (
            len(LAYOUTS) * len(RULES) * 2, run.args.random)),
    variants=suite.strategies("iou-strategy"),
    after=strategies_agree,
    call=lambda c: (c.fname, [c.a, c.b]),
    failure_inputs=lambda c: dict(a=c.a, b=c.b, function=c.fname),
    random_default=60, random_help="random cases per function and input kind")

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
