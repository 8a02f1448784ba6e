#!/usr/bin/python3
"""Differential test: compiled detect box ops against torchvision (and TFLite's
decode formula).

    /usr/bin/python3 box_ops_torchvision.py --route llvm|c [--sanitize] \
        --detect-opt PATH --workdir DIR [--seed S] [--random K] [--self-check-only]

One module per op family, each compiled on its own so that a family the
pipeline cannot lower yet does not hide the results of the others. Every
function returns the op twice: without and with a valid count (`valid(%n)`,
`lhs_valid(%n) rhs_valid(%m)`); the valid result must equal the full one on the
valid rows and be 0 on the others (the valid-count rule of every box op).

| family  | functions                                     | oracle                                   | comparison |
|---------|-----------------------------------------------|------------------------------------------|------------|
| convert | all 12 ordered pairs of xyxy/yxyx/xywh/cxcywh | torchvision.ops.box_convert; yxyx = xyxy with the columns swapped | exact |
| area    | xyxy, yxyx, xywh, cxcywh, normalize_corners   | torchvision.ops.box_area (xyxy, yxyx by swap); the op's own definition `w * h` / `|x2-x1| * |y2-y1|` in float32 for the others | exact |
| clip    | attributes xyxy/yxyx/cxcywh/fractional sizes, run-time f32 sizes | torchvision.ops.clip_boxes_to_image (cxcywh: torchvision convert -> clip -> convert back, "clipped as corners and converted back") | exact |
| iou     | kind iou, giou, diou, ciou (eps 1e-7)         | box_iou, generalized_box_iou, distance_box_iou(eps=1e-7), complete_box_iou(eps=1e-7) | exact; ciou: 1e-6 absolute |
| decode  | yxyx, xyxy, two sets of scales                 | float32 numpy of TFLite's DecodeCenterSizeBoxes | 4 ulp of max(|centre|, |half size|) |

"exact" means the same value: equal as IEEE numbers, any NaN equal to any NaN,
and +0.0 equal to -0.0. The sign of zero is not compared because torchvision
itself is not consistent about it (torch.clamp(-0.0, min=0) returns -0.0, the
IEEE maximum returns +0.0). Exact comparison is justified where the compiled
op performs the same sequence of correctly rounded float32 operations as the
oracle (the self-check re-computes iou/giou/diou with numpy in that order and
requires bit-identity with torchvision). It is NOT justified where a libm
function is involved:
- ciou: atan. torch uses its own vectorised atan (SLEEF, <= 1 ulp), compiled code
  calls atanf. Each atan differs by at most ~2 ulp of pi/2 (2.4e-7); through
  v = 4/pi^2 (atan1 - atan2)^2 and alpha * v that is < 6e-7 on a value in
  [-1.5, 1]. Measured max difference of a correctly rounded atan against
  torchvision: 1.2e-7. Tolerance: 1e-6 absolute (finite values; NaN/inf exact).
- decode: exp. The reference uses a correctly rounded expf (exp in double,
  rounded once); glibc's expf is within 0.502 ulp, so the two differ by at most
  1 ulp of exp, i.e. about 2-3 ulp of the half size after the multiplications,
  plus 1 ulp of rounding of `centre +- half`. Tolerance: 4 ulp (float32 spacing)
  of max(|centre|, |half size|) of the reference. Infinite and NaN references
  must match exactly.

Where the op descriptions leave a choice, this test settles it as follows:
- a conversion between two non-xyxy layouts goes through xyxy, as torchvision
  does (so xywh -> cxcywh yields w' = (x + w) - x, not w: a direct formula
  differs in the last bit for many boxes);
- box_area of a sized layout is `w * h` (the op's text), not torchvision's area
  of the converted corners;
- clip_boxes of a sized layout converts to corners and back with torchvision's
  formulas;
- decode_boxes is checked in the corner layouts only (yxyx, xyxy): for xywh and
  cxcywh the op does not say whether w is exp(tw / w_scale) * aw itself or the
  difference of the rounded corners.
"""

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Callable, List

sys.dont_write_bytecode = True

from detect_harness import harness  # noqa: E402

import numpy as np  # noqa: E402

torch, torchvision = harness.require_torchvision("box_ops_torchvision.py")


