"""Small ONNX models for the importer's tests, made with python3-onnx.

    python3 models.py NAME OUT.onnx      one model
    python3 models.py --list             the names

Every model is checked by onnx.checker (the broken ones of bad_models.py are
made from these). The differential test (test/Integration/onnx_import.test)
runs the same models through onnxruntime-node.
"""

import sys

import numpy as np

try:
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as e:
    sys.stderr.write("models.py: error: cannot import onnx (%s): install the Debian package "
                     "python3-onnx. The test is deliberately not skipped.\n" % e)
    sys.exit(2)

F, I64 = TensorProto.FLOAT, TensorProto.INT64


def tensor(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def model(nodes, name, inputs, outputs, inits=(), opset=11):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="detect-mlir tests")
    m.ir_version = 7
    onnx.checker.check_model(m)
    return m


def nms(cpb=0, B=2, C=3, N=40, thresholds="inputs", opset=11):
    """NonMaxSuppression alone. thresholds: "inputs" (graph inputs),
    "constants" (initializers), "none" (only max_output as a constant)."""
    inputs = [tensor("boxes", F, [B, N, 4]), tensor("scores", F, [B, C, N])]
    inits = []
    if thresholds == "inputs":
        inputs += [tensor("max_output_boxes_per_class", I64, [1]), tensor("iou_threshold", F, [1]),
                   tensor("score_threshold", F, [1])]
    elif thresholds == "constants":
        inits = [const("max_output_boxes_per_class", np.array([5], np.int64)),
                 const("iou_threshold", np.array([0.45], np.float32)),
                 const("score_threshold", np.array([0.2], np.float32))]
    else:
        inits = [const("max_output_boxes_per_class", np.array([4], np.int64))]
    names = ["boxes", "scores", "max_output_boxes_per_class"]
    if thresholds != "none":
        names += ["iou_threshold", "score_threshold"]
    node = helper.make_node("NonMaxSuppression", names, ["selected_indices"], name="nms",
                            center_point_box=cpb)
    out = tensor("selected_indices", I64, ["K", 3])
    return model([node], "nms_cpb%d_%s" % (cpb, thresholds), inputs, [out], inits, opset)


def anchors(N, seed=7):
    rng = np.random.default_rng(seed)
    c = rng.uniform(0, 1, (N, 2))
    wh = rng.uniform(0.05, 0.4, (N, 2))
    return np.concatenate([c, wh], axis=1).astype(np.float32)  # [cx, cy, w, h]


def ssd(N=64, C=4):
    """SSD-style post-processing as exporters write it: decode the box
    regression against anchors (Split, Mul, Add, Exp, Sub, Concat), Sigmoid of
    the class logits, Transpose to [B, C, N], NonMaxSuppression; then the kept
    boxes and scores are gathered (Gather, GatherND) as the outputs."""
    a = anchors(N)
    inits = [
        const("anchors_xy", a[None, :, 0:2]), const("anchors_wh", a[None, :, 2:4]),
        const("var_xy", np.array([0.1], np.float32)), const("var_wh", np.array([0.2], np.float32)),
        const("half", np.array([0.5], np.float32)),
        const("max_out", np.array([10], np.int64)), const("iou", np.array([0.5], np.float32)),
        const("score_t", np.array([0.3], np.float32)),
        const("col2", np.array([2], np.int64)),
    ]
    n = helper.make_node
    nodes = [
        n("Split", ["loc"], ["d_xy", "d_wh"], axis=2, split=[2, 2], name="split_loc"),
        n("Mul", ["d_xy", "var_xy"], ["s_xy"], name="scale_xy"),
        n("Mul", ["s_xy", "anchors_wh"], ["t_xy"], name="mul_xy"),
        n("Add", ["t_xy", "anchors_xy"], ["c_xy"], name="centre"),
        n("Mul", ["d_wh", "var_wh"], ["s_wh"], name="scale_wh"),
        n("Exp", ["s_wh"], ["e_wh"], name="exp_wh"),
        n("Mul", ["e_wh", "anchors_wh"], ["wh"], name="size"),
        n("Mul", ["wh", "half"], ["hwh"], name="half_size"),
        n("Sub", ["c_xy", "hwh"], ["p1"], name="corner1"),
        n("Add", ["c_xy", "hwh"], ["p2"], name="corner2"),
        n("Concat", ["p1", "p2"], ["boxes_xyxy"], axis=2, name="boxes"),
        n("Sigmoid", ["logits"], ["probs"], name="sigmoid"),
        n("Transpose", ["probs"], ["scores"], perm=[0, 2, 1], name="to_bcn"),
        # x1 y1 x2 y2 is ONNX's [y1, x1, y2, x2] with the axes swapped: the
        # suppression is the same.
        n("NonMaxSuppression", ["boxes_xyxy", "scores", "max_out", "iou", "score_t"], ["selected"],
          name="nms"),
        n("Gather", ["selected", "col2"], ["box_idx2"], axis=1, name="box_column"),
        n("Squeeze", ["box_idx2"], ["box_idx"], axes=[1], name="squeeze_box"),
        n("Gather", ["boxes_xyxy", "box_idx"], ["kept_boxes"], axis=1, name="gather_boxes"),
        # The kept scores: scores[b, c, i], by GatherND on [B, C, N].
        n("GatherND", ["scores", "selected"], ["kept_scores"], name="gather_scores"),
    ]
    inputs = [tensor("loc", F, [1, N, 4]), tensor("logits", F, [1, N, C])]
    outputs = [tensor("selected", I64, ["K", 3]), tensor("kept_boxes", F, [1, "K", 4]),
               tensor("kept_scores", F, ["K"])]
    return model(nodes, "ssd_postprocess", inputs, outputs, inits)


