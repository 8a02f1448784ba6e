"""The benchmark workloads, generated deterministically with numpy.

uniform(n, seed): the workload of the reference timings (../shared/TOOLCHAIN.md
and issue 7): centres uniform in [0, 1000)^2, width and height uniform in
[10, 100), float32 xyxy boxes, float32 scores uniform in [0, 1).

clustered(n, seed): boxes jittered around a few hundred centres (objects seen
by many anchors): 300 centres uniform in [0, 1000)^2, object sizes uniform in
[20, 120), each box a centre + N(0, 4) offset and a size scaled by
uniform(0.85, 1.15); scores uniform in [0, 1).

detector(n, seed): shaped like a detector's output before NMS: objects of
several sizes (side log-uniform in [16, 400)), each seen by 20 to 100
proposals (centre + N(0, 0.08 side), sides scaled by lognormal(0, 0.1),
scores 0.3 + 0.7 u^0.5 times the object's confidence uniform in [0.5, 1)),
that is 70% of the boxes, and a background of weak, spread-out boxes (as
uniform(), scores 0.3 u^3): tens of objects at N = 1000, a hundred or more
at N = 20000.

multiclass(n, classes, seed): a YOLO-sized head, ONNX layout: boxes [n, 4] as
in uniform(), scores [classes, n] = u**8 with u uniform in [0, 1), so that
about 16% of the (class, box) pairs pass the score threshold 0.25.
"""

import numpy as np

F32 = np.float32


def _corners(c, wh):
    return np.concatenate([c - wh / 2, c + wh / 2], axis=1).astype(F32)


def uniform(n, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.uniform(0, 1000, (n, 2))
    wh = rng.uniform(10, 100, (n, 2))
    boxes = _corners(c, wh)
    scores = rng.uniform(0, 1, n).astype(F32)
    return boxes, scores


def clustered(n, seed=0, centres=300):
    rng = np.random.default_rng(seed)
    centre = rng.uniform(0, 1000, (centres, 2))
    size = rng.uniform(20, 120, (centres, 2))
    which = rng.integers(0, centres, n)
    c = centre[which] + rng.normal(0, 4, (n, 2))
    wh = size[which] * rng.uniform(0.85, 1.15, (n, 2))
    boxes = _corners(c, wh)
    scores = rng.uniform(0, 1, n).astype(F32)
    return boxes, scores


def detector(n, seed=0):
    rng = np.random.default_rng(seed)
    n_obj_boxes = int(round(0.7 * n))
    per_object = []
    while sum(per_object) < n_obj_boxes:
        per_object.append(int(rng.integers(20, 101)))
    per_object[-1] -= sum(per_object) - n_obj_boxes
    if per_object[-1] <= 0:
        per_object.pop()
    centres, sides, scores = [], [], []
    for k in per_object:
        side = np.exp(rng.uniform(np.log(16), np.log(400), 2))
        centre = rng.uniform(0, 1000, 2)
        confidence = rng.uniform(0.5, 1.0)
        centres.append(centre + rng.normal(0, 1, (k, 2)) * 0.08 * side)
        sides.append(side * rng.lognormal(0, 0.1, (k, 2)))
        scores.append(confidence * (0.3 + 0.7 * rng.uniform(0, 1, k) ** 0.5))
    m = n - n_obj_boxes
    centres.append(rng.uniform(0, 1000, (m, 2)))
    sides.append(rng.uniform(10, 100, (m, 2)))
    scores.append(0.3 * rng.uniform(0, 1, m) ** 3)
    boxes = _corners(np.concatenate(centres), np.concatenate(sides))
    order = rng.permutation(n)
    return boxes[order], np.concatenate(scores).astype(F32)[order]


def multiclass(n, classes, seed=0):
    boxes, _ = uniform(n, seed)
    rng = np.random.default_rng(seed + 1)
    scores = (rng.uniform(0, 1, (classes, n)) ** 8).astype(F32)
    return boxes, scores