F32 = np.float32
N = 32  # rows of the unary ops
NL, NR = 16, 24  # rows of the iou operands (not square: a transposed result shows)
LAYOUTS = ["xyxy", "yxyx", "xywh", "cxcywh"]
CIOU_ATOL = 1e-6
DECODE_ULPS = 4


def T(a):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=F32))


def swap_xy(b):
    return np.ascontiguousarray(b[:, [1, 0, 3, 2]])


# ----------------------------------------------------------------------------
# Oracles
# ----------------------------------------------------------------------------


def ref_convert(b, src, dst):
    x = b
    if src == "yxyx":
        x, src = swap_xy(x), "xyxy"
    d = "xyxy" if dst == "yxyx" else dst
    r = x.copy() if src == d else torchvision.ops.box_convert(T(x), src, d).numpy()
    return swap_xy(r) if dst == "yxyx" else r


def ref_area(b, layout, normalize):
    with np.errstate(all="ignore"):
        if layout in ("xywh", "cxcywh"):
            w, h = b[:, 2], b[:, 3]
            return (np.abs(w) * np.abs(h)) if normalize else (w * h)
        x = swap_xy(b) if layout == "yxyx" else b
        if normalize:
            return np.abs(x[:, 2] - x[:, 0]) * np.abs(x[:, 3] - x[:, 1])
        return torchvision.ops.box_area(T(x)).numpy()


def ref_clip(b, layout, h, w):
    size = (float(h), float(w))
    if layout == "xyxy":
        return torchvision.ops.clip_boxes_to_image(T(b), size).numpy()
    if layout == "yxyx":
        return swap_xy(torchvision.ops.clip_boxes_to_image(T(swap_xy(b)), size).numpy())
    corners = torchvision.ops.box_convert(T(b), layout, "xyxy")
    clipped = torchvision.ops.clip_boxes_to_image(corners, size)
    return torchvision.ops.box_convert(clipped, "xyxy", layout).numpy()


def ref_iou(a, b, kind):
    ta, tb = T(a), T(b)
    if kind == "iou":
        return torchvision.ops.box_iou(ta, tb).numpy()
    if kind == "giou":
        return torchvision.ops.generalized_box_iou(ta, tb).numpy()
    if kind == "diou":
        return torchvision.ops.distance_box_iou(ta, tb, eps=1e-7).numpy()
    return torchvision.ops.complete_box_iou(ta, tb, eps=1e-7).numpy()


def numpy_iou(a, b, kind, eps=F32(1e-7)):
    """iou/giou/diou in torchvision's float32 operation order (self-check only)."""
    with np.errstate(all="ignore"):
        area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
        area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
        lt = np.maximum(a[:, None, :2], b[None, :, :2])
        rb = np.minimum(a[:, None, 2:], b[None, :, 2:])
        wh = np.maximum(rb - lt, F32(0))
        inter = wh[..., 0] * wh[..., 1]
        union = area_a[:, None] + area_b[None, :] - inter
        iou = inter / union
        if kind == "iou":
            return iou
        lti = np.minimum(a[:, None, :2], b[None, :, :2])
        rbi = np.maximum(a[:, None, 2:], b[None, :, 2:])
        whi = np.maximum(rbi - lti, F32(0))
        if kind == "giou":
            areai = whi[..., 0] * whi[..., 1]
            return iou - (areai - union) / areai
        diag = (whi[..., 0] * whi[..., 0] + whi[..., 1] * whi[..., 1]) + eps
        xp = (a[:, 0] + a[:, 2]) / F32(2)
        yp = (a[:, 1] + a[:, 3]) / F32(2)
        xg = (b[:, 0] + b[:, 2]) / F32(2)
        yg = (b[:, 1] + b[:, 3]) / F32(2)
        dx = xp[:, None] - xg[None, :]
        dy = yp[:, None] - yg[None, :]
        return iou - (dx * dx + dy * dy) / diag


