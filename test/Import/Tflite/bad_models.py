#!/usr/bin/env python3
"""Broken and unsupported .tflite files for errors.test: each must give one
clear error naming the file (and, for an operator's problem, its index and
op), exit status 1, never a crash; scripts/test.sh also runs them under
ASan/UBSan.

    bad_models.py DIR                 the named broken files
    bad_models.py --mutants N DIR     N files with random bytes changed or cut
                                      off, from valid files of each kind
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tflite_models as m  # noqa: E402


def small_ssd(**overrides):
    opts = dict(m.SSD_OPTIONS, num_classes=3, max_detections=4)
    opts.update(overrides)
    return m.ssd_model(m.ssd_random_anchors(8), opts, n=8, columns=4)


def write_custom_options(path, options_bytes):
    g = small_ssd()
    g.operators[0] = g.operators[0][:4] + (options_bytes,)
    g.write(path)


def mutants(count, out):
    """Deterministic corruptions of valid files: 1 to 5 random bytes
    overwritten, one in ten also cut short."""
    os.makedirs(out, exist_ok=True)
    sources = [small_ssd().serialize(), m.MODELS["ssd_quantized_anchors"]().serialize(),
               m.MODELS["nms_v5"]().serialize(), m.MODELS["yolo_int8"]().serialize(),
               m.MODELS["simple_ops"]().serialize()]
    rng = np.random.default_rng(20251207)
    for k in range(count):
        data = bytearray(sources[k % len(sources)])
        for _ in range(int(rng.integers(1, 6))):
            data[int(rng.integers(0, len(data)))] = int(rng.integers(0, 256))
        if rng.random() < 0.1:
            data = data[: int(rng.integers(8, len(data)))]
        with open(os.path.join(out, "mutant_%04d.tflite" % k), "wb") as f:
            f.write(bytes(data))


def main():
    if sys.argv[1] == "--mutants":
        mutants(int(sys.argv[2]), sys.argv[3])
        return 0
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)
    good = small_ssd().serialize()
    with open(p("good.tflite"), "wb") as f:
        f.write(good)

    # Not flatbuffers, or broken ones.
    with open(p("empty.tflite"), "wb") as f:
        pass
    with open(p("truncated.tflite"), "wb") as f:
        f.write(good[: len(good) // 2])
    with open(p("truncated_tail.tflite"), "wb") as f:
        f.write(good[:-40])
    with open(p("garbage.tflite"), "wb") as f:
        rng = np.random.default_rng(1)
        f.write(bytes(4) + b"TFL3" + rng.integers(0, 256, 4000, dtype=np.uint8).tobytes())
    with open(p("corrupt_root.tflite"), "wb") as f:
        f.write(b"\xff\xff\xff\x7f" + good[4:])
    with open(p("not_tflite.tflite"), "wb") as f:
        f.write(good[:4] + b"ONNX" + good[8:])

    # Valid flatbuffers, bad references.
    def tamper_tensor_index(model):
        model.subgraphs[0].operators[0].inputs[1] = 99
    small_ssd().write(p("tensor_index.tflite"), tamper_tensor_index)

    def tamper_opcode(model):
        model.subgraphs[0].operators[0].opcodeIndex = 5
    small_ssd().write(p("opcode_index.tflite"), tamper_opcode)

    def tamper_buffer_index(model):
        model.subgraphs[0].tensors[2].buffer = 42
    small_ssd().write(p("buffer_index.tflite"), tamper_buffer_index)

    def tamper_buffer_offset(model):
        b = model.buffers[1]
        b.data = None
        b.offset, b.size = 1 << 40, 128
    small_ssd().write(p("buffer_offset.tflite"), tamper_buffer_offset)

    def tamper_buffer_size(model):
        model.buffers[1].data = model.buffers[1].data[:100]
    small_ssd().write(p("buffer_size.tflite"), tamper_buffer_size)

    def no_subgraphs(model):
        model.subgraphs = []
    small_ssd().write(p("no_subgraph.tflite"), no_subgraphs)

    # Unsupported content.
    g = m.Graph("net")
    x = g.input("image", [1, 8, 8, 3])
    w = g.tensor("weights", [4, 3, 3, 3], m.FLOAT32, np.zeros((4, 3, 3, 3)))
    y = g.tensor("conv", [1, 8, 8, 4])
    g.op(3, [x, w], [y])                       # CONV_2D
    z = g.tensor("relu", [1, 8, 8, 4])
    g.op(m.builtin("LOGISTIC"), [y], [z])      # supported: not listed
    u = g.tensor("pool", [1, 4, 4, 4])
    g.op(17, [z], [u])                         # MAX_POOL_2D
    v = g.tensor("custom_out", [1, 4, 4, 4])
    g.op(m.builtin("CUSTOM"), [u], [v], custom="MyVendorOp", custom_options=b"\x00")
    g.outputs = [v]
    g.write(p("unsupported.tflite"))

    g = m.Graph("net")
    x = g.input("x", [4])
    y = g.tensor("y", [4])
    g.op(m.builtin("CUSTOM"), [x], [y], custom="MyVendorOp")
    g.outputs = [y]
    g.write(p("unknown_custom.tflite"))

    opts = dict(m.SSD_OPTIONS, num_classes=3, max_detections=4)
    del opts["num_classes"]
    write_custom_options(p("missing_option.tflite"), m.flex_options(opts))
    write_custom_options(p("bad_flexbuffer.tflite"), b"\x07\x13\x99\xff\x01\x02")
    write_custom_options(p("no_options.tflite"), b"")

    def tamper_anchor_shape(model):
        model.subgraphs[0].tensors[2].shape = [4, 8]
    small_ssd().write(p("anchor_shape.tflite"), tamper_anchor_shape)

    def tamper_declared(model):
        model.subgraphs[0].tensors[3].shape = [1, 5, 4]
    small_ssd().write(p("declared_shape.tflite"), tamper_declared)

    def tamper_dynamic(model):
        model.subgraphs[0].tensors[0].shape = [1, -1, 4]
    small_ssd().write(p("dynamic_shape.tflite"), tamper_dynamic)

    g = m.Graph("net")
    x = g.input("q", [2, 4], m.UINT8, ([0.1, 0.2], [0, 0]))
    y = g.tensor("f", [2, 4])
    g.op(m.builtin("DEQUANTIZE"), [x], [y])
    g.outputs = [y]
    g.write(p("per_axis.tflite"))

    g = m.Graph("nms")
    boxes, scores, iou = g.input("boxes", [10, 4]), g.input("scores", [10]), g.input("iou", [])
    outs = [g.tensor("selected", [5], m.INT32), g.tensor("valid", [], m.INT32)]
    g.op(m.builtin("NON_MAX_SUPPRESSION_V4"),
         [boxes, scores, g.tensor("max", [], m.INT32, 5), iou, g.tensor("st", [], m.FLOAT32, 0.0)], outs)
    g.outputs = outs
    g.write(p("nms_runtime_threshold.tflite"))

    g = m.Graph("net")
    x = g.input("x", [2, 3])
    y = g.input("y", [4])
    z = g.tensor("z", [2, 4])
    g.op(m.builtin("ADD"), [x, y], [z])
    g.outputs = [z]
    g.write(p("add_shapes.tflite"))

    g = m.Graph("net")
    x = g.input("x", [4])
    dangling = g.tensor("nobody_computes_me", [4])
    y = g.tensor("y", [4])
    g.op(m.builtin("ADD"), [x, dangling], [y])
    g.outputs = [y]
    g.write(p("dangling.tflite"))

    g = m.Graph("net")
    x = g.input("x", [4], m.UINT8, (0.5, 3))
    y = g.tensor("y", [4], m.UINT8, quant=(0.5, 3))
    g.op(m.builtin("ADD"), [x, x], [y])
    g.outputs = [y]
    g.write(p("quantized_add.tflite"))

    g = m.Graph("net")
    x = g.input("x", [4], 5)                   # STRING
    y = g.tensor("y", [4], 5)
    g.op(m.builtin("RESHAPE"), [x], [y])
    g.outputs = [y]
    g.write(p("string_tensor.tflite"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
