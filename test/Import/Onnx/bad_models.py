"""Broken ONNX files for the importer's error tests (and its ASan/UBSan run).

    python3 bad_models.py OUTDIR      writes every file below into OUTDIR

Each file is broken in one way; errors.test checks the message for each and
the sanitizer run (scripts/test.sh) imports every one of them.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
from models import F, I64, const, helper, onnx, tensor  # noqa: E402


def unchecked(nodes, inputs, outputs, inits=(), opset=11, name="bad"):
    """A model built without onnx.checker (which would refuse it)."""
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 7
    return m


def files():
    good = models.MODELS["nms_cpb0_constants"]().SerializeToString()
    out = {}
    out["truncated.onnx"] = good[: len(good) // 2]
    out["truncated_tail.onnx"] = good[:-3]
    rng = np.random.default_rng(1)
    out["garbage.onnx"] = bytes(rng.integers(0, 256, 4096, dtype=np.uint8))
    corrupt = bytearray(good)
    for i in range(10, len(corrupt), 97):
        corrupt[i] ^= 0xFF
    out["corrupt.onnx"] = bytes(corrupt)
    out["empty.onnx"] = b""
    n = helper.make_node
    x = [tensor("x", F, [2, 3])]
    y = [tensor("y", F, [2, 3])]
    out["opset99.onnx"] = unchecked([n("Relu", ["x"], ["y"], name="r")], x, y, opset=99).SerializeToString()
    out["opset9.onnx"] = unchecked([n("Relu", ["x"], ["y"], name="r")], x, y, opset=9).SerializeToString()
    unsupported = [n("Einsum", ["x", "x"], ["a"], equation="ij,ij->ij", name="einsum_1"),
                   n("Relu", ["a"], ["b"], name="fine"),
                   n("LSTM", ["b", "b", "b"], ["y"], name="lstm_7"),
                   helper.make_node("Custom", ["y"], ["z"], name="custom_op", domain="com.example")]
    out["unsupported.onnx"] = unchecked(unsupported, x, [tensor("z", F, [2, 3])],
                                        [const("scales", np.ones(2, np.float32))]).SerializeToString()
    out["add_mismatch.onnx"] = unchecked(
        [n("Add", ["x", "w"], ["y"], name="add_bad")], x, y,
        [const("w", np.ones(4, np.float32))]).SerializeToString()
    out["dynamic.onnx"] = unchecked([n("Relu", ["x"], ["y"], name="r")], [tensor("x", F, ["N", 3])],
                                    [tensor("y", F, ["N", 3])]).SerializeToString()
    out["undefined.onnx"] = unchecked([n("Relu", ["nowhere"], ["y"], name="r")], x, y).SerializeToString()
    raw = const("w", np.ones(6, np.float32))
    raw.raw_data = raw.raw_data[:-4]
    out["raw_size.onnx"] = unchecked([n("Add", ["x", "w"], ["y"], name="add")], x, y, [raw]).SerializeToString()
    ext = const("w", np.ones(6, np.float32))
    ext.data_location = onnx.TensorProto.EXTERNAL
    out["external.onnx"] = unchecked([n("Add", ["x", "w"], ["y"], name="add")], x, y, [ext]).SerializeToString()
    out["nms_shapes.onnx"] = unchecked(
        [n("NonMaxSuppression", ["b", "s"], ["sel"], name="nms_bad")],
        [tensor("b", F, [1, 10, 4]), tensor("s", F, [1, 2, 9])], [tensor("sel", I64, ["K", 3])]).SerializeToString()
    out["declared_output.onnx"] = unchecked([n("Relu", ["x"], ["y"], name="r")], x,
                                            [tensor("y", F, [3, 2])]).SerializeToString()
    out["bad_attr.onnx"] = unchecked([n("Transpose", ["x"], ["y"], name="t", perm=[0, 0])], x, y).SerializeToString()
    out["reshape_runtime.onnx"] = unchecked(
        [n("Reshape", ["x", "shape"], ["y"], name="reshape_dyn")], x + [tensor("shape", I64, [2])], y).SerializeToString()
    # An input spelled "" where the op requires one (ONNX's spelling of an
    # omitted optional input); an unnamed node is named by its index.
    out["empty_input.onnx"] = unchecked([n("Relu", [""], ["y"])], x, y).SerializeToString()
    out["empty_add_input.onnx"] = unchecked([n("Add", ["x", ""], ["y"], name="add")], x, y).SerializeToString()
    # If: an unsupported op inside a branch; branches of different ranks.
    flag_in = [tensor("x", F, [2, 3]), helper.make_tensor_value_info("c", onnx.TensorProto.BOOL, [])]
    bad_branch = helper.make_graph([n("Einsum", ["x", "x"], ["e"], equation="ij,ij->ij", name="in_branch")],
                                   "then", [], [tensor("e", F, [2, 3])])
    ok_branch = helper.make_graph([n("Relu", ["x"], ["r"])], "else", [], [tensor("r", F, [2, 3])])
    out["if_unsupported.onnx"] = unchecked(
        [n("If", ["c"], ["y"], then_branch=bad_branch, else_branch=ok_branch, name="if_bad")],
        flag_in, y).SerializeToString()
    rank1 = helper.make_graph([n("ReduceMax", ["x"], ["m"], axes=[1], keepdims=0)], "then", [],
                              [tensor("m", F, [2])])
    out["if_ranks.onnx"] = unchecked(
        [n("If", ["c"], ["y"], then_branch=rank1, else_branch=ok_branch, name="if_ranks")],
        flag_in, y).SerializeToString()
    out["pad_reflect.onnx"] = unchecked(
        [n("Pad", ["x", "pads"], ["y"], mode="reflect", name="pad")], x, [tensor("y", F, [2, 5])],
        [const("pads", np.array([0, 1, 0, 1], np.int64))]).SerializeToString()
    out["resize_cubic.onnx"] = unchecked(
        [n("Resize", ["x", "", "scales"], ["y"], mode="cubic", name="resize")], x, [tensor("y", F, [4, 6])],
        [const("scales", np.array([2, 2], np.float32))]).SerializeToString()
    # RoiAlign: an unknown mode; rois that are not [num_rois, 4]; a
    # coordinate mode ONNX does not define.
    feat = [tensor("feat", F, [1, 2, 6, 6]), tensor("rois", F, [3, 4]), tensor("bi", I64, [3])]
    out["roialign_mode.onnx"] = unchecked(
        [n("RoiAlign", ["feat", "rois", "bi"], ["y"], mode="median", name="roi_bad_mode")],
        feat, [tensor("y", F, [3, 2, 1, 1])], opset=16).SerializeToString()
    out["roialign_rois.onnx"] = unchecked(
        [n("RoiAlign", ["feat", "rois", "bi"], ["y"], name="roi_bad_rois")],
        [feat[0], tensor("rois", F, [3, 5]), feat[2]], [tensor("y", F, [3, 2, 1, 1])]).SerializeToString()
    out["roialign_ctm.onnx"] = unchecked(
        [n("RoiAlign", ["feat", "rois", "bi"], ["y"], coordinate_transformation_mode="corner",
           name="roi_bad_ctm")], feat, [tensor("y", F, [3, 2, 1, 1])], opset=16).SerializeToString()
    # ScatterElements: indices and updates of different shapes; a reduction
    # of opset 18 (max).
    sc = [tensor("data", F, [4, 3]), tensor("idx", I64, [2, 3]), tensor("upd", F, [2, 2])]
    out["scatter_shapes.onnx"] = unchecked(
        [n("ScatterElements", ["data", "idx", "upd"], ["y"], name="scatter_bad_shapes")],
        sc, [tensor("y", F, [4, 3])], opset=13).SerializeToString()
    out["scatter_reduction.onnx"] = unchecked(
        [n("ScatterElements", ["data", "idx", "upd"], ["y"], reduction="max", name="scatter_max")],
        sc[:2] + [tensor("upd", F, [2, 3])], [tensor("y", F, [4, 3])], opset=16).SerializeToString()
    out["no_graph.onnx"] = helper.make_model(helper.make_graph([], "g", [], [])).SerializeToString()[:2]
    return out


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, data in files().items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