def ref_decode(enc, anc, scales, layout):
    """TFLite DecodeCenterSizeBoxes in float32, with its operation order:
    yc = ty / y_scale * ah + ay; half_h = (0.5f * expf(th / h_scale)) * ah.
    expf is computed correctly rounded (exp in double, rounded once).
    Returns (boxes, per-element tolerance)."""
    ys, xs, hs, ws = (F32(v) for v in scales)
    ty, tx, th, tw = (enc[:, k] for k in range(4))
    ay, ax, ah, aw = (anc[:, k] for k in range(4))
    with np.errstate(all="ignore"):
        yc = ty / ys * ah + ay
        xc = tx / xs * aw + ax
        eh = np.exp((th / hs).astype(np.float64)).astype(F32)
        ew = np.exp((tw / ws).astype(np.float64)).astype(F32)
        half_h = (F32(0.5) * eh) * ah
        half_w = (F32(0.5) * ew) * aw
        ymin, xmin, ymax, xmax = yc - half_h, xc - half_w, yc + half_h, xc + half_w
        mag_y = np.maximum(np.abs(yc), np.abs(half_h))
        mag_x = np.maximum(np.abs(xc), np.abs(half_w))
        tol_y = DECODE_ULPS * np.spacing(mag_y.astype(F32))
        tol_x = DECODE_ULPS * np.spacing(mag_x.astype(F32))
    if layout == "yxyx":
        return np.stack([ymin, xmin, ymax, xmax], 1), np.stack([tol_y, tol_x, tol_y, tol_x], 1)
    return np.stack([xmin, ymin, xmax, ymax], 1), np.stack([tol_x, tol_y, tol_x, tol_y], 1)


# ----------------------------------------------------------------------------
# Comparison
# ----------------------------------------------------------------------------


def bits(v):
    return "0x%08x" % (np.asarray(v, F32).view(np.uint32).item())


def fmt(v):
    v = F32(v)
    if v.view(np.uint32) == 0xABABABAB:
        return "poison(unwritten) %s" % bits(v)
    return "%.9g (%s)" % (float(v), bits(v))


def mismatch_mask(got, exp, tol=None):
    """True where got differs from exp (same value, NaN = NaN, +0 = -0; with
    tol: also |got - exp| <= tol for finite values)."""
    got = np.asarray(got, F32)
    exp = np.asarray(exp, F32)
    with np.errstate(all="ignore"):
        same = (got == exp) | (np.isnan(got) & np.isnan(exp))
        if tol is not None:
            near = np.isfinite(got) & np.isfinite(exp) & (np.abs(got.astype(np.float64) - exp.astype(np.float64))
                                                         <= np.asarray(tol, np.float64))
            same |= near
    return ~same


def first_mismatch(got, exp, tol=None, what="result"):
    if got.shape != exp.shape:
        return "%s: shape %s, expected %s" % (what, got.shape, exp.shape)
    bad = np.argwhere(mismatch_mask(got, exp, tol))
    if bad.size == 0:
        return None
    pos = tuple(int(x) for x in bad[0])
    extra = ""
    if tol is not None:
        t = np.broadcast_to(np.asarray(tol, np.float64), exp.shape)[pos]
        extra = ", tolerance %.3g, difference %.3g" % (t, abs(float(got[pos]) - float(exp[pos])))
    return "%s at %s: got %s, expected %s%s (%d mismatching elements)" % (
        what, list(pos), fmt(got[pos]), fmt(exp[pos]), extra, len(bad))


def check_valid(full_exp, got_valid, n, m=None, tol=None):
    """The valid result: reference on rows < n (columns < m), 0 elsewhere."""
    exp = np.array(full_exp, F32, copy=True)
    exp[n:] = 0
    if m is not None:
        exp[:, m:] = 0
    t = None
    if tol is not None:
        t = np.array(np.broadcast_to(np.asarray(tol, np.float64), exp.shape), copy=True)
        t[n:] = 0
        if m is not None:
            t[:, m:] = 0
    return first_mismatch(got_valid, exp, t, "valid result (n=%d%s)" % (n, "" if m is None else ", m=%d" % m))


# ----------------------------------------------------------------------------
# Inputs
# ----------------------------------------------------------------------------

SPECIAL = [np.nan, np.inf, -np.inf, -0.0, 0.0, 3.0e38, -3.0e38, 1.0e-20, 1.0e-41]


def any_rows(rng, m):
    """Four arbitrary floats per row: signs, magnitudes 1e-3..1e4."""
    mag = 10.0 ** rng.uniform(-3, 4, (m, 4))
    sign = rng.choice([-1.0, 1.0], (m, 4), p=[0.3, 0.7])
    return (mag * sign).astype(F32)


