"""Differential test of detect-import-onnx's RoiAlign and ScatterElements
against onnxruntime-node running the same .onnx files.

Models (python3-onnx, written here):
- RoiAlign at opset 10 (output_half_pixel) and 16 (half_pixel, and
  output_half_pixel given), modes avg and max, a fixed sampling grid (2, as
  torchvision) and the adaptive one (sampling_ratio 0), on boxes drawn to
  cross the feature map's border, reversed ones and tiny ones;
- RoiAlign over boxes with a run-time length (the boxes whose score passes
  a threshold, NonZero + Gather: Faster R-CNN's per-level selection);
- ScatterElements (axis 0 and 1, negative indices, duplicate indices, the
  reductions add and mul of opset 16), and scattered rows with a run-time
  length back into their places (MultiScaleRoIAlign's merge of levels).

Each is imported, compiled by the route's pipeline, run on random inputs and
compared with ONNX Runtime (onnx_import_onnxruntime.compare: outputs with a
run-time length cut to it). Everything must be equal: ScatterElements
copies values, and RoiAlign computes in ONNX Runtime's order in float32
(NaN equals NaN).
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402
import onnx_import_onnxruntime as ort_test  # noqa: E402

np = harness.np
onnx = ort_test.onnx
from onnx import TensorProto, helper  # noqa: E402

F, I64 = TensorProto.FLOAT, TensorProto.INT64
N, C, H, W, R = 2, 3, 9, 11, 7


def _model(nodes, name, inputs, outputs, opset):
    g = helper.make_graph(nodes, name, inputs, outputs)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def roialign(opset, mode, ratio, ctm=None, out=(3, 4), scale=0.5):
    attrs = dict(mode=mode, output_height=out[0], output_width=out[1],
                 sampling_ratio=ratio, spatial_scale=scale)
    if ctm:
        attrs["coordinate_transformation_mode"] = ctm
    node = helper.make_node("RoiAlign", ["X", "rois", "batch_indices"], ["Y"], name="roialign", **attrs)
    return _model([node], "roialign", [
        helper.make_tensor_value_info("X", F, [N, C, H, W]),
        helper.make_tensor_value_info("rois", F, [R, 4]),
        helper.make_tensor_value_info("batch_indices", I64, [R])],
        [helper.make_tensor_value_info("Y", F, [R, C, out[0], out[1]])], opset)


def roialign_selected(opset=16):
    """RoiAlign of the boxes whose score exceeds 0.3: a run-time length."""
    n = helper.make_node
    nodes = [
        n("Constant", [], ["t"], value=helper.make_tensor("t", F, [], [0.3])),
        n("Greater", ["box_scores", "t"], ["keep"]),
        n("NonZero", ["keep"], ["nz"]),
        n("Constant", [], ["axis0"], value=helper.make_tensor("a", I64, [1], [0])),
        n("Squeeze", ["nz", "axis0"], ["idx"]),
        n("Gather", ["rois", "idx"], ["picked"], axis=0),
        n("Shape", ["idx"], ["count"]),
        n("ConstantOfShape", ["count"], ["batch"],
          value=helper.make_tensor("z", I64, [1], [1])),
        n("RoiAlign", ["X", "picked", "batch"], ["Y"], name="roialign",
          output_height=2, output_width=2, sampling_ratio=0, spatial_scale=0.5),
    ]
    return _model(nodes, "roialign_selected", [
        helper.make_tensor_value_info("X", F, [N, C, H, W]),
        helper.make_tensor_value_info("rois", F, [R, 4]),
        helper.make_tensor_value_info("box_scores", F, [R])],
        [helper.make_tensor_value_info("Y", F, ["k", C, 2, 2])], opset)


def scatter(opset, axis, reduction=None, data=(6, 5), upd=(4, 3)):
    attrs = dict(axis=axis)
    if reduction:
        attrs["reduction"] = reduction
    node = helper.make_node("ScatterElements", ["data", "indices", "updates"], ["out"],
                            name="scatter", **attrs)
    return _model([node], "scatter", [
        helper.make_tensor_value_info("data", F, list(data)),
        helper.make_tensor_value_info("indices", I64, list(upd)),
        helper.make_tensor_value_info("updates", F, list(upd))],
        [helper.make_tensor_value_info("out", F, list(data))], opset)


def scatter_selected(opset=13, rows=8):
    """The rows whose score exceeds 0.3, transformed, written back into a
    zero table at their places (torchvision's _onnx_merge_levels)."""
    n = helper.make_node
    nodes = [
        n("Constant", [], ["t"], value=helper.make_tensor("t", F, [], [0.3])),
        n("Greater", ["row_scores", "t"], ["keep"]),
        n("NonZero", ["keep"], ["nz"]),
        n("Transpose", ["nz"], ["idx"], perm=[1, 0]),
        n("Constant", [], ["axis0"], value=helper.make_tensor("a", I64, [1], [0])),
        n("Squeeze", ["nz", "axis0"], ["flat"]),
        n("Gather", ["values", "flat"], ["picked"], axis=0),
        n("Neg", ["picked"], ["updates"]),
        n("Shape", ["values"], ["shape"]),
        n("ConstantOfShape", ["shape"], ["zeros"],
          value=helper.make_tensor("z", F, [1], [0.0])),
        n("ScatterElements", ["zeros", "idx", "updates"], ["out"], name="scatter", axis=0),
    ]
    return _model(nodes, "scatter_selected", [
        helper.make_tensor_value_info("values", F, [rows, 1]),
        helper.make_tensor_value_info("row_scores", F, [rows])],
        [helper.make_tensor_value_info("out", F, [rows, 1])], opset)


# name -> (model, tolerance class of onnx_import_onnxruntime.compare: None
# is exact)
MODELS = {
    "roialign10_avg_r2": (lambda: roialign(10, "avg", 2), None),
    "roialign10_max_r0": (lambda: roialign(10, "max", 0), None),
    "roialign16_avg_r0": (lambda: roialign(16, "avg", 0, out=(2, 3), scale=0.25), None),
    "roialign16_max_r2": (lambda: roialign(16, "max", 2), None),
    "roialign16_output_half_pixel": (lambda: roialign(16, "avg", 1, ctm="output_half_pixel"), None),
    "roialign_selected": (roialign_selected, None),
    "scatter13_axis0": (lambda: scatter(13, 0), None),
    "scatter13_axis1": (lambda: scatter(13, 1, data=(4, 6), upd=(3, 4)), None),
    "scatter16_add": (lambda: scatter(16, 0, "add"), None),
    "scatter16_mul": (lambda: scatter(16, -1, "mul", data=(4, 6), upd=(3, 4)), None),
    "scatter_selected": (scatter_selected, None),
}


def gen_feeds(rng, name, proto):
    feeds = []
    for vi in proto.graph.input:
        shape = ort_test.dims_of(vi)
        if vi.name == "X":
            a = rng.normal(0, 1, shape).astype(np.float32)
        elif vi.name == "rois":
            # Corners in input pixels (spatial_scale maps them onto the
            # map): across the border, reversed, tiny, and large boxes.
            scale = 0.25 if "r0" in name and "16" in name else 0.5
            x1 = rng.uniform(-6, W / scale + 6, shape[0])
            y1 = rng.uniform(-6, H / scale + 6, shape[0])
            kind = rng.integers(0, 4, shape[0])
            w = np.where(kind == 0, rng.uniform(-4, 0, shape[0]),
                         np.where(kind == 1, rng.uniform(0, 1.5, shape[0]),
                                  rng.uniform(1, 2 * W / scale, shape[0])))
            h = np.where(kind == 0, rng.uniform(-4, 0, shape[0]),
                         np.where(kind == 1, rng.uniform(0, 1.5, shape[0]),
                                  rng.uniform(1, 2 * H / scale, shape[0])))
            a = np.stack([x1, y1, x1 + w, y1 + h], axis=1).astype(np.float32)
        elif vi.name == "batch_indices":
            a = rng.integers(0, N, shape).astype(np.int64)
        elif vi.name == "indices":
            node = proto.graph.node[0]
            axis = [x.i for x in node.attribute if x.name == "axis"][0]
            dim = ort_test.dims_of(proto.graph.input[0])[axis]
            # From the end or the start; duplicates in a column (the last
            # write wins, or the reduction sees them all).
            a = rng.integers(-dim, dim, shape).astype(np.int64)
        elif vi.name in ("box_scores", "row_scores"):
            a = rng.uniform(0, 1, shape).astype(np.float32)
        else:
            a = rng.normal(0, 1.5, shape).astype(np.float32)
        feeds.append((vi.name, a))
    return feeds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    harness.add_common_arguments(ap, 200, "random cases per model")
    ap.add_argument("--node", default="node")
    ap.add_argument("--importer", default="detect-import-onnx")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    problems = []
    total = mismatches = 0
    for name, (make, tol) in MODELS.items():
        proto = make()
        onnx.checker.check_model(proto)
        path, text = ort_test.import_model(args.importer, proto, name, args.workdir, problems)
        if text is None:
            continue
        exe = harness.compile(text, args.route, os.path.join(args.workdir, name + "." + args.route),
                              sanitize=args.sanitize,
                              pipeline=harness.route_pipeline(args.route, args.pipeline_options),
                              opt_tool=args.detect_opt)
        cases = [gen_feeds(rng, name, proto) for _ in range(args.random)]
        results = harness.run(exe, [[a for _, a in c] for c in cases])
        ort = node_oracle.run_onnxruntime([path], [(0, c) for c in cases], args.workdir, args.node)
        for k, (res, o) in enumerate(zip(results, ort)):
            total += 1
            if "error" in o:
                problems.append("%s case %d: onnxruntime rejected it: %s" % (name, k, o["error"]))
                continue
            why = ort_test.compare(proto, None, list(res), o["outputs"], tol)
            if why:
                mismatches += 1
                if mismatches <= 10:
                    problems.append("%s case %d: %s" % (name, k, why))
    tag = "roialign_scatter/%s%s" % (args.route, "+sanitize" if args.sanitize else "")
    if problems:
        print("\n".join(problems))
    print("%s: %d models, %d cases, %d mismatches" % (tag, len(MODELS), total, mismatches))
    return 1 if problems or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
