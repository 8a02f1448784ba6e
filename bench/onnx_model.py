"""Writes the ONNX model the onnxruntime contender runs: one
NonMaxSuppression node (opset 11) with every input a graph input, so that one
model serves every workload.

    boxes [1, N, 4] float32 (center_point_box=0: [y1, x1, y2, x2], any diagonal;
        IoU does not depend on the axis order, so xyxy boxes are fed as they are)
    scores [1, C, N] float32
    max_output_boxes_per_class [1] int64, iou_threshold [1] float32,
    score_threshold [1] float32
    -> selected_indices [K, 3] int64 (batch, class, box)
"""

import sys

import onnx
from onnx import TensorProto, helper


def write(path):
    node = helper.make_node(
        "NonMaxSuppression",
        ["boxes", "scores", "max_output_boxes_per_class", "iou_threshold", "score_threshold"],
        ["selected_indices"], center_point_box=0)
    graph = helper.make_graph(
        [node], "nms",
        [helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, "N", 4]),
         helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, "C", "N"]),
         helper.make_tensor_value_info("max_output_boxes_per_class", TensorProto.INT64, [1]),
         helper.make_tensor_value_info("iou_threshold", TensorProto.FLOAT, [1]),
         helper.make_tensor_value_info("score_threshold", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("selected_indices", TensorProto.INT64, ["K", 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


if __name__ == "__main__":
    write(sys.argv[1])
