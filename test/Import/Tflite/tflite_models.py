#!/usr/bin/env python3
"""Writes real .tflite files for the tests of detect-import-tflite.

The files are built with the flatbuffers Python package (Debian's
python3-flatbuffers) on classes that flatc generates from the project's own
schema (lib/Import/Tflite/TfliteSchema.fbs), so the bytes are what TFLite's
converter would write for the same graph: file identifier "TFL3", schema
version 3, buffer 0 the empty sentinel, opcodes with both the deprecated
byte code and the 32-bit code. Arm NN's TfLite parser loading them
(armnn_load.py) is the independent check that they are real TFLite.

    tflite_models.py NAME OUT.tflite     one model of MODELS
    tflite_models.py --all DIR           every model, as DIR/NAME.tflite

As a module: `ssd_model(...)`, `nms_model(...)`, `write(...)` for tests that
write their own variants.
"""

import os
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "lib", "Import", "Tflite",
                                       "TfliteSchema.fbs"))


def _generated(workdir=None):
    """The Python classes of the schema, generated once per directory."""
    out = workdir or os.environ.get("TFLITE_PY_DIR") or os.path.join("/tmp", "detect-tflite-py-%d" % os.getuid())
    marker = os.path.join(out, "detect", "tflite", "Model.py")
    if not os.path.exists(marker) or os.path.getmtime(marker) < os.path.getmtime(SCHEMA):
        os.makedirs(out, exist_ok=True)
        subprocess.run(["flatc", "--python", "--gen-object-api", "-o", out, SCHEMA], check=True)
    if out not in sys.path:
        sys.path.insert(0, out)
    import detect.tflite as fbs  # noqa: E402
    return fbs


import importlib  # noqa: E402

_fbs = None


def fbs():
    global _fbs
    if _fbs is None:
        _generated()
        _fbs = {name: importlib.import_module("detect.tflite." + name)
                for name in ("Model", "SubGraph", "Tensor", "Buffer", "Operator", "OperatorCode",
                             "QuantizationParameters", "BuiltinOperator", "BuiltinOptions",
                             "TensorType", "ConcatenationOptions", "AddOptions", "MulOptions",
                             "SubOptions", "ReshapeOptions", "SoftmaxOptions", "ReducerOptions",
                             "ArgMaxOptions", "GatherOptions", "StridedSliceOptions", "PackOptions",
                             "DequantizeOptions", "NonMaxSuppressionV4Options",
                             "NonMaxSuppressionV5Options", "ExpOptions", "TransposeOptions", "DivOptions",
                             "MaximumMinimumOptions", "UnpackOptions", "CastOptions", "QuantizeOptions",
                             "SliceOptions", "Conv2DOptions", "ExpandDimsOptions",
                             "SqueezeOptions")}
    return _fbs


FLOAT32, INT32, UINT8, INT64, BOOL, INT8 = 0, 2, 3, 4, 6, 9
NP_TYPES = {FLOAT32: np.float32, INT32: np.int32, UINT8: np.uint8, INT64: np.int64, INT8: np.int8,
            BOOL: np.bool_}


