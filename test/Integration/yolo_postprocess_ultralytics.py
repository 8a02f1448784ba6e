#!/usr/bin/python3
"""Differential test: compiled `detect.yolo_postprocess` against ultralytics'
`non_max_suppression`, written here on torch and torchvision.

    /usr/bin/python3 yolo_postprocess_ultralytics.py --route llvm|c [--sanitize] \
        --detect-opt PATH --workdir DIR [--seed S] [--random K] [--dtype f32|i8|both]

Oracle (ultralytics/utils/ops.py, non_max_suppression, YOLOv8 head
`[1, 4 + C, N]`, single label): `xc = pred[:, 4:].amax(1) > conf_thres`;
the prediction transposed; boxes through xywh2xyxy (`xy -/+ wh / 2`); the
candidates' best class (`cls.max(1)`: the first maximum); at most `max_nms`
candidates by score (here a stable sort, so that equal scores keep the
lower anchor: ultralytics' argsort leaves them unspecified); boxes shifted
by `cls * max_wh` (0 when agnostic); `torchvision.ops.nms`; `[:max_det]`.
Normalised boxes (TFLite exports) are scaled by the image size first, as
ultralytics' AutoBackend does. STMicroelectronics' rules (score `>=`, one
NMS per class with at most k boxes each, boxes returned as read) are the
same building blocks: torchvision's nms per class.

int8 / uint8: the oracle runs on the dequantized tensor
`(float32(q) - zero_point) * scale` (AutoBackend, TFLite's Dequantize); the
compiled code must give the same results, bit for bit: boxes, scores,
classes, order and count, rows past the count 0 (classes -1).
"""

import sys
from dataclasses import dataclass, replace
from typing import Optional

sys.dont_write_bytecode = True

from detect_harness import harness, suite  # noqa: E402

np = harness.np
torch, torchvision = harness.require_torchvision("yolo_postprocess_ultralytics.py")

F32 = np.float32


@dataclass(frozen=True)
class Config:
    name: str
    C: int
    N: int
    max_det: int
    conf: float = 0.25
    iou: float = 0.45
    mode: str = "offset"  # agnostic | offset | per_class
    max_per_class: Optional[int] = None
    ge: bool = False
    max_candidates: Optional[int] = None
    image: Optional[float] = None  # normalised boxes of a square image of this size
    cxcywh: bool = False
    quant: Optional[tuple] = None  # (storage, scale, zero_point)
    itype: str = "i64"
    weight: int = 10
    head: str = "yolov8"  # yolov5: [1, N, 5 + C] with an objectness
    letterbox: Optional[tuple] = None  # (H, W) of the network input; the original size at run time

    @property
    def v5(self):
        return self.head == "yolov5"

    @property
    def shape(self):
        return (1, self.N, 5 + self.C) if self.v5 else (1, 4 + self.C, self.N)

    @property
    def dtype(self):
        return "i8" if self.quant else "f32"


