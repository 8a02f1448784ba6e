"""Differential test of detect-import-onnx: ONNX models imported, compiled and
run, against onnxruntime-node running the same .onnx files.

The models are those of test/Import/Onnx/models.py (python3-onnx): NonMaxSuppression
with center_point_box 0 and 1, limits and thresholds as initializers and as
graph inputs, several batches and classes; an SSD-style decode + Sigmoid +
NonMaxSuppression graph; TopK (run-time k) and Gather after NonMaxSuppression;
the elementwise/shape ops; convolution and pooling.

Each model goes through `detect-import-onnx`, then our pipeline (harness.py,
route llvm or c), and runs on random inputs; ONNX Runtime runs the .onnx file
on the same inputs. The function returns the graph outputs in order, then one
i64 length per output with a data-dependent dimension (docs/Import.md). An
output matches when its shape equals ONNX Runtime's with that dimension cut
to the length, integers are equal, and floats are equal up to 4 ulp plus
1e-6 absolute for results of math functions (exp, log, sigmoid and softmax:
ONNX Runtime's vectorised approximations are not correctly rounded). Any
difference in a count, an index or a kept row is a mismatch; the run fails on
any mismatch.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402
import models  # noqa: E402
import multiclass_nms_onnxruntime as mc  # noqa: E402

np = harness.np
F32 = np.float32
onnx = models.onnx

# Model name -> how its float outputs are compared: "exact"; "math" (results
# of exp, log, sigmoid: 4 ulp or 1e-6); "sum" (dot products, convolutions,
# softmax: ONNX Runtime's GEMM sums in another order, with fused
# multiply-adds: relative 2e-5, absolute 1e-5).
MODELS = {
    "nms_cpb0_inputs": "exact",
    "nms_cpb1_inputs": "exact",
    "nms_cpb0_constants": "exact",
    "nms_cpb1_constants": "exact",
    "nms_cpb0_limit_only": "exact",
    "nms_opset17": "exact",
    "ssd": "math",
    "topk_after_nms": "exact",
    "ops": "sum",
    "conv": "sum",
    "batched_candidates": "exact",
    "reductions": "sum",
}


def dims_of(value_info):
    return [d.dim_value if d.HasField("dim_value") else d.dim_param
            for d in value_info.type.tensor_type.shape.dim]


def gen_input(rng, model_name, vi):
    """Random data for graph input `vi` of the model."""
    name = vi.name
    shape = dims_of(vi)
    elem = vi.type.tensor_type.elem_type
    if name == "max_output_boxes_per_class":
        return np.array([rng.choice([-1, 0, 1, 2, 3, 5, 10, 100])], np.int64)
    if name == "iou_threshold":
        return np.array([rng.choice([0.0, 0.3, 0.5, 0.7, 1.0, rng.uniform(0, 1)])], F32)
    if name == "score_threshold":
        return np.array([rng.choice([0.0, 0.25, 0.5, -1.0, rng.uniform(-0.5, 1)])], F32)
    if name == "boxes":
        B, N, _ = shape
        cpb = 1 if ("cpb1" in model_name or model_name in ("topk_after_nms", "nms_opset17")) else 0
        return mc.gen_boxes(rng, mc.Config("x", B, 1, N, cpb=cpb))
    if name == "scores":
        B, C, N = shape
        s = mc.gen_scores(rng, mc.Config("x", B, C, N))
        if model_name == "topk_after_nms":
            # On this graph ONNX Runtime returns NaN where a kept score is
            # infinite (TopK alone orders infinities correctly; not
            # investigated further): only finite scores reach this model.
            s = np.where(np.isfinite(s), s, F32(0.5)).astype(F32)
        return s
    assert elem == models.F, (model_name, name)
    kind = rng.integers(0, 3)
    if kind == 0:
        return rng.normal(0, 1, shape).astype(F32)
    if kind == 1:
        return rng.normal(0, 3, shape).astype(F32)
    # few levels: ties in scores and equal values
    return (rng.integers(-4, 5, shape) / 2).astype(F32)


def ulp_close(got, want, math_tol):
    got = np.asarray(got, np.float32)
    want = np.asarray(want, np.float32)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    if not math_tol:
        return same
    if math_tol == "sum":
        with np.errstate(all="ignore"):
            return same | (np.abs(got - want) <= 1e-5 + 2e-5 * np.abs(want))
    gi = got.view(np.int32).astype(np.int64)
    wi = want.view(np.int32).astype(np.int64)
    # ulp distance for finite values of one sign
    ulps = np.abs(gi - wi)
    near = (np.sign(got) == np.sign(want)) & (ulps <= 4)
    return same | near | (np.abs(got - want) <= 1e-6)


def compare(model, sig_results, outputs, ort_outputs, math_tol):
    """None, or a description of the first difference."""
    dyn = []  # (output index, axis) of outputs with a run-time length
    for i, o in enumerate(model.graph.output):
        for ax, d in enumerate(dims_of(o)):
            if isinstance(d, str):
                dyn.append((i, ax))
                break
    nout = len(model.graph.output)
    if len(outputs) != nout + len(dyn):
        return "the function returns %d results, expected %d outputs + %d lengths" % (
            len(outputs), nout, len(dyn))
    lengths = {i: (ax, int(outputs[nout + k])) for k, (i, ax) in enumerate(dyn)}
    for i, o in enumerate(model.graph.output):
        got = np.asarray(outputs[i])
        ort = ort_outputs[i]
        want = np.array(ort["data"], got.dtype).reshape(ort["dims"])
        if i in lengths:
            ax, n = lengths[i]
            if n < 0 or n > got.shape[ax]:
                return "output %s: length %d outside [0, %d]" % (o.name, n, got.shape[ax])
            got = np.take(got, np.arange(n), axis=ax)
        if got.shape != want.shape:
            return "output %s: shape %s, onnxruntime %s" % (o.name, got.shape, want.shape)
        if got.dtype.kind == "f":
            ok = ulp_close(got, want, math_tol)
        else:
            ok = got == want
        if not np.all(ok):
            bad = np.argwhere(~np.asarray(ok))[0]
            return "output %s at %s: got %r, onnxruntime %r (got %s)" % (
                o.name, tuple(bad), got[tuple(bad)], want[tuple(bad)],
                np.array2string(got.reshape(-1)[:12]))
    return None


def self_check(problems):
    """The comparison must reject wrong answers."""
    m = models.MODELS["nms_cpb0_constants"]()
    sel = np.full((30, 3), -1, np.int64)
    sel[0] = [0, 1, 2]
    ort = [{"dims": [1, 3], "data": [0, 1, 2]}]
    if compare(m, None, [sel, np.int64(1)], ort, False) is not None:
        problems.append("compare rejects a right answer")
    for what, outs in [("count", [sel, np.int64(2)]), ("row", [sel * 0, np.int64(1)])]:
        if compare(m, None, outs, ort, False) is None:
            problems.append("compare accepts a wrong answer: " + what)
    for tol in ("math", "sum"):
        if np.all(ulp_close(np.float32([1.0]), np.float32([1.001]), tol)):
            problems.append("the %s tolerance accepts 1e-3" % tol)


def import_model(importer, proto, name, workdir, problems):
    """Saves `proto` as NAME.onnx in workdir and imports it as function
    @NAME: (the .onnx path, the MLIR text), the text None (and a problem
    appended) when the importer fails."""
    path = os.path.join(workdir, name + ".onnx")
    onnx.save(proto, path)
    out = os.path.join(workdir, name + ".mlir")
    p = subprocess.run([importer, path, "-o", out, "--name", name],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        problems.append("%s: the importer failed: %s" % (name, p.stderr.decode()))
        return path, None
    with open(out) as f:
        return path, f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_common_arguments(ap, 300, "random cases per model")
    ap.add_argument("--node", default="node")
    ap.add_argument("--importer", default="detect-import-onnx")
    ap.add_argument("--models", default=",".join(MODELS))
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    problems = []
    self_check(problems)
    rng = np.random.default_rng(args.seed)
    names = args.models.split(",")
    paths, texts, protos = [], [], []
    for name in names:
        proto = models.MODELS[name]()
        path, text = import_model(args.importer, proto, name, args.workdir, problems)
        if text is None:
            continue
        texts.append(text)
        paths.append(path)
        protos.append((name, proto))
    if problems:
        print("\n".join(problems))
        return 1
    total = 0
    mismatches = 0
    for (name, proto), text, path in zip(protos, texts, paths):
        exe = harness.compile(text, args.route, os.path.join(args.workdir, name + "." + args.route),
                              sanitize=args.sanitize,
                              pipeline=harness.route_pipeline(args.route, args.pipeline_options),
                              opt_tool=args.detect_opt)
        inputs = [vi for vi in proto.graph.input if vi.name not in {i.name for i in proto.graph.initializer}]
        cases = []
        for _ in range(args.random):
            cases.append([(vi.name, gen_input(rng, name, vi)) for vi in inputs])
        results = harness.run(exe, [[a for _, a in c] for c in cases])
        ort = node_oracle.run_onnxruntime([path], [(0, c) for c in cases], args.workdir, args.node)
        for k, (c, res, o) in enumerate(zip(cases, results, ort)):
            total += 1
            if "error" in o:
                problems.append("%s case %d: onnxruntime rejected it: %s" % (name, k, o["error"]))
                continue
            why = compare(proto, None, list(res), o["outputs"], None if MODELS[name] == "exact" else MODELS[name])
            if why:
                mismatches += 1
                if mismatches <= 10:
                    problems.append("%s case %d: %s" % (name, k, why))
        print("%s: %d cases" % (name, len(cases)))
    tag = "onnx_import/%s%s" % (args.route, "+sanitize" if args.sanitize else "")
    if problems:
        print("\n".join(problems))
    print("%s: %d cases, %d mismatches" % (tag, total, mismatches))
    return 1 if problems or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
