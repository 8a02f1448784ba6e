#!/usr/bin/env python3
"""torchvision's SSDlite post-processing export and near misses of its
idioms, for nms-idioms.test.

    /usr/bin/python3 nms_idiom_models.py CACHE_DIR OUT_DIR

writes OUT_DIR/exact.onnx (the export, opset 11), exact13.onnx (opset 13),
and two graphs that differ from the idioms of
lib/Conversion/OnnxToDetect/NmsIdioms.cpp in one place each, which must be
converted literally:

- offset2.onnx: batched_nms's `max_coordinate + 1` becomes `+ 2`;
- exposed.onnx: class 1's selected scores (`x[x > t]` before its top-k)
  are also a graph output, so that selection must exist.
"""

import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torchvision_exports as tve  # noqa: E402


def main():
    cache, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    name = "ssdlite320_mobilenet_v3_large"
    exact = onnx.load(tve.export_cached(name, "post", 11, cache))
    onnx.save(exact, os.path.join(out, "exact.onnx"))
    onnx.save(onnx.load(tve.export_cached(name, "post", 13, cache)),
              os.path.join(out, "exact13.onnx"))

    offset2 = onnx.load(os.path.join(out, "exact.onnx"))
    changed = 0
    for n in offset2.graph.node:
        if n.op_type != "If":
            continue
        for a in n.attribute:
            if a.name != "else_branch":
                continue
            adds = {k.input[1] for k in a.g.node if k.op_type == "Add"}
            for k in a.g.node:
                if k.op_type == "Constant" and k.output[0] in adds:
                    v = numpy_helper.to_array(k.attribute[0].t)
                    if v.size == 1 and float(v) == 1.0:
                        k.attribute[0].t.CopyFrom(numpy_helper.from_array(np.array(2.0, np.float32)))
                        changed += 1
    assert changed == 1, changed
    onnx.save(offset2, os.path.join(out, "offset2.onnx"))

    exposed = onnx.load(os.path.join(out, "exact.onnx"))
    topk = next(n for n in exposed.graph.node if n.op_type == "TopK")
    exposed.graph.output.append(helper.make_tensor_value_info(topk.input[0], onnx.TensorProto.FLOAT, None))
    onnx.save(exposed, os.path.join(out, "exposed.onnx"))


if __name__ == "__main__":
    main()