Q255 = ("si8", float(F32(1 / 255)), -128)
CONFIGS = [
    Config("f_small", 3, 64, 100),
    Config("f_mid", 20, 400, 30, iou=0.5),
    Config("f_agnostic", 5, 200, 300, mode="agnostic", iou=0.5),
    Config("f_st", 8, 256, 32, mode="per_class", max_per_class=4, ge=True, cxcywh=True, conf=0.5, iou=0.5,
           itype="i32"),
    Config("f_topk", 4, 256, 50, max_candidates=16),
    Config("f_norm", 6, 300, 40, image=320.0, iou=0.5, conf=0.375),
    Config("f_yolov8n_320", 80, 2100, 300, image=320.0, weight=0),
    # Anchors not a multiple of 4 and thresholds no filter can use: the anchor-by-anchor scan.
    Config("f_odd", 3, 63, 20, conf=0.0, weight=5),
    Config("q_odd", 3, 66, 20, quant=Q255, weight=3),
    Config("q_all", 2, 32, 20, quant=Q255, conf=-1.0, weight=2),
    # YOLOv5 heads: objectness x class.
    Config("f_v5", 6, 200, 50, head="yolov5", conf=0.25, iou=0.45),
    Config("f_v5_st", 4, 100, 16, head="yolov5", mode="per_class", max_per_class=4, ge=True, cxcywh=True,
           image=320.0),
    Config("q_v5", 6, 200, 50, head="yolov5", quant=Q255, image=320.0),
    # Boxes mapped back from a letterboxed input to the original image (ultralytics' scale_boxes).
    Config("f_letterbox", 5, 200, 40, letterbox=(640, 640)),
    Config("q_letterbox", 5, 200, 40, letterbox=(320, 480), quant=("si8", 2.5, -3), iou=0.5, conf=160.0),
    Config("q_v5_agnostic", 3, 90, 30, head="yolov5", mode="agnostic", quant=("ui8", float(F32(0.0123)), 37),
           conf=0.5, image=100.0),
    Config("q_small", 3, 64, 100, quant=Q255, image=64.0),
    Config("q_mid", 20, 400, 30, quant=("si8", 2.5, -3), iou=0.5, conf=160.0),
    Config("q_agnostic", 5, 200, 300, mode="agnostic", quant=("ui8", float(F32(0.0123)), 37), conf=0.5,
           image=100.0),
    Config("q_st", 8, 256, 32, mode="per_class", max_per_class=4, ge=True, cxcywh=True, conf=0.5, iou=0.5,
           quant=Q255, itype="i32"),
    Config("q_topk", 4, 256, 50, max_candidates=16, quant=Q255, image=256.0),
    Config("q_yolov8n_320", 80, 2100, 800, mode="per_class", max_per_class=10, ge=True, cxcywh=True, iou=0.5,
           quant=Q255, weight=0),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(c: Config):
    ptype = "tensor<%s%s>" % ("".join("%dx" % d for d in c.shape), c.dtype)
    rtypes = "tensor<{m}x4xf32>, tensor<{m}xf32>, tensor<{m}x{t}>, {t}".format(m=c.max_det, t=c.itype)
    rules = "score_threshold(%r) iou_threshold(%r) max_det(%d)" % (c.conf, c.iou, c.max_det)
    if c.v5:
        rules = "head(yolov5) " + rules
    if c.mode != "offset":
        rules += " class_nms(%s)" % c.mode
    if c.max_per_class:
        rules += " max_per_class(%d)" % c.max_per_class
    if c.ge:
        rules += " score_compare(ge)"
    if c.max_candidates:
        rules += " max_candidates(%d)" % c.max_candidates
    if c.image:
        rules += " image_size(%r, %r)" % (c.image, c.image)
    if c.cxcywh:
        rules += " output_layout(cxcywh)"
    params = ""
    if c.letterbox:
        rules += " letterbox(%d, %d) original_size(%%h0, %%w0)" % c.letterbox
        params = ", %h0: i32, %w0: i32"
    if c.quant:
        rules += " quantization(%s, %r, %d)" % c.quant
    return ("func.func @{name}(%p: {pt}{params}) -> ({rt}) {{\n"
            "  %b, %s, %c, %n = detect.yolo_postprocess %p {rules}\n"
            "      : {pt} -> {rt}\n"
            "  return %b, %s, %c, %n : {rt}\n"
            "}}").format(name=c.name, pt=ptype, rt=rtypes, rules=rules, params=params)


def module_text(configs):
    return "// Generated by test/Integration/yolo_postprocess_ultralytics.py.\n" + \
        "\n".join(function_text(c) for c in configs) + "\n"


# ---------------------------------------------------------------------------
# The oracle
# ---------------------------------------------------------------------------

def dequantized(cfg, pred):
    """What the oracle sees: AutoBackend's dequantization and box scaling."""
    if cfg.quant:
        storage, scale, zp = cfg.quant
        q = pred.view(np.uint8) if storage == "ui8" else pred
        x = (q.astype(F32) - F32(zp)) * F32(scale)
    else:
        x = pred.copy()
    if cfg.image:
        if cfg.v5:
            x[..., 0:4] *= F32(cfg.image)
        else:
            x[:, 0:4] *= F32(cfg.image)
    return x.astype(F32)


def xywh2xyxy(x):
    y = torch.empty_like(x)
    xy, wh = x[..., :2], x[..., 2:] / 2
    y[..., :2] = xy - wh
    y[..., 2:] = xy + wh
    return y


def scale_boxes(img1_shape, boxes, img0_shape):
    """ultralytics' scale_boxes (utils/ops.py) and clip_boxes, xyxy."""
    gain = min(img1_shape[0] / img0_shape[0], img1_shape[1] / img0_shape[1])
    pad = (round((img1_shape[1] - img0_shape[1] * gain) / 2 - 0.1),
           round((img1_shape[0] - img0_shape[0] * gain) / 2 - 0.1))
    boxes[..., 0] -= pad[0]
    boxes[..., 1] -= pad[1]
    boxes[..., 2] -= pad[0]
    boxes[..., 3] -= pad[1]
    boxes[..., :4] /= gain
    boxes[..., 0] = boxes[..., 0].clamp(0, img0_shape[1])
    boxes[..., 1] = boxes[..., 1].clamp(0, img0_shape[0])
    boxes[..., 2] = boxes[..., 2].clamp(0, img0_shape[1])
    boxes[..., 3] = boxes[..., 3].clamp(0, img0_shape[0])
    return boxes


def oracle(cfg, pred, original=None):
    """ultralytics' non_max_suppression (YOLOv8 head, single label) on the
    dequantized prediction; returns (boxes, scores, classes) of the kept rows."""
    p = torch.from_numpy(dequantized(cfg, pred))
    nc = cfg.C
    passes = (lambda v: v >= cfg.conf) if cfg.ge else (lambda v: v > cfg.conf)  # f32 compare (torch)
    if cfg.v5:
        # YOLOv5's non_max_suppression: objectness first, then cls * obj.
        x = p[0]
        x = x[passes(x[:, 4])].clone()
        raw = x[:, :4].clone()
        x[:, 5:] *= x[:, 4:5]
        box = xywh2xyxy(x[:, :4])
        conf, j = x[:, 5:].max(1, keepdim=True)
        keep = passes(conf.view(-1))
        x = torch.cat((box, conf, j.float()), 1)[keep]
        raw = raw[keep]
    else:
        best = p[:, 4:4 + nc].amax(1)
        xc = passes(best)
        p = p.transpose(-1, -2)
        raw = p[0, :, :4].clone()
        p[..., :4] = xywh2xyxy(p[..., :4])
        x = p[0][xc[0]]
        raw = raw[xc[0]]
        box, cls = x.split((4, nc), 1)
        conf, j = cls.max(1, keepdim=True)
        x = torch.cat((box, conf, j.float()), 1)
    if cfg.max_candidates and x.shape[0] > cfg.max_candidates:
        order = torch.sort(x[:, 4], descending=True, stable=True).indices[:cfg.max_candidates]
        order = order.sort().values  # the op keeps its list in anchor order
        x, raw = x[order], raw[order]
    out_boxes = raw if cfg.cxcywh else x[:, :4]
    if cfg.mode == "per_class":
        keep = []
        for c in range(nc):
            members = torch.nonzero(x[:, 5] == c).flatten()
            if len(members) == 0:
                continue
            k = torchvision.ops.nms(x[members, :4], x[members, 4], cfg.iou)
            if cfg.max_per_class:
                k = k[:cfg.max_per_class]
            keep.append(members[k])
        i = torch.cat(keep) if keep else torch.zeros(0, dtype=torch.int64)
    else:
        c = x[:, 5:6] * (0 if cfg.mode == "agnostic" else 7680)
        i = torchvision.ops.nms(x[:, :4] + c, x[:, 4], cfg.iou)
    i = i[:cfg.max_det]
    kept_boxes = out_boxes[i].clone()
    if cfg.letterbox:
        kept_boxes = scale_boxes(cfg.letterbox, kept_boxes, original)
    return (kept_boxes.numpy().astype(F32), x[i, 4].numpy().astype(F32), x[i, 5].numpy().astype(np.int64))


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

@dataclass
class Case:
    what: str
    cfg: Config
    pred: np.ndarray  # [1, 4 + C, N], f32 or i8 bytes
    original: Optional[tuple] = None  # (h0, w0) for a letterbox

    def args(self):
        if self.cfg.letterbox:
            return [self.pred, np.int32(self.original[0]), np.int32(self.original[1])]
        return [self.pred]

    def describe(self):
        return "%s [@%s%s]" % (self.what, self.cfg.name,
                               " original %dx%d" % self.original if self.original else "")


def quantize(cfg, x):
    storage, scale, zp = cfg.quant
    lo = 0 if storage == "ui8" else -128
    q = np.clip(np.round(x / scale) + zp, lo, lo + 255).astype(np.int64)
    return q.astype(np.uint8).view(np.int8) if storage == "ui8" else q.astype(np.int8)


def to_layout(cfg, x):
    """A [1, 4 + C', N] tensor in the head's layout: yolov5 reads the first
    score row as the objectness and transposes."""
    return np.ascontiguousarray(x.transpose(0, 2, 1)) if cfg.v5 else x


def random_pred(rng, cfg):
    if cfg.v5:
        return to_layout(cfg, random_v8_pred(rng, replace(cfg, C=cfg.C + 1, head="yolov8")))
    return random_v8_pred(rng, cfg)


def random_v8_pred(rng, cfg):
    """Clustered objects on a grid (so that IoUs hit the threshold exactly),
    scores on a coarse grid (ties between anchors and classes, and at the
    score threshold), a few dense cases where every anchor is a candidate."""
    C, N = cfg.C, cfg.N
    size = cfg.image or 640.0
    if cfg.quant and not cfg.image:
        size = 600.0
    objects = int(rng.integers(0, 8))
    centres = rng.uniform(0.1, 0.9, (max(objects, 1), 2)) * size
    sizes = rng.uniform(0.02, 0.5, (max(objects, 1), 2)) * size
    which = rng.integers(0, max(objects, 1), N)
    jitter = rng.choice([0.0, 0.5, 1.0, 2.0, 8.0])
    cxcy = centres[which] + np.round(rng.normal(0, 1, (N, 2)) * jitter * 2) / 2
    wh = np.maximum(np.round(sizes[which] * rng.uniform(0.7, 1.3, (N, 2))), 1)
    if rng.random() < 0.2:  # pixel grids: IoU exactly at the threshold
        cxcy = rng.integers(0, 16, (N, 2)) * 1.0
        wh = rng.integers(1, 5, (N, 2)) * 2.0
    boxes = np.concatenate([cxcy, wh], 1).T  # [4, N]
    if cfg.image:
        boxes = boxes / cfg.image
    level = rng.choice([0.05, 0.3, 0.6, 0.95])
    grid = rng.choice([16, 64, 256, 0])
    scores = rng.uniform(0, 1, (C, N)) * rng.uniform(0, 1, (1, N)) ** rng.choice([1, 3, 8])
    hot = rng.random(N) < level * rng.random()
    scores[rng.integers(0, C, N)[hot], np.nonzero(hot)[0]] = rng.uniform(0.2, 1.0, hot.sum())
    if grid:
        scores = np.round(scores * grid) / grid
    if cfg.quant:
        storage, scale, zp = cfg.quant
        if not cfg.image and scale > 1:  # pixel-scale quantization: scores in pixel units too
            scores = scores * 255 * scale
        x = np.concatenate([boxes, scores], 0)[None]
        return quantize(cfg, x)
    return np.concatenate([boxes, scores], 0)[None].astype(F32)


def random_cases(rng, count, configs):
    weighted = [c for c in configs for _ in range(c.weight)]
    cases = [Case("random #%d" % k, weighted[rng.integers(0, len(weighted))], None) for k in range(count)]
    for c in cases:
        c.pred = random_pred(rng, c.cfg)
        if c.cfg.letterbox:
            c.original = random_original(rng, c.cfg)
    return cases


def random_original(rng, cfg):
    """Original image sizes: the network's, its multiples and odd sizes
    (pads that round half to even)."""
    h, w = cfg.letterbox
    kind = rng.integers(0, 3)
    if kind == 0:
        return (int(h * rng.choice([1, 2, 3])), int(w * rng.choice([1, 2, 3])))
    if kind == 1:
        return (int(rng.integers(1, 2000)), int(rng.integers(1, 2000)))
    return (int(rng.choice([480, 720, 1080, 375, 333, 501, 1])), int(rng.choice([640, 1280, 1920, 500, 333, 1])))


def edge_cases(rng, configs):
    out = []
    names = {c.name for c in configs}
    def add(what, name, pred):
        if name in names:
            cfg = BY_NAME[name]
            out.append(Case(what, cfg, pred, random_original(rng, cfg) if cfg.letterbox else None))
    for name in sorted(names):
        cfg = BY_NAME[name]
        if cfg.v5:
            continue  # below
        shape = (1, 4 + cfg.C, cfg.N)
        zero = np.zeros(shape, np.int8 if cfg.quant else F32)
        add("all zero", name, zero)
        if cfg.quant:
            storage, scale, zp = cfg.quant
            lo = 0 if storage == "ui8" else -128
            full = zero.copy()
            full[:] = np.int8(lo + 255 - 256 if storage == "ui8" else lo + 255)
            add("every byte at the maximum", name, full)
            # Bytes straddling the threshold: only those whose dequantized value passes are candidates.
            t = np.clip(np.round(cfg.conf / scale) + zp + rng.integers(-1, 2, shape), lo, lo + 255)
            t = t.astype(np.int64).astype(np.uint8).view(np.int8) if storage == "ui8" else t.astype(np.int8)
            t[:, :4] = random_pred(rng, cfg)[:, :4]
            add("scores one byte around the threshold", name, t)
        else:
            t = random_pred(rng, cfg)
            t[:, 4:] = rng.choice([cfg.conf, np.nextafter(F32(cfg.conf), F32(0)), np.nextafter(F32(cfg.conf), F32(1))],
                                  (cfg.C, cfg.N)).astype(F32)
            add("scores at and one ulp around the threshold", name, t)
            t = random_pred(rng, cfg)
            t[:, 4:] = F32(0.875)
            add("every score equal (ties everywhere)", name, t)
    for name in sorted(n for n in names if BY_NAME[n].v5):
        cfg = BY_NAME[name]
        flat = replace(cfg, C=cfg.C + 1, head="yolov8")
        shape = (1, 5 + cfg.C, cfg.N)
        if cfg.quant:
            storage, scale, zp = cfg.quant
            lo = 0 if storage == "ui8" else -128
            t = np.clip(np.round(cfg.conf / scale) + zp + rng.integers(-1, 2, shape), lo, lo + 255)
            t = t.astype(np.int64).astype(np.uint8).view(np.int8) if storage == "ui8" else t.astype(np.int8)
            t[:, :4] = random_v8_pred(rng, flat)[:, :4]
            add("objectness and scores one byte around the threshold", name, to_layout(cfg, t))
        else:
            t = random_v8_pred(rng, flat)
            t[:, 4:] = rng.choice([F32(1.0), F32(cfg.conf), np.nextafter(F32(cfg.conf), F32(1))],
                                  (cfg.C + 1, cfg.N)).astype(F32)
            add("objectness and scores at the threshold", name, to_layout(cfg, t))
    for name in ["f_yolov8n_320", "q_yolov8n_320"]:
        cfg = BY_NAME[name]
        for k in range(10):
            add("YOLOv8n-sized #%d" % k, name, random_pred(rng, cfg))
    return out


def compare(cfg, got, want):
    boxes, scores, classes, count = got
    wb, ws, wc = want
    n = len(ws)
    if int(count) != n:
        return "count: got %d, expected %d" % (int(count), n)
    exp_boxes = np.zeros((cfg.max_det, 4), F32)
    exp_boxes[:n] = wb
    exp_scores = np.zeros(cfg.max_det, F32)
    exp_scores[:n] = ws
    exp_classes = np.full(cfg.max_det, -1, np.int64)
    exp_classes[:n] = wc
    for what, g, e in [("box", boxes.view(np.uint32), exp_boxes.view(np.uint32)),
                       ("score", scores.view(np.uint32), exp_scores.view(np.uint32)),
                       ("class", np.asarray(classes, np.int64), exp_classes)]:
        bad = np.argwhere(g != e)
        if len(bad):
            r = int(bad[0][0])
            return "row %d %s: got %s, expected %s" % (r, what, g[r], e[r])
    return None


def comparison_self_check(problems):
    cfg = BY_NAME["f_small"]
    wb = np.array([[1, 2, 3, 4]], F32)
    want = (wb, np.array([0.5], F32), np.array([2]))
    b = np.zeros((cfg.max_det, 4), F32)
    b[0] = wb[0]
    s = np.zeros(cfg.max_det, F32)
    s[0] = 0.5
    c = np.full(cfg.max_det, -1, np.int64)
    c[0] = 2
    if compare(cfg, (b, s, c, 1), want) is not None:
        problems.append("compare rejects a right answer")
    c2 = c.copy()
    c2[1] = 0
    for what, got in [("count", (b, s, c, 2)), ("class padding", (b, s, c2, 1)),
                      ("score", (b, s * 2, c, 1))]:
        if compare(cfg, got, want) is None:
            problems.append("compare accepts a wrong answer: " + what)
    # torch's rules the op states: the threshold compared in float32, the first maximum.
    t = torch.tensor([F32(0.3)])
    if bool(t > 0.3):
        problems.append("torch no longer compares with a Python float in float32")
    if int(torch.tensor([[0.5, 0.7, 0.7]]).max(1).indices[0]) != 1:
        problems.append("torch's max no longer returns the first maximum")


def dtypes(args):
    return ["f32", "i8"] if args.dtype == "both" else [args.dtype]


def cases_of_run(run, rng):
    run.configs = [c for c in CONFIGS if c.dtype in dtypes(run.args)]
    cases = []
    for d in dtypes(run.args):
        cases += random_cases(rng, run.args.random, [c for c in run.configs if c.dtype == d])
    return cases, edge_cases(rng, run.configs)


SUITE = suite.Suite(
    name="yolo_postprocess", doc=__doc__,
    module_text=lambda run: module_text(run.configs),
    cases=cases_of_run,
    oracle=lambda run: [oracle(c.cfg, c.pred, c.original) for c in run.cases],
    compare=lambda case, got, want: compare(case.cfg, got, want),
    summary=lambda run: (
        "%d random (%s) + %d edge cases against ultralytics' non_max_suppression on torchvision, "
        "%d detections, 0 mismatches" % (len(run.random), "/".join(dtypes(run.args)), len(run.edges),
                                         sum(len(want[1]) for want in run.expected))),
    self_check=comparison_self_check,
    add_arguments=lambda ap: ap.add_argument("--dtype", choices=["f32", "i8", "both"], default="both"),
    failure_inputs=lambda case: dict(pred=case.pred, function=case.cfg.name,
                                     original=np.array(case.original or (0, 0))),
    random_help="random cases per dtype")

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
