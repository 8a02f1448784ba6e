"""Differential test of real exported detectors: torchvision's detection
models' post-processing, exported by torch.onnx.export, imported, compiled and
run, against onnxruntime-node running the same .onnx file.

The exports come from test/Import/Onnx/torchvision_exports.py (cached in
--cache). Each case draws the head tensors at random: box regression
~N(0, 1), class logits ~N(-4, 2), so that a few hundred scores per case pass
the models' 0.01-0.05 thresholds; Faster R-CNN's proposals are the RPN's
proposals of the export's image, jittered by N(0, 2) pixels. Outputs are
boxes, scores, labels, then one i64 length per output (docs/Import.md).

Comparison: the kept count, labels and order identical; scores within 4 ulp
or 1e-6 (softmax/sigmoid: ONNX Runtime's vectorised exp is not correctly
rounded); box corners within 1e-6 relative plus one f32 ulp of the image size
S: a corner is computed as center +- half size, numbers up to S, so ONNX
Runtime's few-ulp exp in the size moves a corner near 0 by up to an ulp at
magnitude S (3.1e-5 at S = 320) although its relative error is large. Ties
among equal scores would make torchvision's order unspecified; with scores
from continuous random logits exact ties are rare (the count of cases with
one is printed), but scores one rounding apart are common; within each run
of scores equal up to the score tolerance, both lists are compared in one
canonical order (by label, then box).
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(HERE, "..", "Import", "Onnx"))
import harness  # noqa: E402
import onnx_import_onnxruntime as ort_test  # noqa: E402
import torchvision_exports as tve  # noqa: E402

np = harness.np
onnx = ort_test.onnx


def gen_case(rng, proto, name, example):
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
            feeds.append((vi.name, rng.normal(-4, 2, shape).astype(np.float32)))
        else:
            feeds.append((vi.name, rng.normal(0, 1, shape).astype(np.float32)))
    return feeds


def near_tie_order(ref_scores, labels, boxes, scores=None):
    """A permutation that sorts each run of near-equal `ref_scores` (within
    the score tolerance) by label, then box; `scores` (ours) join the run
    when they are near their position's reference score."""
    n = len(ref_scores)
    order = np.arange(n)
    start = 0
    for i in range(1, n + 1):
        if i < n and ort_test.ulp_close(ref_scores[i:i + 1], ref_scores[i - 1:i], "math")[0]:
            continue
        if i - start > 1:
            key = sorted(range(start, i), key=lambda j: (int(labels[j]), tuple(np.asarray(boxes[j]).tolist())))
            order[start:i] = key
        start = i
    return order


def box_close(got, want, size):
    ulp = np.spacing(np.float32(size))
    return np.abs(got - want) <= 1e-6 * np.abs(want) + ulp


def compare(res, ort_outputs, size):
    """None, or the first difference: outputs boxes, scores, labels, then
    their three lengths (one number)."""
    if len(res) != 6:
        return "%d results, expected 3 outputs + 3 lengths" % len(res)
    n = int(res[3])
    if not (int(res[4]) == int(res[5]) == n):
        return "lengths differ: %s" % (res[3:],)
    want = [np.array(o["data"]).reshape(o["dims"]) for o in ort_outputs]
    if n != len(want[1]):
        return "kept %d, onnxruntime %d" % (n, len(want[1]))
    boxes, scores, labels = (np.asarray(r)[:n] for r in res[:3])
    # Scores that differ by a rounding of ONNX Runtime's softmax/sigmoid may
    # come in the other order: within each run of near-equal scores (by
    # ONNX Runtime's values), both lists are put in one canonical order.
    order = near_tie_order(want[1].astype(np.float32), want[2], want[0])
    want = [w[order] for w in want]
    order = near_tie_order(want[1].astype(np.float32), labels, boxes, scores)
    boxes, scores, labels = boxes[order], scores[order], labels[order]
    if not np.array_equal(labels, want[2].astype(labels.dtype)):
        i = int(np.argwhere(labels != want[2].astype(labels.dtype))[0][0])
        return "label %d: %d (score %r), onnxruntime %d (score %r)" % (
            i, labels[i], scores[i], want[2][i], want[1][i])
    ok = ort_test.ulp_close(scores, want[1].astype(np.float32), "math")
    if not np.all(ok):
        i = int(np.argwhere(~ok)[0][0])
        return "score %d: %r, onnxruntime %r" % (i, scores[i], want[1][i])
    ok = box_close(boxes, want[0].astype(np.float32), size)
    if not np.all(ok):
        i = tuple(np.argwhere(~ok)[0])
        return "box %s: %r, onnxruntime %r" % (i, boxes[i], want[0][i])
    return None


def self_check():
    """The comparison must reject wrong answers."""
    boxes = np.float32([[1, 2, 3, 4]])
    ort = [{"dims": [1, 4], "data": [1, 2, 3, 4]}, {"dims": [1], "data": [0.5]},
           {"dims": [1], "data": [3]}]
    good = [boxes, np.float32([0.5]), np.int64([3]), 1, 1, 1]
    problems = []
    if compare(good, ort, 320) is not None:
        problems.append("compare rejects a right answer")
    bad = {"count": [boxes, np.float32([0.5]), np.int64([3]), 0, 0, 0],
           "label": [boxes, np.float32([0.5]), np.int64([4]), 1, 1, 1],
           "score": [boxes, np.float32([0.5001]), np.int64([3]), 1, 1, 1],
           "box": [boxes + np.float32(1e-3), np.float32([0.5]), np.int64([3]), 1, 1, 1]}
    for what, res in bad.items():
        if compare(res, ort, 320) is None:
            problems.append("compare accepts a wrong " + what)
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
    ap.add_argument("--whole-cut", metavar="WHOLE.onnx",
                    help="instead of the post-processing export, the whole model's file cut at its "
                         "head tensors: by detect-import-onnx --inputs/--outputs for us, by "
                         "onnx.utils.extract_model for ONNX Runtime")
    args = ap.parse_args()
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
        cases = [gen_case(rng, proto, args.model, example)
                 for _ in range(min(args.batch, args.random - first))]
        ours = [[a for n, a in c if n != "images"] for c in cases]
        results = harness.run(exe, ours)
        ort = ort_test.run_onnxruntime([path], [(0, c) for c in cases], args.workdir, args.node)
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