class Graph:
    """A subgraph under construction: tensors, constant buffers, operators."""

    def __init__(self, name=""):
        self.name = name
        self.tensors, self.buffers, self.operators = [], [b""], []
        self.codes = []          # (builtin code, custom code)
        self.inputs, self.outputs = [], []

    def tensor(self, name, shape, ttype=FLOAT32, data=None, quant=None):
        """Adds a tensor (a constant when `data` is given); returns its index."""
        buf = 0
        if data is not None:
            arr = np.ascontiguousarray(np.asarray(data, dtype=NP_TYPES[ttype]).reshape(shape))
            self.buffers.append(arr.tobytes())
            buf = len(self.buffers) - 1
        self.tensors.append((name, list(shape), ttype, buf, quant))
        return len(self.tensors) - 1

    def input(self, name, shape, ttype=FLOAT32, quant=None):
        t = self.tensor(name, shape, ttype, quant=quant)
        self.inputs.append(t)
        return t

    def op(self, builtin, inputs, outputs, options=None, custom=None, custom_options=None):
        key = (builtin, custom)
        if key not in self.codes:
            self.codes.append(key)
        self.operators.append((self.codes.index(key), inputs, outputs, options, custom_options))

    def serialize(self, tamper=None):
        """The file's bytes; `tamper(model)` may edit the object tree first
        (bad_models.py writes broken files that way)."""
        import flatbuffers
        F = fbs()
        model = F["Model"].ModelT()
        model.version = 3
        model.description = "detect-mlir test model"
        model.operatorCodes = []
        for builtin, custom in self.codes:
            c = F["OperatorCode"].OperatorCodeT()
            c.builtinCode = builtin
            c.deprecatedBuiltinCode = min(builtin, 127)
            c.version = 1
            if custom is not None:
                c.customCode = custom
            model.operatorCodes.append(c)
        model.buffers = []
        for data in self.buffers:
            b = F["Buffer"].BufferT()
            if data:
                b.data = np.frombuffer(data, np.uint8)
            model.buffers.append(b)
        sg = F["SubGraph"].SubGraphT()
        sg.name = self.name
        sg.tensors = []
        for name, shape, ttype, buf, quant in self.tensors:
            t = F["Tensor"].TensorT()
            t.name, t.shape, t.type, t.buffer = name, shape, ttype, buf
            if quant is not None:
                q = F["QuantizationParameters"].QuantizationParametersT()
                scales = quant[0] if isinstance(quant[0], (list, tuple)) else [quant[0]]
                zps = quant[1] if isinstance(quant[1], (list, tuple)) else [quant[1]]
                q.scale = [float(x) for x in scales]
                q.zeroPoint = [int(x) for x in zps]
                t.quantization = q
            sg.tensors.append(t)
        sg.inputs, sg.outputs = list(self.inputs), list(self.outputs)
        sg.operators = []
        for code, ins, outs, options, custom_options in self.operators:
            o = F["Operator"].OperatorT()
            o.opcodeIndex, o.inputs, o.outputs = code, list(ins), list(outs)
            if options is not None:
                o.builtinOptionsType, o.builtinOptions = options
            if custom_options is not None:
                o.customOptions = list(custom_options)
                o.customOptionsFormat = 0
            sg.operators.append(o)
        model.subgraphs = [sg]
        if tamper:
            tamper(model)
        builder = flatbuffers.Builder(1024)
        builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
        return bytes(builder.Output())

    def write(self, path, tamper=None):
        with open(path, "wb") as f:
            f.write(self.serialize(tamper))


def options(kind, **fields):
    """(union tag, options object) for Operator.builtin_options."""
    F = fbs()
    obj = getattr(F[kind], kind + "T")()
    for k, v in fields.items():
        setattr(obj, k, v)
    return getattr(F["BuiltinOptions"].BuiltinOptions, kind), obj


def builtin(name):
    return getattr(fbs()["BuiltinOperator"].BuiltinOperator, name)


def flex_options(values):
    """TFLite_Detection_PostProcess's custom options: a flexbuffer map, ints
    as ints, floats as floats, use_regular_nms as a bool (as TFLite's
    export_tflite_ssd_graph writes them)."""
    from flatbuffers import flexbuffers
    fbb = flexbuffers.Builder()
    with fbb.Map():
        for key in sorted(values):
            v = values[key]
            if isinstance(v, bool):
                fbb.Bool(key, v)
            elif isinstance(v, int):
                fbb.Int(key, v)
            else:
                fbb.Float(key, v)
    return bytes(fbb.Finish())


SSD_OPTIONS = dict(max_detections=10, max_classes_per_detection=1, detections_per_class=100,
                   use_regular_nms=False, nms_score_threshold=1e-8, nms_iou_threshold=0.6,
                   num_classes=90, y_scale=10.0, x_scale=10.0, h_scale=5.0, w_scale=5.0)


def ssd_graph(g, enc, cls, anchors, opts, suffix=""):
    """Adds one TFLite_Detection_PostProcess reading `enc`, `cls` and the
    anchors tensor; its outputs are named detection_*{suffix}."""
    m = opts["max_detections"] * opts["max_classes_per_detection"]
    outs = [g.tensor("detection_boxes" + suffix, [1, m, 4]),
            g.tensor("detection_classes" + suffix, [1, m]),
            g.tensor("detection_scores" + suffix, [1, m]),
            g.tensor("num_detections" + suffix, [1])]
    g.op(builtin("CUSTOM"), [enc, cls, anchors], outs, custom="TFLite_Detection_PostProcess",
         custom_options=flex_options(opts))
    g.outputs += outs
    return outs