def box_rows(rng, m, lo=-100.0, hi=1000.0):
    """Mostly proper corner boxes; some flipped, some zero-size."""
    c = rng.uniform(lo, hi, (m, 2))
    wh = rng.uniform(1, 300, (m, 2))
    b = np.concatenate([c - wh / 2, c + wh / 2], 1)
    flip = rng.random(m) < 0.1
    b[flip] = b[flip][:, [2, 3, 0, 1]]
    zero = rng.random(m) < 0.05
    b[zero, 2] = b[zero, 0]
    return b.astype(F32)


def sprinkle(rng, b, p=0.04):
    b = b.copy()
    mask = rng.random(b.shape) < p
    b[mask] = rng.choice(SPECIAL, mask.sum())
    return b


def cluster_boxes(rng, m):
    k = int(rng.integers(1, 4))
    centres = rng.uniform(0, 100, (k, 2))
    which = rng.integers(0, k, m)
    c = centres[which] + rng.normal(0, 8, (m, 2))
    wh = rng.uniform(2, 60, (m, 2))
    return np.concatenate([c - wh / 2, c + wh / 2], 1).astype(F32)


# ----------------------------------------------------------------------------
# Families
# ----------------------------------------------------------------------------


@dataclass
class Fn:
    name: str
    mlir: str  # function text
    make_args: Callable  # (rng, case_kind) -> list of args
    check: Callable  # (args, results) -> Optional[str]


@dataclass
class Family:
    name: str
    fns: List[Fn]


def unary_fn(name, op_full, op_valid, in_type, out_type, extra_params="", ):
    return ("func.func @{name}(%b: {it}, %n: i32{ep}) -> ({ot}, {ot}) {{\n"
            "  %full = {f}\n"
            "  %valid = {v}\n"
            "  return %full, %valid : {ot}, {ot}\n"
            "}}").format(name=name, it=in_type, ot=out_type, f=op_full, v=op_valid, ep=extra_params)


BOX_T = "tensor<%dx4xf32>" % N


def convert_family():
    fns = []
    for src in LAYOUTS:
        for dst in LAYOUTS:
            if src == dst:
                continue
            name = "convert_%s_%s" % (src, dst)
            full = "detect.box_convert %%b from %s to %s : %s -> %s" % (src, dst, BOX_T, BOX_T)
            valid = "detect.box_convert %%b valid(%%n : i32) from %s to %s : %s -> %s" % (src, dst, BOX_T, BOX_T)

            check = unary_check(lambda b, src=src, dst=dst: ref_convert(b, src, dst))
            fns.append(Fn(name, unary_fn(name, full, valid, BOX_T, BOX_T), unary_args, check))
    return Family("convert", fns)


def unary_check(ref):
    """The check of a one-operand op: its full result and its valid(%n)
    result against ref(boxes)."""
    def check(args, res):
        b, n = args
        exp = ref(b)
        return first_mismatch(res[0], exp, what="full result") or check_valid(exp, res[1], int(n))
    return check


def unary_args(rng, kind):
    if kind == "special":
        b = sprinkle(rng, box_rows(rng, N), p=0.5)
    elif kind == "boxes":
        b = box_rows(rng, N)
    else:
        b = any_rows(rng, N)
    if kind != "special":
        b = sprinkle(rng, b, p=0.03 if rng.random() < 0.5 else 0.0)
    return [b, np.int32(rng.integers(0, N + 1))]


def area_family():
    fns = []
    OUT_T = "tensor<%dxf32>" % N
    for layout, norm in [("xyxy", False), ("yxyx", False), ("xywh", False), ("cxcywh", False),
                         ("xyxy", True), ("cxcywh", True)]:
        name = "area_%s%s" % (layout, "_norm" if norm else "")
        attrs = (" layout(%s)" % layout if layout != "xyxy" else "") + (" normalize_corners" if norm else "")
        full = "detect.box_area %%b%s : %s -> %s" % (attrs, BOX_T, OUT_T)
        valid = "detect.box_area %%b valid(%%n : i32)%s : %s -> %s" % (attrs, BOX_T, OUT_T)

        check = unary_check(lambda b, layout=layout, norm=norm: ref_area(b, layout, norm))
        fns.append(Fn(name, unary_fn(name, full, valid, BOX_T, OUT_T), unary_args, check))
    return Family("area", fns)


