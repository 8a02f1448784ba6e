"""torchvision's detection models exported with torch.onnx.export, as users do.

    /usr/bin/python3 torchvision_exports.py MODEL post|whole OPSET OUT.onnx

Two exports per model (weights=None, fixed seed: the graph does not depend on
the weights, the tests' random head tensors replace them):

- "post": the model's own post-processing, cut at the head tensors. A module
  that calls the model's `postprocess_detections` (and, for Faster R-CNN,
  its box predictor's outputs) with the anchors the model computed for one
  image size, stored as a constant, is exported with torch.onnx.export. Its
  inputs are the head tensors, its outputs boxes, scores, labels.
- "whole": the whole detector (transform, backbone, head, post-processing)
  on one image [3, H, W].

Debian's torch 1.13 has only the TorchScript exporter. The functions are
imported by test/Integration/torchvision_detectors_onnxruntime.py; run alone,
the script writes one file.
"""

import inspect
import os
import sys

try:
    import onnx
    import torch
    import torchvision
    from torch import nn
except ImportError as e:  # pragma: no cover - names the Debian packages
    sys.exit("torchvision_exports.py: error: %s (Debian packages python3-torch, "
             "python3-torchvision; run with /usr/bin/python3)" % e)

# Model -> (constructor, image size of the exports). The size is the one the
# model's transform resizes to, so the post-processing's image size is it.
MODELS = {
    "ssdlite320_mobilenet_v3_large": 320,
    "ssd300_vgg16": 300,
    "retinanet_resnet50_fpn": 800,
    "fasterrcnn_mobilenet_v3_large_320_fpn": 320,
    # RetinaNet built for a microcontroller-sized image (its transform
    # resizes to 160 x 160): the same post-processing graph over 4,842
    # anchors instead of 120,087, whose heads fit the emulated Cortex-M4
    # (at 320 x 320, 19,206 anchors, its scratch is 24 MB; docs/Import.md).
    "retinanet_resnet50_fpn_160": 160,
}

# Variants: name -> torchvision's constructor, built with min_size = max_size
# = the image size above.
VARIANTS = {"retinanet_resnet50_fpn_160": "retinanet_resnet50_fpn"}


# The head tensors of the whole exports (opset 11 and 13 name them alike):
# where --inputs cuts a whole model to its post-processing.
HEAD_TENSORS = {
    "ssdlite320_mobilenet_v3_large": [("/head/regression_head/Concat_12_output_0", [1, 3234, 4]),
                                      ("/head/classification_head/Concat_12_output_0", [1, 3234, 91])],
}


def build(name):
    torch.manual_seed(0)
    ctor = getattr(torchvision.models.detection, VARIANTS.get(name, name))
    size = {"min_size": MODELS[name], "max_size": MODELS[name]} if name in VARIANTS else {}
    return ctor(weights=None, weights_backbone=None, **size).eval()


def _export(module, args, path, opset, input_names, output_names):
    kwargs = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    torch.onnx.export(module, args, path, opset_version=opset, input_names=input_names,
                      output_names=output_names, **kwargs)


def _image(size):
    g = torch.Generator().manual_seed(1)
    return torch.rand(3, size, size, generator=g)


class _SingleStagePost(nn.Module):
    """SSD and RetinaNet: head tensors [1, A, 4] and [1, A, C] in."""

    def __init__(self, model, anchors, image_sizes, split):
        super().__init__()
        self.model = model
        self.register_buffer("anchors", anchors)
        self.image_sizes = image_sizes
        self.split = split  # RetinaNet: anchors per feature level

    def forward(self, bbox_regression, cls_logits):
        head = {"bbox_regression": bbox_regression, "cls_logits": cls_logits}
        if self.split is None:
            dets = self.model.postprocess_detections(head, [self.anchors], self.image_sizes)
        else:
            split_head = {k: list(v.split(self.split, dim=1)) for k, v in head.items()}
            split_anchors = [list(self.anchors.split(self.split))]
            dets = self.model.postprocess_detections(split_head, split_anchors, self.image_sizes)
        d = dets[0]
        return d["boxes"], d["scores"], d["labels"]