def ssd_model(anchors, opts=SSD_OPTIONS, n=1917, columns=91, box_quant=None, cls_quant=None,
              anchor_quant=None):
    """box_encodings [1, n, 4], class_predictions [1, n, columns] as inputs
    (float32, or uint8/int8 with (scale, zero_point, type)), anchors
    [n, 4] a constant."""
    g = Graph("ssd_postprocess")
    enc = g.input("raw_outputs/box_encodings", [1, n, 4], box_quant[2] if box_quant else FLOAT32,
                  box_quant[:2] if box_quant else None)
    cls = g.input("raw_outputs/class_predictions", [1, n, columns], cls_quant[2] if cls_quant else FLOAT32,
                  cls_quant[:2] if cls_quant else None)
    if anchor_quant:
        anc = g.tensor("anchors", [n, 4], anchor_quant[2], anchors, anchor_quant[:2])
    else:
        anc = g.tensor("anchors", [n, 4], FLOAT32, anchors)
    ssd_graph(g, enc, cls, anc, opts)
    return g


def nms_model(n, max_output, iou, score, sigma=None):
    """NON_MAX_SUPPRESSION_V4 (sigma None) or V5 on boxes [n, 4], scores [n];
    the limit and thresholds are constants, as the converter writes them."""
    g = Graph("nms_v5" if sigma is not None else "nms_v4")
    boxes = g.input("boxes", [n, 4])
    scores = g.input("scores", [n])
    ins = [boxes, scores, g.tensor("max_output_size", [], INT32, max_output),
           g.tensor("iou_threshold", [], FLOAT32, iou), g.tensor("score_threshold", [], FLOAT32, score)]
    if sigma is None:
        outs = [g.tensor("selected_indices", [max_output], INT32), g.tensor("valid_outputs", [], INT32)]
        g.op(builtin("NON_MAX_SUPPRESSION_V4"), ins, outs, options("NonMaxSuppressionV4Options"))
    else:
        ins.append(g.tensor("soft_nms_sigma", [], FLOAT32, sigma))
        outs = [g.tensor("selected_indices", [max_output], INT32),
                g.tensor("selected_scores", [max_output], FLOAT32), g.tensor("valid_outputs", [], INT32)]
        g.op(builtin("NON_MAX_SUPPRESSION_V5"), ins, outs, options("NonMaxSuppressionV5Options"))
    g.outputs += outs
    return g


