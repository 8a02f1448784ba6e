"""Differential test of real exported detectors: torchvision's detection
models' post-processing, exported by torch.onnx.export, imported, compiled and
run, against onnxruntime-node running the same .onnx file.

The exports come from test/Import/Onnx/torchvision_exports.py (cached in
--cache). Each case draws the head tensors at random: box regression
~N(0, 1), class logits ~N(-4, 2), so that a few hundred scores per case pass
the models' 0.01-0.05 thresholds; Faster R-CNN's proposals are the RPN's
proposals of the export's image, jittered by N(0, 2) pixels. Outputs are
boxes, scores, labels, then one i64 length per output (docs/Import.md).

Comparison (compare() below): the kept count identical; ours in
non-increasing score order; each of ONNX Runtime's detections matched by
one of ours with the same label, the score within 2e-5 relative (softmax/
sigmoid: ONNX Runtime's vectorised exp is not correctly rounded; see
score_close),
and the box corners within 1e-6 relative plus one f32 ulp of the image size
S: a corner is computed as center +- half size, numbers up to S, so ONNX
Runtime's few-ulp exp in the size moves a corner near 0 by up to an ulp at
magnitude S (3.1e-5 at S = 320) although its relative error is large. Ties
among equal scores would make torchvision's order unspecified; with scores
from continuous random logits exact ties are rare (the count of cases with
one is printed), but scores one rounding apart are common, so the order
among near-equal scores is not judged (the lists are matched as sorted
lists, not position by position).
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402
import onnx_import_onnxruntime as ort_test  # noqa: E402
import torchvision_exports as tve  # noqa: E402

np = harness.np
onnx = ort_test.onnx


def gen_case(rng, proto, name, example, sparse=False):
    """`sparse`: few scores pass the thresholds (from none to a few dozen
    per class or level), so that `k = min(topk_candidates, len)` is the
    length and some lists are empty: class logits ~N(-4, 2) with the
    background's raised by 14 (softmax), or ~N(-8, 2) (sigmoid)."""
    feeds = []
    for vi, ex in zip(proto.graph.input, example):
        shape = ort_test.dims_of(vi)
        if vi.name == "proposals":
            jitter = rng.normal(0, 2, ex.shape).astype(np.float32)
            feeds.append((vi.name, (ex + jitter).astype(np.float32)))
        elif vi.name == "images":
            # A whole model cut at its heads reads the image for its size only.
            feeds.append((vi.name, np.zeros(shape, np.float32)))
        elif "logits" in vi.name or "classification" in vi.name:
            sigmoid = name.startswith("retinanet")
            logits = rng.normal(-8 if sparse and sigmoid else -4, 2, shape).astype(np.float32)
            if sparse and not sigmoid:
                logits[..., 0] += np.float32(14)
            feeds.append((vi.name, logits))
        else:
            feeds.append((vi.name, rng.normal(0, 1, shape).astype(np.float32)))
    return feeds


def score_close(got, want):
    """Scores: within 2e-5 relative (plus 1e-8), the tolerance
    test/Integration/onnx_import.test applies to softmax results against
    ONNX Runtime: its softmax sums 91 terms of a vectorised exp that is not
    correctly rounded (seen: 1e-6 relative on the host), and on a
    microcontroller picolibc's expf rounds otherwise again (seen: 1.6e-5)."""
    return np.abs(np.float32(got) - np.float32(want)) <= 2e-5 * np.abs(want) + 1e-8


def box_close(got, want, size):
    ulp = np.spacing(np.float32(size))
    return np.abs(got - want) <= 1e-6 * np.abs(want) + ulp