def topk_after_nms(N=48, C=3):
    """NMS, then the kept scores ranked: GatherND of the scores, TopK with
    k = min(10, number kept) computed from Shape at run time, Gather of the
    selected rows in that order."""
    n = helper.make_node
    inits = [const("max_out", np.array([6], np.int64)), const("iou", np.array([0.4], np.float32)),
             const("score_t", np.array([0.1], np.float32)), const("ten", np.array([10], np.int64)),
             const("zero", np.array([0], np.int64))]
    nodes = [
        n("NonMaxSuppression", ["boxes", "scores", "max_out", "iou", "score_t"], ["selected"],
          center_point_box=1, name="nms"),
        n("GatherND", ["scores", "selected"], ["kept_scores"], name="kept_scores"),
        n("Shape", ["kept_scores"], ["kept_shape"], name="shape"),
        n("Gather", ["kept_shape", "zero"], ["kept_count"], axis=0, name="count"),
        n("Min", ["kept_count", "ten"], ["k"], name="k"),
        n("TopK", ["kept_scores", "k"], ["top_scores", "top_pos"], axis=0, name="topk"),
        n("Gather", ["selected", "top_pos"], ["top_rows"], axis=0, name="top_rows"),
    ]
    inputs = [tensor("boxes", F, [1, N, 4]), tensor("scores", F, [1, C, N])]
    outputs = [tensor("top_scores", F, ["T"]), tensor("top_rows", I64, ["T", 3])]
    # Min of int64 needs opset 12.
    return model(nodes, "topk_after_nms", inputs, outputs, inits, opset=13)


def elementwise():
    """The other ops of the coverage list on small shapes (no NMS)."""
    n = helper.make_node
    inits = [const("w", np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)),
             const("bias", np.array([0.1, -0.2, 0.3], np.float32)),
             const("lo", np.array(-0.5, np.float32)), const("hi", np.array(0.75, np.float32)),
             const("shape2", np.array([0, -1], np.int64)),
             const("starts", np.array([1], np.int64)), const("ends", np.array([3], np.int64)),
             const("axes", np.array([1], np.int64))]
    nodes = [
        n("Gemm", ["x", "w", "bias"], ["g"], transB=0, name="gemm"),
        n("Relu", ["g"], ["r"], name="relu"),
        n("Softmax", ["g"], ["sm"], axis=1, name="softmax"),
        n("Clip", ["g", "lo", "hi"], ["cl"], name="clip"),
        n("Max", ["cl", "r"], ["mx"], name="max"),
        n("Sqrt", ["r"], ["sq"], name="sqrt"),
        n("Log", ["sm"], ["lg"], name="log"),
        n("Neg", ["lg"], ["ng"], name="neg"),
        n("ReduceMax", ["ng"], ["rm"], axes=[1], keepdims=1, name="reducemax"),
        n("Div", ["sq", "rm"], ["dv"], name="div"),
        n("Greater", ["mx", "sq"], ["gt"], name="greater"),
        n("Where", ["gt", "mx", "dv"], ["wh"], name="where"),
        n("Slice", ["wh", "starts", "ends", "axes"], ["sl"], name="slice"),
        n("Reshape", ["sl", "shape2"], ["rs"], name="reshape"),
        n("Cast", ["rs"], ["ci"], to=I64, name="cast"),
        n("ReduceMin", ["x"], ["rmin"], axes=[0], keepdims=0, name="reducemin"),
        n("MatMul", ["x", "w"], ["mm"], name="matmul"),
        n("Tile", ["rmin", "rep"], ["tl"], name="tile"),
        n("Flatten", ["mm"], ["fl"], axis=0, name="flatten"),
    ]
    inits.append(const("rep", np.array([2], np.int64)))
    inputs = [tensor("x", F, [5, 4])]
    outputs = [tensor("wh", F, [5, 3]), tensor("ci", I64, [5, 2]), tensor("tl", F, [8]),
               tensor("fl", F, [1, 15])]
    return model(nodes, "ops", inputs, outputs, inits)


