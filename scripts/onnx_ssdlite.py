#!/usr/bin/env python3
"""Exports torchvision's SSDlite and reports what detect-import-onnx makes of it.

    PYTHONPATH=test/Import/Onnx /usr/bin/python3 scripts/onnx_ssdlite.py OUT.onnx \
        [--importer build/bin/detect-import-onnx]

Exports ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None)
(random weights: the graph does not depend on them) with torch.onnx.export,
opset 11, the TorchScript exporter (dynamo=False where the installed torch
has that switch; Debian's torch 1.13 has only this exporter), input
images = [3, 320, 320]. Prints the op types of the graph with their counts
(nodes of If branches counted separately), which of them the importer maps,
and the importer's own verdict. docs/Import.md quotes this output;
test/Import/Onnx/ssdlite-export.test checks it.
"""

import argparse
import collections
import inspect
import os
import subprocess
import sys


try:
    import onnx
    import torch
    import torchvision
except ImportError as e:
    sys.exit("onnx_ssdlite.py: error: %s (Debian packages python3-torch, python3-torchvision, "
             "python3-onnx; run with /usr/bin/python3)" % e)

# Op types detect-import-onnx maps (lib/Import/Onnx/OnnxImporter.cpp).
SUPPORTED = set("""Add Sub Mul Div Pow And Or Min Max Sum Greater Less GreaterOrEqual LessOrEqual
Equal Exp Log Sqrt Neg Abs Relu Sigmoid Tanh Floor Ceil Reciprocal Not HardSigmoid HardSwish
Identity Constant Cast Clip Where Shape Reshape Flatten Unsqueeze Squeeze Transpose Concat Split
Slice Gather GatherND Expand Tile ConstantOfShape Range ReduceMax ReduceMin ReduceSum ReduceMean
ReduceProd ReduceL2 Softmax TopK NonZero NonMaxSuppression MatMul Gemm Conv MaxPool AveragePool
GlobalAveragePool BatchNormalization If Resize Pad""".split())


def export(path):
    torch.manual_seed(0)
    model = torchvision.models.detection.ssdlite320_mobilenet_v3_large(
        weights=None, weights_backbone=None).eval()
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    torch.onnx.export(model, ([torch.rand(3, 320, 320)],), path, opset_version=11,
                      input_names=["images"], output_names=["boxes", "scores", "labels"], **kwargs)


def count(graph, where, counts):
    for n in graph.node:
        counts[where][n.op_type] += 1
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                count(a.g, "If branches", counts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--importer", default="detect-import-onnx")
    ap.add_argument("--no-export", action="store_true", help="reuse OUT")
    args = ap.parse_args()
    if not args.no_export:
        export(args.out)
    model = onnx.load(args.out)
    counts = collections.defaultdict(collections.Counter)
    count(model.graph, "graph", counts)
    print("torch %s, torchvision %s, opset %d" % (torch.__version__.split("+")[0], torchvision.__version__.split("+")[0],
                                               model.opset_import[0].version))
    for where in ("graph", "If branches"):
        c = counts[where]
        print("%s: %d nodes, %d op types" % (where, sum(c.values()), len(c)))
        for op, k in sorted(c.items(), key=lambda x: (-x[1], x[0])):
            print("  %-20s %5d  %s" % (op, k, "mapped" if op in SUPPORTED else "NOT MAPPED"))
    allc = counts["graph"] + counts["If branches"]
    mapped = sum(k for op, k in allc.items() if op in SUPPORTED)
    print("all: %d nodes, %d mapped, %d not mapped (%s)" % (
        sum(allc.values()), mapped, sum(allc.values()) - mapped,
        ", ".join(sorted(op for op in allc if op not in SUPPORTED))))
    p = subprocess.run([args.importer, args.out, "-o", os.devnull], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    print("detect-import-onnx: exit %d" % p.returncode)
    sys.stdout.write(p.stdout.replace(args.out, "ssdlite.onnx"))


if __name__ == "__main__":
    main()