def compare(res, ort_outputs, size):
    """None, or the first difference: outputs boxes, scores, labels, then
    their three lengths (one number).

    The detections are compared as lists sorted by score: ours must be in
    non-increasing score order, and each of ONNX Runtime's detections must
    match one of ours (label equal, score and box within tolerance). Equal
    scores, or scores one rounding apart, may come in either order (torch's
    final sort is not stable), so the order among them is not judged; rows
    that differ only at the cut to `detections_per_img`, where the last kept
    score ties with the first dropped one, are allowed and counted."""
    if len(res) != 6:
        return "%d results, expected 3 outputs + 3 lengths" % len(res)
    n = int(res[3])
    if not (int(res[4]) == int(res[5]) == n):
        return "lengths differ: %s" % (res[3:],)
    want = [np.array(o["data"]).reshape(o["dims"]) for o in ort_outputs]
    if n != len(want[1]):
        return "kept %d, onnxruntime %d" % (n, len(want[1]))
    boxes, scores, labels = (np.asarray(r)[:n] for r in res[:3])
    if n > 1 and np.any(scores[1:] > scores[:-1]):
        i = int(np.argwhere(scores[1:] > scores[:-1])[0][0])
        return "scores not in decreasing order at %d: %r < %r" % (i, scores[i], scores[i + 1])
    w_boxes, w_scores = want[0].astype(np.float32), want[1].astype(np.float32)
    w_labels = want[2].astype(labels.dtype)
    used = np.zeros(n, bool)
    unmatched = []
    for i in range(n):
        ok = (~used) & (labels == w_labels[i]) & score_close(scores, w_scores[i])
        ok &= np.all(box_close(boxes, w_boxes[i], size), axis=-1)
        hits = np.flatnonzero(ok)
        if hits.size:
            used[hits[0]] = True
        else:
            unmatched.append(i)
    if unmatched:
        cut = w_scores[-1]
        ours_left = np.flatnonzero(~used)
        full = n == np.asarray(res[1]).shape[0]
        if full and all(score_close(w_scores[i], cut) for i in unmatched) and \
                all(score_close(scores[j], cut) for j in ours_left):
            return None
        i = unmatched[0]
        return "onnxruntime's detection %d (label %d, score %r, box %s) has no match" % (
            i, w_labels[i], w_scores[i], w_boxes[i])
    return None


def self_check():
    """The comparison must reject wrong answers."""
    # One detection in a capacity of two (not full: no cut to tie with).
    boxes = np.float32([[1, 2, 3, 4], [0, 0, 0, 0]])
    ort = [{"dims": [1, 4], "data": [1, 2, 3, 4]}, {"dims": [1], "data": [0.5]},
           {"dims": [1], "data": [3]}]
    good = [boxes, np.float32([0.5, 0]), np.int64([3, 0]), 1, 1, 1]
    problems = []
    if compare(good, ort, 320) is not None:
        problems.append("compare rejects a right answer")
    bad = {"count": [boxes, np.float32([0.5, 0]), np.int64([3, 0]), 0, 0, 0],
           "label": [boxes, np.float32([0.5, 0]), np.int64([4, 0]), 1, 1, 1],
           "score": [boxes, np.float32([0.5001, 0]), np.int64([3, 0]), 1, 1, 1],
           "box": [boxes + np.float32(1e-3), np.float32([0.5, 0]), np.int64([3, 0]), 1, 1, 1]}
    for what, res in bad.items():
        if compare(res, ort, 320) is None:
            problems.append("compare accepts a wrong " + what)
    # Two detections: swapped when their scores are one rounding apart
    # (accepted), out of score order (rejected).
    b2 = np.float32([[1, 2, 3, 4], [5, 6, 7, 8]])
    ort2 = [{"dims": [2, 4], "data": b2.reshape(-1).tolist()},
            {"dims": [2], "data": [0.5, float(np.nextafter(np.float32(0.5), np.float32(0)))]},
            {"dims": [2], "data": [3, 4]}]
    swapped = [b2[::-1], np.float32([0.5, 0.5]), np.int64([4, 3]), 2, 2, 2]
    if compare(swapped, ort2, 320) is not None:
        problems.append("compare rejects near-equal scores in the other order")
    unsorted = [b2[::-1], np.float32([0.25, 0.5]), np.int64([4, 3]), 2, 2, 2]
    if compare(unsorted, ort2, 320) is None:
        problems.append("compare accepts scores out of order")
    return problems