def conv():
    """Conv (plain, strided with pads, depthwise), pooling, HardSigmoid."""
    n = helper.make_node
    rng = np.random.default_rng(3)
    inits = [const("w1", rng.normal(0, 0.5, (4, 3, 3, 3)).astype(np.float32)),
             const("b1", rng.normal(0, 0.5, (4,)).astype(np.float32)),
             const("wd", rng.normal(0, 0.5, (4, 1, 3, 3)).astype(np.float32))]
    nodes = [
        n("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1], strides=[2, 2], name="conv"),
        n("HardSigmoid", ["c1"], ["hs"], name="hardsigmoid"),
        n("Mul", ["c1", "hs"], ["hsw"], name="hardswish"),
        n("Conv", ["hsw", "wd"], ["c2"], pads=[1, 1, 1, 1], group=4, name="depthwise"),
        n("MaxPool", ["c2"], ["mp"], kernel_shape=[2, 2], strides=[2, 2], name="maxpool"),
        n("GlobalAveragePool", ["c2"], ["gap"], name="gap"),
    ]
    inputs = [tensor("x", F, [1, 3, 9, 9])]
    outputs = [tensor("mp", F, [1, 4, 2, 2]), tensor("gap", F, [1, 4, 1, 1])]
    return model(nodes, "conv", inputs, outputs, inits)


def batched_candidates(N=48, C=3, k=8):
    """torchvision's post-processing in miniature, as its exporter writes it:
    per class, scores over a threshold (NonZero, GatherND), the best
    k = min(8, count) (Shape, Concat, ReduceMin, TopK) and their labels
    (ConstantOfShape of a run-time shape); the lists joined along their
    data-dependent axis (Concat); then batched_nms's coordinate trick behind
    `if boxes.numel() == 0` (ReduceProd, Equal, If with a run-time
    condition, ReduceMax over the run-time length, NonMaxSuppression on
    boxes with a run-time length)."""
    n = helper.make_node
    inits = [const("thresh", np.array(0.3, np.float32)), const("k_max", np.array([k], np.int64)),
             const("zero", np.array(0, np.int64)), const("zero_i", np.array([0], np.int64)),
             const("one_f", np.array(1.0, np.float32)), const("two", np.array(2, np.int64)),
             const("max_out", np.array([100], np.int64)), const("iou", np.array([0.5], np.float32))]
    nodes, scores, boxes, labels = [], [], [], []
    for c in range(C):
        inits.append(const("c%d" % c, np.array(c, np.int64)))
        nodes += [
            n("Gather", ["class_scores", "c%d" % c], ["s%d" % c], axis=1),
            n("Greater", ["s%d" % c, "thresh"], ["m%d" % c]),
            n("NonZero", ["m%d" % c], ["nz%d" % c]),
            n("Transpose", ["nz%d" % c], ["idx%d" % c], perm=[1, 0]),
            n("GatherND", ["s%d" % c, "idx%d" % c], ["cs%d" % c]),
            n("GatherND", ["candidates", "idx%d" % c], ["cb%d" % c]),
            n("Shape", ["cs%d" % c], ["sh%d" % c]),
            n("Gather", ["sh%d" % c, "zero"], ["len%d" % c], axis=0),
            n("Unsqueeze", ["len%d" % c], ["lenv%d" % c], axes=[0]),
            n("Concat", ["k_max", "lenv%d" % c], ["kc%d" % c], axis=0),
            n("ReduceMin", ["kc%d" % c], ["k%d" % c], keepdims=1),
            n("TopK", ["cs%d" % c, "k%d" % c], ["ts%d" % c, "ti%d" % c], axis=0),
            n("Gather", ["cb%d" % c, "ti%d" % c], ["tb%d" % c], axis=0),
            n("Shape", ["ts%d" % c], ["tsh%d" % c]),
            n("ConstantOfShape", ["tsh%d" % c], ["lab%d" % c],
              value=numpy_helper.from_array(np.array([c], np.int64))),
        ]
        scores.append("ts%d" % c)
        boxes.append("tb%d" % c)
        labels.append("lab%d" % c)
    nodes += [
        n("Concat", scores, ["all_s"], axis=0, name="concat_scores"),
        n("Concat", boxes, ["all_b"], axis=0, name="concat_boxes"),
        n("Concat", labels, ["all_l"], axis=0, name="concat_labels"),
        n("Shape", ["all_b"], ["all_shape"]),
        n("ReduceProd", ["all_shape"], ["numel"], keepdims=0, name="numel"),
        n("Equal", ["numel", "zero"], ["empty"]),
    ]
    then_g = helper.make_graph(
        [n("Constant", [], ["none"], value=numpy_helper.from_array(np.zeros([0], np.int64)))],
        "then", [], [tensor("none", I64, [0])])
    else_g = helper.make_graph([
        n("ReduceMax", ["all_b"], ["max_c"], keepdims=0, name="max_coordinate"),
        n("Cast", ["all_l"], ["lab_f"], to=F),
        n("Add", ["max_c", "one_f"], ["span"]),
        n("Mul", ["lab_f", "span"], ["offsets"]),
        n("Unsqueeze", ["offsets"], ["offsets2"], axes=[1]),
        n("Add", ["all_b", "offsets2"], ["shifted"]),
        n("Unsqueeze", ["shifted"], ["nms_boxes"], axes=[0]),
        n("Unsqueeze", ["all_s"], ["nms_scores"], axes=[0, 1]),
        n("NonMaxSuppression", ["nms_boxes", "nms_scores", "max_out", "iou"], ["sel"], name="nms"),
        n("Gather", ["sel", "two"], ["keep2"], axis=1),
    ], "else", [], [tensor("keep2", I64, ["K"])])
    nodes += [
        n("If", ["empty"], ["keep"], then_branch=then_g, else_branch=else_g, name="if_empty"),
        n("Gather", ["all_s", "keep"], ["kept_scores"], axis=0),
        n("Gather", ["all_l", "keep"], ["kept_labels"], axis=0),
    ]
    inputs = [tensor("candidates", F, [N, 4]), tensor("class_scores", F, [N, C])]
    outputs = [tensor("keep", I64, ["K"]), tensor("kept_scores", F, ["K"]),
               tensor("kept_labels", I64, ["K"])]
    return model(nodes, "batched_candidates", inputs, outputs, inits)


def reductions():
    """ReduceProd, ReduceL2, and an If whose condition is known at import
    time (only the branch taken is imported)."""
    n = helper.make_node
    then_g = helper.make_graph([n("Identity", ["l2"], ["picked"])], "then", [],
                               [tensor("picked", F, [4])])
    else_g = helper.make_graph([n("Neg", ["l2"], ["picked_neg"])], "else", [],
                               [tensor("picked_neg", F, [4])])
    nodes = [
        n("ReduceProd", ["x"], ["prod"], axes=[1], keepdims=0, name="prod"),
        n("ReduceL2", ["x"], ["l2"], axes=[1], keepdims=0, name="l2"),
        n("Constant", [], ["yes"], value=numpy_helper.from_array(np.array(True))),
        n("If", ["yes"], ["picked_out"], then_branch=then_g, else_branch=else_g, name="if_known"),
    ]
    inputs = [tensor("x", F, [4, 3])]
    outputs = [tensor("prod", F, [4]), tensor("picked_out", F, [4])]
    return model(nodes, "reductions", inputs, outputs)


MODELS = {
    "nms_cpb0_inputs": lambda: nms(0, thresholds="inputs"),
    "nms_cpb1_inputs": lambda: nms(1, thresholds="inputs"),
    "nms_cpb0_constants": lambda: nms(0, thresholds="constants"),
    "nms_cpb1_constants": lambda: nms(1, B=3, C=2, N=25, thresholds="constants"),
    "nms_cpb0_limit_only": lambda: nms(0, B=1, C=5, N=30, thresholds="none"),
    "nms_opset17": lambda: nms(1, B=1, C=2, N=16, thresholds="inputs", opset=17),
    "ssd": ssd,
    "topk_after_nms": topk_after_nms,
    "ops": elementwise,
    "conv": conv,
    "batched_candidates": batched_candidates,
    "reductions": reductions,
}


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(MODELS))
        return
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.exit("usage: models.py NAME OUT.onnx (names: %s)" % ", ".join(MODELS))
    onnx.save(MODELS[sys.argv[1]](), sys.argv[2])


if __name__ == "__main__":
    main()
