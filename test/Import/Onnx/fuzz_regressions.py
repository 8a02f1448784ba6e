"""Minimal models of the inputs that fuzzing (tools/fuzz, docs/Reliability.md)
found to crash the importer or draw a sanitizer report, made with python3-onnx.

    python3 fuzz_regressions.py NAME OUT.onnx
"""

import sys

import numpy as np

try:
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as e:
    sys.stderr.write("fuzz_regressions.py: error: cannot import onnx (%s): install the Debian "
                     "package python3-onnx. The test is deliberately not skipped.\n" % e)
    sys.exit(2)


def reduce_constant_ints():
    """ReduceMin and ReduceMax of a known int64 tensor (an SSD export's
    min(k, length) when the length is known): the importer computes them, and
    used to convert the float identity of the reduction, an infinity, to
    int64 first (undefined behaviour, a UBSan report)."""
    k = numpy_helper.from_array(np.array([7, 2, 5], dtype=np.int64), "k")
    nodes = [helper.make_node("ReduceMin", ["k"], ["lo"], keepdims=0),
             helper.make_node("ReduceMax", ["k"], ["hi"], keepdims=1),
             helper.make_node("Add", ["x", "x"], ["y"])]
    graph = helper.make_graph(
        nodes, "reduce_constant_ints", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2]),
         helper.make_tensor_value_info("lo", TensorProto.INT64, []),
         helper.make_tensor_value_info("hi", TensorProto.INT64, [1])], [k])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(m)
    return m


def concat_scalars():
    """Concat of a scalar: ONNX's Concat needs rank >= 1; the importer
    accepted axis 0 of a rank-0 tensor and wrote the joined length one past
    the end of its empty shape (a UBSan report)."""
    nodes = [helper.make_node("Constant", [], ["s"], value=numpy_helper.from_array(np.array(1.5, dtype=np.float32))),
             helper.make_node("Concat", ["s", "s"], ["y"], axis=0)]
    graph = helper.make_graph(nodes, "concat_scalars", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    # Not checked by onnx.checker: the model is invalid on purpose.
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def scalar_axis(op):
    """`op` along axis 0 of a scalar, which has no axis: the importer's axis
    check let axis 0 of a rank-0 tensor through, and the op then read or wrote
    its first dimension past the end of an empty shape (UBSan reports in
    Gather, Slice, Split, Squeeze; silent in ReduceSum and Softmax)."""
    def const(name, array):
        return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(array))
    zero = np.array([0], dtype=np.int64)
    nodes = {
        "Gather": [const("i", np.array(0, dtype=np.int64)), helper.make_node("Gather", ["x", "i"], ["y"], axis=0)],
        "Slice": [const("b", zero), const("e", zero + 1), helper.make_node("Slice", ["x", "b", "e", "b"], ["y"])],
        "Split": [helper.make_node("Split", ["x"], ["y"], axis=0)],
        "Squeeze": [const("a", zero), helper.make_node("Squeeze", ["x", "a"], ["y"])],
        "ReduceSum": [const("a", zero), helper.make_node("ReduceSum", ["x", "a"], ["y"])],
        "Softmax": [helper.make_node("Softmax", ["x"], ["y"], axis=0)],
    }[op]
    graph = helper.make_graph(nodes, "scalar_axis", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


MODELS = {"reduce_constant_ints": reduce_constant_ints, "concat_scalars": concat_scalars}
for _op in ["Gather", "Slice", "Split", "Squeeze", "ReduceSum", "Softmax"]:
    MODELS["scalar_axis_" + _op] = (lambda op: lambda: scalar_axis(op))(_op)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.stderr.write("usage: fuzz_regressions.py {%s} OUT.onnx\n" % ",".join(MODELS))
        return 2
    onnx.save(MODELS[sys.argv[1]](), sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