def clip_family():
    fns = []
    for name, layout, h, w in [("clip_xyxy", "xyxy", 480.0, 640.0), ("clip_yxyx", "yxyx", 480.0, 640.0),
                               ("clip_xyxy_frac", "xyxy", 300.5, 200.25), ("clip_cxcywh", "cxcywh", 480.0, 640.0)]:
        attrs = "height(%r) width(%r)" % (h, w) + (" layout(%s)" % layout if layout != "xyxy" else "")
        full = "detect.clip_boxes %%b %s : %s -> %s" % (attrs, BOX_T, BOX_T)
        valid = "detect.clip_boxes %%b valid(%%n : i32) %s : %s -> %s" % (attrs, BOX_T, BOX_T)

        check = unary_check(lambda b, layout=layout, h=h, w=w: ref_clip(b, layout, h, w))
        fns.append(Fn(name, unary_fn(name, full, valid, BOX_T, BOX_T), clip_args, check))
    # Sizes as run-time scalar operands (f32 arguments passed by value).
    name = "clip_dyn"
    full = "detect.clip_boxes %%b height(%%h : f32) width(%%w : f32) : %s -> %s" % (BOX_T, BOX_T)
    valid = "detect.clip_boxes %%b valid(%%n : i32) height(%%h : f32) width(%%w : f32) : %s -> %s" % (BOX_T, BOX_T)

    def check_dyn(args, res):
        b, n, h, w = args
        exp = ref_clip(b, "xyxy", h, w)
        return first_mismatch(res[0], exp, what="full result") or check_valid(exp, res[1], int(n))

    def dyn_args(rng, kind):
        b, n = clip_args(rng, kind)
        h = F32(rng.choice([0.0, 1.0, 480.0, rng.uniform(1, 1000)]))
        w = F32(rng.choice([0.0, 2.5, 640.0, rng.uniform(1, 1000)]))
        return [b, n, h, w]
    fns.append(Fn(name, unary_fn(name, full, valid, BOX_T, BOX_T, ", %h: f32, %w: f32"), dyn_args, check_dyn))
    return Family("clip", fns)


def clip_args(rng, kind):
    b = box_rows(rng, N, lo=-300, hi=1000)
    if kind == "special":
        b = sprinkle(rng, b, p=0.2)
    elif rng.random() < 0.3:
        b = sprinkle(rng, b, p=0.03)
    return [b, np.int32(rng.integers(0, N + 1))]


def iou_family():
    fns = []
    A_T, B_T, O_T = "tensor<%dx4xf32>" % NL, "tensor<%dx4xf32>" % NR, "tensor<%dx%dxf32>" % (NL, NR)
    for kind in ["iou", "giou", "diou", "ciou"]:
        name = "iou_" + kind
        attrs = (" kind(%s)" % kind if kind != "iou" else "") + (" eps(1.0e-7)" if kind in ("diou", "ciou") else "")
        text = ("func.func @{n}(%a: {A}, %b: {B}, %n: i32, %m: i32) -> ({O}, {O}) {{\n"
                "  %full = detect.iou %a, %b{at} : {A}, {B} -> {O}\n"
                "  %valid = detect.iou %a, %b lhs_valid(%n : i32) rhs_valid(%m : i32){at} : {A}, {B} -> {O}\n"
                "  return %full, %valid : {O}, {O}\n"
                "}}").format(n=name, A=A_T, B=B_T, O=O_T, at=attrs)

        def check(args, res, kind=kind):
            a, b, n, m = args
            exp = ref_iou(a, b, kind)
            tol = CIOU_ATOL if kind == "ciou" else None
            return (first_mismatch(res[0], exp, tol, what="full result")
                    or check_valid(exp, res[1], int(n), int(m), tol))
        fns.append(Fn(name, text, iou_args, check))
    return Family("iou", fns)