def yolo_model(n=64, classes=3, quant=(0.05, -10), nms=False):
    """A YOLOv8-style head: int8 output [1, 4 + classes, n] -> DEQUANTIZE ->
    TRANSPOSE -> boxes (SLICE, xywh -> corners with SUB/ADD/MUL) and the best
    class (REDUCE_MAX, ARG_MAX over a LOGISTIC of the scores), CONCATENATION
    of the corners, as a hand-written post-processing graph. With `nms`, the
    graph goes on as such exports end: RESHAPE to [n, 4] and [n],
    NON_MAX_SUPPRESSION_V4 (at most 20 boxes, IoU 0.45, score 0.25), and
    GATHER of the kept boxes, scores and labels."""
    g = Graph("yolo_nms" if nms else "yolo_head")
    raw = g.input("output0", [1, 4 + classes, n], INT8, quant)
    deq = g.tensor("dequantized", [1, 4 + classes, n])
    g.op(builtin("DEQUANTIZE"), [raw], [deq], options("DequantizeOptions"))
    tr = g.tensor("transposed", [1, n, 4 + classes])
    g.op(builtin("TRANSPOSE"), [deq, g.tensor("perm", [3], INT32, [0, 2, 1])], [tr],
         options("TransposeOptions"))
    xy = g.tensor("xy", [1, n, 2])
    wh = g.tensor("wh", [1, n, 2])
    logits = g.tensor("logits", [1, n, classes])
    g.op(builtin("SLICE"), [tr, g.tensor("xy_begin", [3], INT32, [0, 0, 0]),
                            g.tensor("xy_size", [3], INT32, [1, n, 2])], [xy], options("SliceOptions"))
    g.op(builtin("STRIDED_SLICE"), [tr, g.tensor("wh_begin", [3], INT32, [0, 0, 2]),
                                    g.tensor("wh_end", [3], INT32, [1, n, 4]),
                                    g.tensor("wh_strides", [3], INT32, [1, 1, 1])], [wh],
         options("StridedSliceOptions"))
    g.op(builtin("SLICE"), [tr, g.tensor("cls_begin", [3], INT32, [0, 0, 4]),
                            g.tensor("cls_size", [3], INT32, [1, n, -1])], [logits], options("SliceOptions"))
    half = g.tensor("half", [1], FLOAT32, [0.5])
    half_wh = g.tensor("half_wh", [1, n, 2])
    g.op(builtin("MUL"), [wh, half], [half_wh], options("MulOptions"))
    lo = g.tensor("corner_lo", [1, n, 2])
    hi = g.tensor("corner_hi", [1, n, 2])
    g.op(builtin("SUB"), [xy, half_wh], [lo], options("SubOptions"))
    g.op(builtin("ADD"), [xy, half_wh], [hi], options("AddOptions"))
    boxes = g.tensor("boxes", [1, n, 4])
    g.op(builtin("CONCATENATION"), [lo, hi], [boxes], options("ConcatenationOptions", axis=2))
    probs = g.tensor("probs", [1, n, classes])
    g.op(builtin("LOGISTIC"), [logits], [probs])
    axis = g.tensor("class_axis", [1], INT32, [2])
    best = g.tensor("best_score", [1, n])
    g.op(builtin("REDUCE_MAX"), [probs, axis], [best], options("ReducerOptions", keepDims=False))
    label = g.tensor("label", [1, n], INT32)
    g.op(builtin("ARG_MAX"), [probs, g.tensor("argmax_axis", [], INT32, 2)], [label],
         options("ArgMaxOptions", outputType=INT32))
    if not nms:
        g.outputs += [boxes, best, label]
        return g
    boxes2d, scores1d, labels1d = g.tensor("boxes2d", [n, 4]), g.tensor("scores1d", [n]), \
        g.tensor("labels1d", [n], INT32)
    for src, dst, shape in ((boxes, boxes2d, [n, 4]), (best, scores1d, [n]), (label, labels1d, [n])):
        g.op(builtin("RESHAPE"), [src, g.tensor(g.tensors[dst][0] + "_shape", [len(shape)], INT32, shape)], [dst],
             options("ReshapeOptions", newShape=shape))
    keep, valid = g.tensor("selected_indices", [20], INT32), g.tensor("valid_outputs", [], INT32)
    g.op(builtin("NON_MAX_SUPPRESSION_V4"),
         [boxes2d, scores1d, g.tensor("max_output_size", [], INT32, 20),
          g.tensor("iou_threshold", [], FLOAT32, 0.45), g.tensor("score_threshold", [], FLOAT32, 0.25)],
         [keep, valid], options("NonMaxSuppressionV4Options"))
    outs = []
    for src, name, shape, ttype in ((boxes2d, "det_boxes", [20, 4], FLOAT32), (scores1d, "det_scores", [20], FLOAT32),
                                    (labels1d, "det_labels", [20], INT32)):
        outs.append(g.tensor(name, shape, ttype))
        g.op(builtin("GATHER"), [src, keep], [outs[-1]], options("GatherOptions", axis=0))
    g.outputs += outs + [valid]
    return g