class _RoiHeadsPost(nn.Module):
    """Faster R-CNN: the box predictor's outputs and the proposals in."""

    def __init__(self, model, image_sizes):
        super().__init__()
        self.roi_heads = model.roi_heads
        self.image_sizes = image_sizes

    def forward(self, class_logits, box_regression, proposals):
        boxes, scores, labels = self.roi_heads.postprocess_detections(
            class_logits, box_regression, [proposals], self.image_sizes)
        return boxes[0], scores[0], labels[0]


def head_example(name):
    """The post-processing module of `name` and example head tensors."""
    model = build(name)
    size = MODELS[name]
    with torch.no_grad():
        images, _ = model.transform([_image(size)])
        if name.startswith("fasterrcnn"):
            feats = model.backbone(images.tensors)
            proposals, _ = model.rpn(images, feats)
            props = proposals[0]
            n = props.shape[0]
            c = model.roi_heads.box_predictor.cls_score.out_features
            args = (torch.randn(n, c), torch.randn(n, 4 * c), props)
            return _RoiHeadsPost(model, images.image_sizes), args, [
                "class_logits", "box_regression", "proposals"]
        feats = model.backbone(images.tensors)
        if isinstance(feats, torch.Tensor):
            feats = {"0": feats}
        feats = list(feats.values())
        head = model.head(feats)
        anchors = model.anchor_generator(images, feats)[0]
        split = None
        if name.startswith("retinanet"):
            hw = [f.size(2) * f.size(3) for f in feats]
            per_level = anchors.shape[0] // sum(hw)
            split = [x * per_level for x in hw]
        module = _SingleStagePost(model, anchors, images.image_sizes, split)
        args = (head["bbox_regression"], head["cls_logits"])
        return module, args, ["bbox_regression", "cls_logits"]


def export_post(name, opset, path):
    module, args, input_names = head_example(name)
    _export(module, args, path, opset, input_names, ["boxes", "scores", "labels"])


def export_whole(name, opset, path):
    model = build(name)
    _export(model, ([_image(MODELS[name])],), path, opset, ["images"],
            ["boxes", "scores", "labels"])


def _reads(node):
    names = [i for i in node.input if i]
    for a in node.attribute:
        if a.type == onnx.AttributeProto.GRAPH:
            for inner in a.g.node:
                names += _reads(inner)
    return names


def cut_model(model, inputs, shapes, outputs):
    """The nodes between `inputs` (float tensors of `shapes`) and `outputs`,
    as a model for ONNX Runtime: the slice detect-import-onnx --inputs/
    --outputs imports. Graph inputs the slice still reads (for their shape)
    stay inputs. (onnx.utils.extract_model does the same, in minutes.)"""
    from onnx import helper
    graph = model.graph
    wanted, stop = set(outputs), set(inputs)
    nodes = []
    for n in reversed(graph.node):
        if any(o in wanted and o not in stop for o in n.output):
            nodes.append(n)
            wanted.update(_reads(n))
    nodes.reverse()
    cut_inputs = [helper.make_tensor_value_info(i, onnx.TensorProto.FLOAT, s)
                  for i, s in zip(inputs, shapes)]
    cut_inputs += [vi for vi in graph.input if vi.name in wanted and vi.name not in stop]
    outs = {o.name: o for o in graph.output}
    g = helper.make_graph(nodes, graph.name + "_cut", cut_inputs, [outs[o] for o in outputs],
                          initializer=[t for t in graph.initializer if t.name in wanted])
    m = helper.make_model(g, opset_imports=model.opset_import)
    m.ir_version = model.ir_version
    return m


def export_cached(name, kind, opset, cache_dir):
    """The export's path, exported on first use (the suite keeps the files)."""
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, "%s.%s.opset%d.onnx" % (name, kind, opset))
    if not os.path.exists(path):
        tmp = path + ".part"
        (export_post if kind == "post" else export_whole)(name, opset, tmp)
        os.replace(tmp, path)
    return path


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[2] not in ("post", "whole"):
        sys.exit(__doc__)
    (export_post if sys.argv[2] == "post" else export_whole)(sys.argv[1], int(sys.argv[3]), sys.argv[4])