def iou_args(rng, kind):
    a, b = cluster_boxes(rng, NL), cluster_boxes(rng, NR)
    if kind == "special" or rng.random() < 0.25:
        # Degenerate rows: identical points (0/0), zero width, flipped, NaN,
        # an identical pair, infinities.
        a[0] = b[0] = [5, 5, 5, 5]
        a[1] = [3, 3, 3, 9]
        b[1] = [10, 10, 0, 0]
        a[2] = b[2] = [1, 2, 30, 40]
        if kind == "special":
            a[3] = [np.nan, 0, 1, 1]
            b[3] = [0, 0, np.inf, 1]
            a[4] = [-np.inf, -np.inf, np.inf, np.inf]
            b[4] = [0, 0, 0, 7]
    return [a, b, np.int32(rng.integers(0, NL + 1)), np.int32(rng.integers(0, NR + 1))]


def decode_family():
    fns = []
    for name, layout, scales in [("decode_yxyx", "yxyx", (10.0, 10.0, 5.0, 5.0)),
                                 ("decode_xyxy", "xyxy", (10.0, 10.0, 5.0, 5.0)),
                                 ("decode_yxyx_odd", "yxyx", (3.0, 7.0, 1.3, 2.7))]:
        sc = "scales(%r, %r, %r, %r)" % scales
        lay = " layout(%s)" % layout
        text = ("func.func @{n}(%e: {T}, %a: {T}, %n: i32) -> ({T}, {T}) {{\n"
                "  %full = detect.decode_boxes %e, %a {sc}{lay} : {T}, {T} -> {T}\n"
                "  %valid = detect.decode_boxes %e, %a valid(%n : i32) {sc}{lay} : {T}, {T} -> {T}\n"
                "  return %full, %valid : {T}, {T}\n"
                "}}").format(n=name, T=BOX_T, sc=sc, lay=lay)

        def check(args, res, layout=layout, scales=scales):
            e, a, n = args
            exp, tol = ref_decode(e, a, scales, layout)
            return first_mismatch(res[0], exp, tol, what="full result") or check_valid(exp, res[1], int(n), None, tol)

        def args_for(rng, kind, scales=scales):
            e = np.stack([rng.normal(0, 1, N) * scales[0], rng.normal(0, 1, N) * scales[1],
                          rng.normal(0, 0.7, N) * scales[2], rng.normal(0, 0.7, N) * scales[3]], 1).astype(F32)
            a = np.stack([rng.uniform(0, 1, N), rng.uniform(0, 1, N),
                          rng.uniform(0.02, 1, N), rng.uniform(0.02, 1, N)], 1).astype(F32)
            if kind == "special":
                e[0, 2] = 200 * scales[2]   # exp overflows: infinite half height
                e[1, 3] = -200 * scales[3]  # exp underflows: zero half width
                a[2, 2:] = 0                # zero-size anchor
                e[3, 0] = np.nan
                a[4] = [300.0, -250.0, 40.0, 80.0]  # large anchor in pixels
                e[5] = 0
            return [e, a, np.int32(rng.integers(0, N + 1))]
        fns.append(Fn(name, text, args_for, check))
    return Family("decode", fns)


FAMILIES = [convert_family, area_family, clip_family, iou_family, decode_family]


def module_text(family):
    return "// Generated by test/Integration/box_ops_torchvision.py.\n" + "\n".join(f.mlir for f in family.fns) + "\n"