def tied(scores):
    s = np.sort(np.asarray(scores))
    return bool(np.any(s[1:] == s[:-1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.add_common_arguments(ap, 100, "random cases per model")
    ap.add_argument("--node", default="node")
    ap.add_argument("--importer", default="detect-import-onnx")
    ap.add_argument("--cache", required=True, help="directory of the cached exports")
    ap.add_argument("--model", required=True, choices=sorted(tve.MODELS))
    ap.add_argument("--opset", type=int, required=True)
    ap.add_argument("--batch", type=int, default=100, help="cases per run of both programs")
    ap.add_argument("--sparse", action="store_true",
                    help="head tensors with few scores over the thresholds (gen_case)")
    ap.add_argument("--whole-cut", metavar="WHOLE.onnx",
                    help="instead of the post-processing export, the whole model's file cut at its "
                         "head tensors: by detect-import-onnx --inputs/--outputs for us, by "
                         "onnx.utils.extract_model for ONNX Runtime")
    args = ap.parse_args()
    # One work directory per route cell holds every model the cell runs.
    args.workdir = os.path.join(args.workdir, "%s-opset%d%s" % (
        args.model, args.opset, "-sparse" if args.sparse else ""))
    os.makedirs(args.workdir, exist_ok=True)
    problems = self_check()
    rng = np.random.default_rng(args.seed)

    cut = []
    if args.whole_cut:
        heads = tve.HEAD_TENSORS[args.model]
        path = os.path.join(args.workdir, "cut.onnx")
        onnx.save(tve.cut_model(onnx.load(args.whole_cut), [n for n, _ in heads],
                                [s for _, s in heads], ["boxes", "scores", "labels"]), path)
        cut = ["--inputs=" + ",".join(n for n, _ in heads)]
        for n, shape in heads:
            cut += ["--shape", "%s=%s" % (n, "x".join(map(str, shape)))]
        importer_input = args.whole_cut
    else:
        path = tve.export_cached(args.model, "post", args.opset, args.cache)
        importer_input = path
    proto = onnx.load(path)
    out = os.path.join(args.workdir, "post.mlir")
    t0 = time.time()
    p = subprocess.run([args.importer, importer_input, "-o", out, "--name", "postprocess"] + cut,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        print("%s: the importer failed: %s" % (args.model, p.stderr.decode()))
        return 1
    import_s = time.time() - t0
    with open(out) as f:
        text = f.read()
    exe = harness.compile(text, args.route, os.path.join(args.workdir, args.route),
                          sanitize=args.sanitize,
                          pipeline=harness.route_pipeline(args.route, args.pipeline_options),
                          opt_tool=args.detect_opt)
    example = []
    if args.model.startswith("fasterrcnn"):
        _, ex_args, _ = tve.head_example(args.model)
        example = [a.numpy() for a in ex_args]
    else:
        example = [None] * len(proto.graph.input)
    # In batches: RetinaNet's head tensors are 44 MB per case.
    mismatches = ties = kept = 0
    for first in range(0, args.random, args.batch):
        cases = [gen_case(rng, proto, args.model, example, args.sparse)
                 for _ in range(min(args.batch, args.random - first))]
        ours = [[a for n, a in c if n != "images"] for c in cases]
        results = harness.run(exe, ours)
        ort = node_oracle.run_onnxruntime([path], [(0, c) for c in cases], args.workdir, args.node)
        for k, (res, o) in enumerate(zip(results, ort), first):
            if "error" in o:
                problems.append("case %d: onnxruntime rejected it: %s" % (k, o["error"]))
                continue
            scores = o["outputs"][1]["data"]
            kept += len(scores)
            if tied(scores):
                ties += 1
            why = compare(list(res), o["outputs"], tve.MODELS[args.model])
            if why:
                mismatches += 1
                if mismatches <= 10:
                    problems.append("case %d: %s" % (k, why))
    tag = "%s/opset%d/%s%s%s" % (args.model, args.opset, "whole-cut/" if args.whole_cut else "",
                                 args.route, "+sanitize" if args.sanitize else "")
    if problems:
        print("\n".join(problems))
    print("%s: %d nodes, imported in %.1f s" % (tag, len(proto.graph.node), import_s))
    print("%s: %d cases, %d boxes kept, %d with tied scores, %d mismatches" % (
        tag, args.random, kept, ties, mismatches))
    return 1 if problems or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