def ops_model(n=6):
    """The remaining simple ops on small float tensors: EXP, DIV, MAXIMUM,
    MINIMUM, SOFTMAX, RESHAPE, GATHER, PACK, UNPACK, CAST, QUANTIZE,
    EXPAND_DIMS, SQUEEZE, and ADD with a fused RELU6."""
    g = Graph("simple_ops")
    x = g.input("x", [2, n])
    y = g.input("y", [2, n])
    e = g.tensor("exp_x", [2, n])
    g.op(builtin("EXP"), [x], [e], options("ExpOptions"))
    d = g.tensor("div", [2, n])
    g.op(builtin("DIV"), [e, y], [d], options("DivOptions"))
    mx = g.tensor("max", [2, n])
    g.op(builtin("MAXIMUM"), [x, y], [mx], options("MaximumMinimumOptions"))
    mn = g.tensor("min", [2, n])
    g.op(builtin("MINIMUM"), [x, y], [mn], options("MaximumMinimumOptions"))
    sm = g.tensor("softmax", [2, n])
    g.op(builtin("SOFTMAX"), [x], [sm], options("SoftmaxOptions", beta=1.0))
    r = g.tensor("reshaped", [n, 2])
    g.op(builtin("RESHAPE"), [mx, g.tensor("new_shape", [2], INT32, [n, 2])], [r],
         options("ReshapeOptions", newShape=[n, 2]))
    ga = g.tensor("gathered", [3, 2])
    g.op(builtin("GATHER"), [r, g.tensor("gather_idx", [3], INT32, [n - 1, 0, 2])], [ga],
         options("GatherOptions", axis=0))
    pk = g.tensor("packed", [2, 2, n])
    g.op(builtin("PACK"), [mn, d], [pk], options("PackOptions", valuesCount=2, axis=0))
    u0, u1 = g.tensor("row0", [n]), g.tensor("row1", [n])
    g.op(builtin("UNPACK"), [mn], [u0, u1], options("UnpackOptions", num=2, axis=0))
    ci = g.tensor("as_int", [2, n], INT32)
    g.op(builtin("CAST"), [x], [ci], options("CastOptions", inDataType=FLOAT32, outDataType=INT32))
    q = g.tensor("quantized", [2, n], UINT8, quant=(0.05, 128))
    g.op(builtin("QUANTIZE"), [x], [q], options("QuantizeOptions"))
    ex = g.tensor("expanded", [2, 1, n])
    g.op(builtin("EXPAND_DIMS"), [x, g.tensor("expand_axis", [], INT32, 1)], [ex], options("ExpandDimsOptions"))
    sq = g.tensor("squeezed", [2, n])
    g.op(builtin("SQUEEZE"), [ex], [sq], options("SqueezeOptions", squeezeDims=[1]))
    r6 = g.tensor("add_relu6", [2, n])
    g.op(builtin("ADD"), [sq, y], [r6], options("AddOptions", fusedActivationFunction=3))
    g.outputs += [d, sm, ga, pk, u1, ci, q, r6]
    return g


def ssd_random_anchors(n, seed=7):
    rng = np.random.default_rng(seed)
    return np.stack([rng.uniform(0.05, 0.95, n), rng.uniform(0.05, 0.95, n),
                     rng.uniform(0.05, 0.5, n), rng.uniform(0.05, 0.5, n)], 1).astype(np.float32)


MODELS = {
    "ssd_float": lambda: ssd_model(ssd_random_anchors(1917)),
    "ssd_uint8": lambda: ssd_model(ssd_random_anchors(1917), box_quant=(0.03125, 128, UINT8),
                                   cls_quant=(1 / 256, 0, UINT8)),
    "ssd_int8_regular": lambda: ssd_model(ssd_random_anchors(1917),
                                          dict(SSD_OPTIONS, use_regular_nms=True, nms_score_threshold=0.3),
                                          box_quant=(0.025, 0, INT8), cls_quant=(1 / 128, -128, INT8)),
    "ssd_quantized_anchors": lambda: ssd_model(np.round(ssd_random_anchors(16) * 255).astype(np.uint8),
                                               n=16, columns=4, anchor_quant=(1 / 255, 0, UINT8),
                                               opts=dict(SSD_OPTIONS, num_classes=3, max_detections=4)),
    "nms_v4": lambda: nms_model(100, 10, 0.5, 0.1),
    "nms_v5": lambda: nms_model(100, 10, 0.5, 0.1, sigma=0.5),
    "yolo_int8": yolo_model,
    "yolo_nms_int8": lambda: yolo_model(nms=True),
    "simple_ops": ops_model,
}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--all":
        os.makedirs(sys.argv[2], exist_ok=True)
        for name, make in MODELS.items():
            make().write(os.path.join(sys.argv[2], name + ".tflite"))
        return 0
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.stderr.write("usage: tflite_models.py NAME OUT.tflite | --all DIR (NAME: %s)\n" % ", ".join(MODELS))
        return 2
    MODELS[sys.argv[1]]().write(sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