def make_cases(rng, random_count):
    """Per function: random cases of two kinds, then edge cases."""
    kinds = ["boxes", "any"] * (random_count // 2) + ["boxes"] * (random_count % 2)
    edge = ["special"] * 6
    return kinds, edge


# ----------------------------------------------------------------------------
# Self-checks (no compilation needed)
# ----------------------------------------------------------------------------


def self_checks(rng):
    problems = []
    # 1. The exact comparisons rest on "same float32 sequence as torchvision":
    #    re-derive iou/giou/diou with numpy in that order and require identity.
    for _ in range(200):
        a, b, _, _ = iou_args(rng, "special" if rng.random() < 0.3 else "random")
        for kind in ("iou", "giou", "diou"):
            msg = first_mismatch(numpy_iou(a, b, kind), ref_iou(a, b, kind), what=kind)
            if msg:
                problems.append("numpy %s in torchvision's order differs from torchvision: %s" % (kind, msg))
                break
    # 2. The ciou tolerance covers a different (correctly rounded) atan.
    worst = 0.0
    for _ in range(200):
        a, b = cluster_boxes(rng, NL), cluster_boxes(rng, NR)
        tv = ref_iou(a, b, "ciou")
        mine = ciou_other_atan(a, b)
        fin = np.isfinite(tv) & np.isfinite(mine)
        if fin.any():
            worst = max(worst, float(np.abs(tv[fin].astype(np.float64) - mine[fin]).max()))
        if first_mismatch(mine, tv, CIOU_ATOL):
            problems.append("ciou with a correctly rounded atan is outside the tolerance")
            break
    # 3. The decode tolerance covers numpy's own float32 exp (a third libm).
    for _ in range(100):
        e, a, _ = decode_family().fns[0].make_args(rng, "random")
        exp, tol = ref_decode(e, a, (10.0, 10.0, 5.0, 5.0), "yxyx")
        other = decode_with_f32_exp(e, a, (10.0, 10.0, 5.0, 5.0))
        msg = first_mismatch(other, exp, tol)
        if msg:
            problems.append("decode with numpy's float32 exp is outside the tolerance: " + msg)
            break
    # 4. The comparisons can fail.
    x = np.array([[1.0, 2.0, 3.0, 4.0]], F32)
    one_ulp = x.copy()
    one_ulp[0, 2] = np.nextafter(F32(3.0), F32(4.0))
    poison = np.full_like(x, harness.poison_value(np.float32))
    wrong = [
        ("1 ulp off", first_mismatch(one_ulp, x)),
        ("poison", first_mismatch(poison, x)),
        ("NaN vs number", first_mismatch(np.array([[np.nan, 2, 3, 4]], F32), x)),
        ("inf vs large", first_mismatch(np.array([[np.inf]], F32), np.array([[3e38]], F32), 1e30)),
        ("ciou off by 1e-5", first_mismatch(np.array([[0.5 + 1e-5]], F32), np.array([[0.5]], F32), CIOU_ATOL)),
        ("decode off by 8 ulp", first_mismatch(np.array([[np.float32(100) + 8 * np.spacing(F32(100))]], F32),
                                               np.array([[100]], F32), DECODE_ULPS * np.spacing(F32(100)))),
        ("valid row not zeroed", check_valid(x, x, 0)),
        ("valid column not zeroed", check_valid(np.ones((2, 3), F32), np.ones((2, 3), F32), 2, 1)),
        ("transposed", first_mismatch(np.zeros((3, 2), F32), np.zeros((2, 3), F32))),
    ]
    for what, msg in wrong:
        if msg is None:
            problems.append("a deliberately wrong result was accepted: " + what)
    right = [first_mismatch(x, x.copy()), first_mismatch(np.array([-0.0], F32), np.array([0.0], F32)),
             check_valid(x, np.zeros_like(x), 0), first_mismatch(np.array([np.nan], F32), np.array([np.nan], F32))]
    if any(m is not None for m in right):
        problems.append("a right result was rejected: %s" % right)
    return problems, worst


def ciou_other_atan(a, b):
    """torchvision's ciou sequence with a correctly rounded float32 atan."""
    with np.errstate(all="ignore"):
        iou = numpy_iou(a, b, "iou")
        diou = numpy_iou(a, b, "diou")
        wp = (a[:, 2] - a[:, 0])[:, None]
        hp = (a[:, 3] - a[:, 1])[:, None]
        wg = (b[:, 2] - b[:, 0])[None, :]
        hg = (b[:, 3] - b[:, 1])[None, :]

        def at(x):
            return np.arctan(x.astype(np.float64)).astype(F32)
        d = at(wp / hp) - at(wg / hg)
        v = F32(4 / np.pi ** 2) * (d * d)
        alpha = v / (((F32(1) - iou) + v) + F32(1e-7))
        return diou - alpha * v


def decode_with_f32_exp(enc, anc, scales):
    ys, xs, hs, ws = (F32(v) for v in scales)
    with np.errstate(all="ignore"):
        yc = enc[:, 0] / ys * anc[:, 2] + anc[:, 0]
        xc = enc[:, 1] / xs * anc[:, 3] + anc[:, 1]
        hh = (F32(0.5) * np.exp(enc[:, 2] / hs)) * anc[:, 2]
        hw = (F32(0.5) * np.exp(enc[:, 3] / ws)) * anc[:, 3]
        return np.stack([yc - hh, xc - hw, yc + hh, xc + hw], 1)


# ----------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_common_arguments(ap, 100, "random cases per function")
    ap.add_argument("--families", default=",".join(f().name for f in FAMILIES),
                    help="comma-separated subset of: convert, area, clip, iou, decode")
    ap.add_argument("--self-check-only", action="store_true",
                    help="run the self-checks and the oracles on the generated cases, do not compile")
    args = ap.parse_args()
    tag = "box_ops/%s%s" % (args.route, "+sanitize" if args.sanitize else "")
    os.makedirs(args.workdir, exist_ok=True)
    rng = np.random.default_rng(args.seed)

    problems, worst = self_checks(rng)
    if problems:
        print("%s: error: self-check of the test failed (a bug in the test or a changed torchvision):" % tag)
        for p in problems[:20]:
            print("  " + p)
        return 2

    wanted = set(args.families.split(","))
    families = [f() for f in FAMILIES if f().name in wanted]
    kinds, edge = make_cases(rng, args.random)
    failed = []
    summary = []
    for fam in families:
        calls, checks = [], []
        for fn in fam.fns:
            for ci, kind in enumerate(kinds + edge):
                fargs = fn.make_args(rng, kind)
                label = "%s-%d" % ("edge" if ci >= len(kinds) else "random", ci)
                calls.append((fn.name, fargs))
                checks.append((fn, label, fargs))
        if args.self_check_only:
            # The oracles run on every generated case (no exceptions, shapes right).
            # Unwritten (poison) results must be rejected by every check.
            for fn, label, fargs in checks:
                try:
                    msg = fn.check(fargs, placeholder_results(fn, fargs))
                except Exception as e:  # noqa: BLE001
                    print("%s: error: oracle failed on @%s %s: %r" % (tag, fn.name, label, e))
                    return 2
                if msg is None:
                    print("%s: error: @%s %s: the check accepts unwritten results" % (tag, fn.name, label))
                    return 2
            summary.append("%s %d" % (fam.name, len(fam.fns)))
            continue
        try:
            exe = harness.compile(module_text(fam), args.route, os.path.join(args.workdir, fam.name),
                                  sanitize=args.sanitize, opt_tool=args.detect_opt, stem=fam.name,
                                  pipeline=harness.route_pipeline(args.route, args.pipeline_options))
            results = harness.run_mixed(exe, calls)
        except harness.RunError as e:
            fn, label, _ = checks[e.case_index] if e.case_index is not None and e.case_index < len(checks) else (None, "?", None)
            failed.append("%s: the compiled code failed on @%s %s:\n%s" % (fam.name, fn.name if fn else "?", label, e))
            continue
        except harness.HarnessError as e:
            failed.append("%s: could not build the module:\n%s" % (fam.name, e))
            continue
        bad = []
        for (fn, label, fargs), res in zip(checks, results):
            msg = fn.check(fargs, res)
            if msg:
                bad.append((fn, label, fargs, msg))
        if bad:
            fn, label, fargs, msg = bad[0]
            path = os.path.join(args.workdir, "failure-%s.npz" % fam.name)
            np.savez(path, *fargs)
            failed.append("%s: %d of %d cases mismatch. First: @%s %s: %s\n  inputs saved to %s (arr_0.. = "
                          "arguments in order)\n  module: %s" % (fam.name, len(bad), len(checks), fn.name, label,
                                                                 msg, path, exe.files["input"]))
        summary.append("%s %d" % (fam.name, len(fam.fns)))
    if failed:
        print("%s: FAIL" % tag)
        for f in failed:
            print("  " + f.replace("\n", "\n  "))
        return 1
    print("%s: %s functions; %d random + %d edge cases per function, %s (max ciou deviation of a correctly "
          "rounded atan: %.2g)" % (tag, ", ".join(summary), len(kinds), len(edge),
                                   "self-checks only, not compiled" if args.self_check_only else "0 mismatches",
                                   worst))
    return 0


def placeholder_results(fn, fargs):
    """Shapes of the results, filled with the poison value (for --self-check-only)."""
    sig = harness.parse_signatures(fn.mlir)[0]
    return tuple(np.full(r.shape, harness.poison_value(r.dtype), r.dtype) for r in sig.results)


if __name__ == "__main__":
    sys.exit(main())
