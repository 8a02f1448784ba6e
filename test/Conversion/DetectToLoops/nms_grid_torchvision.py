#!/usr/bin/python3
"""Differential test of the pruned NMS lowering at sizes where the grid is
used on every target (N = 1100 boxes, kept capacity >= 1024), against
torchvision.ops.nms:

    /usr/bin/python3 nms_grid_torchvision.py --route llvm|c \
        [--pipeline-options "index-bitwidth=32"] --workdir DIR

With 64-bit counters the grid buckets hold corners and are scanned without
branches; with 32-bit counters they hold box numbers and the IoU is only
computed for intersecting boxes. Both must give torchvision's indices
exactly, for thresholds 0 (every intersecting pair decides on its IoU's
sign), 0.5 and 0.7 (attributes) and a run-time threshold operand, on
workloads that stress the grid: uniform, clustered, huge outlier boxes,
empty and inverted boxes, infinite and NaN corners, identical boxes,
extreme scales, and a valid count.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True

from detect_harness import harness  # noqa: E402

import numpy as np  # noqa: E402

torch, torchvision = harness.require_torchvision("nms_grid_torchvision.py")

N = 1100
F32 = np.float32
ATTR_THRESHOLDS = [0.0, 0.5, 0.7]


def fname(t):
    return "nms_" + repr(float(t)).replace(".", "p")


def module_text():
    out = []
    for t in ATTR_THRESHOLDS:
        out.append(
            "func.func @{f}(%b: tensor<{N}x4xf32>, %s: tensor<{N}xf32>, %n: i32) -> (tensor<{N}xi64>, i64) {{\n"
            "  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold({t}) : tensor<{N}x4xf32>, tensor<{N}xf32>"
            " -> tensor<{N}xi64>, i64\n  return %k, %c : tensor<{N}xi64>, i64\n}}".format(f=fname(t), N=N, t=t))
    out.append(
        "func.func @nms_rt(%b: tensor<{N}x4xf32>, %s: tensor<{N}xf32>, %n: i32, %t: f32) -> (tensor<{N}xi64>, i64) {{\n"
        "  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(%t : f32) : tensor<{N}x4xf32>, tensor<{N}xf32>"
        " -> tensor<{N}xi64>, i64\n  return %k, %c : tensor<{N}xi64>, i64\n}}".format(N=N))
    return "\n".join(out) + "\n"


def corners(c, wh):
    return np.concatenate([c - wh / 2, c + wh / 2], axis=1).astype(F32)


def gen_uniform(rng, extent=1000.0):
    return corners(rng.uniform(0, extent, (N, 2)), rng.uniform(10, 100, (N, 2)))


def gen_clustered(rng):
    k = int(rng.integers(5, 200))
    centre = rng.uniform(0, 1000, (k, 2))
    size = rng.uniform(5, 150, (k, 2))
    which = rng.integers(0, k, N)
    return corners(centre[which] + rng.normal(0, 3, (N, 2)), size[which] * rng.uniform(0.8, 1.2, (N, 2)))


def gen_outliers(rng):
    b = gen_uniform(rng)
    idx = rng.choice(N, 20, replace=False)
    b[idx] = corners(rng.uniform(0, 1000, (20, 2)), rng.uniform(300, 2000, (20, 2)))
    return b


def gen_degenerate(rng):
    b = gen_uniform(rng, 300.0)
    k = N // 10
    i = rng.choice(N, 5 * k, replace=False)
    b[i[:k], 2] = b[i[:k], 0]                       # zero width
    b[i[k:2 * k], 3] = b[i[k:2 * k], 1] - 5         # inverted
    b[i[2 * k:3 * k], 0] = -np.inf                  # infinite corners
    b[i[2 * k:3 * k], 3] = np.inf
    b[i[3 * k:4 * k], rng.integers(0, 4)] = np.nan  # NaN corners
    b[i[4 * k:]] = b[i[4 * k]]                      # identical boxes
    return b


def gen_scaled(rng):
    scale = F32(10.0 ** int(rng.choice([-4, -2, 3, 5])))
    return (gen_uniform(rng) * scale + F32(rng.uniform(-1e3, 1e3))).astype(F32)


def gen_tiny_extent(rng):
    # Every corner within a few ulps: the grid degenerates to one cell.
    return (F32(1.0) + rng.integers(0, 8, (N, 4)).astype(F32) * np.finfo(F32).eps).astype(F32)


GENERATORS = [("uniform", gen_uniform), ("clustered", gen_clustered), ("outliers", gen_outliers),
              ("degenerate", gen_degenerate), ("scaled", gen_scaled), ("tiny-extent", gen_tiny_extent)]


def torchvision_nms(boxes, scores, n, t):
    keep = torchvision.ops.nms(torch.from_numpy(boxes[:n].copy()), torch.from_numpy(scores[:n].copy()), t)
    return keep.tolist()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--route", choices=["llvm", "c"], required=True)
    p.add_argument("--pipeline-options", default="")
    p.add_argument("--detect-opt", default=harness.detect_opt_path())
    p.add_argument("--workdir", required=True)
    p.add_argument("--seed", type=int, default=20251125)
    p.add_argument("--rounds", type=int, default=4)
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    exe = harness.compile(module_text(), a.route, a.workdir,
                          pipeline=harness.route_pipeline(a.route, a.pipeline_options),
                          opt_tool=a.detect_opt)
    rng = np.random.default_rng(a.seed)
    calls, expected, labels = [], [], []
    for r in range(a.rounds):
        for name, gen in GENERATORS:
            boxes = gen(rng)
            # Scores with ties (a few distinct values) in half the cases.
            scores = rng.uniform(0, 1, N).astype(F32)
            if r % 2:
                scores = (np.round(scores * 8) / 8).astype(F32)
            n = N if r < 2 else int(rng.integers(N // 2, N))
            for t in ATTR_THRESHOLDS:
                calls.append((fname(t), [boxes, scores, np.int32(n)]))
                expected.append(torchvision_nms(boxes, scores, n, t))
                labels.append("%s round %d n=%d iou_threshold(%r)" % (name, r, n, t))
            t = float(F32(rng.choice([0.0, 0.3, 0.45, 0.5, 1.0])))
            calls.append(("nms_rt", [boxes, scores, np.int32(n), F32(t)]))
            expected.append(torchvision_nms(boxes, scores, n, t))
            labels.append("%s round %d n=%d run-time threshold %r" % (name, r, n, t))
    results = harness.run_mixed(exe, calls)
    failures = 0
    for label, want, (idx, count) in zip(labels, expected, results):
        got = idx[: int(count)].tolist()
        pad = idx[int(count):]
        if got != want or (pad != -1).any():
            failures += 1
            k = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
            print("FAIL %s: %d kept, torchvision %d; first difference at %d" % (label, len(got), len(want), k))
    print("%d cases, %d failures (route %s %s)" % (len(calls), failures, a.route, a.pipeline_options))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
