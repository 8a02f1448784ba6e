"""Differential test of whole exported detectors: torchvision's detection
models (transform, backbone, head, post-processing; one image in, boxes,
scores, labels out), exported by torch.onnx.export, imported, compiled by
`detect-compile --target=host` and run, against onnxruntime-node running the
same .onnx file on the same images.

Models (Debian's torch 1.13 / torchvision 0.14, TorchScript exporter, opset
11) at small image sizes, for CI time: SSDlite 320x320 (its own size),
SSD300 300x300 (its own), RetinaNet ResNet-50 FPN and Faster R-CNN
MobileNetV3-Large 320 FPN with min_size = max_size = 320 (RetinaNet's own
is 800). Weights are random (weights=None, fixed seed), made informative:
torchvision's random initialisation leaves SSDlite's features at ~1e-15
and the class logits of all four nearly constant (every score 1/91), so
(1) the BatchNorm statistics are those of a batch of 4 random images and
(2) each class-logit layer is rescaled (seeded calibration image) to logits
of standard deviation 2 (RetinaNet: mean -4, its sigmoid's prior). Score
thresholds are raised so that tens of detections with distinct scores
survive (WHOLE_MODELS below): the comparison judges every kept box.

Exports are cached in --cache beside the build's test outputs, like the
post-processing exports (test/Import/Onnx/torchvision_exports.py).

Besides boxes, scores and labels, the head's class logits and box
regression are outputs of both runs (ONNX Runtime's copy of the file lists
them as graph outputs; the importer's --outputs names them), and their
largest difference relative to the tensor's largest magnitude is printed:
that is the f32 error of the whole CNN (summation order of the
convolutions). Detections: the kept count identical, labels identical,
scores and box corners within the tolerances of SCORE_RTOL and BOX_RTOL
(see there), the lists matched as sorted lists as in
torchvision_detectors_onnxruntime.py.
"""

import argparse
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
from detect_harness import harness  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402
import onnx_import_onnxruntime as ort_test  # noqa: E402

np = harness.np
onnx = ort_test.onnx

# Model -> (image size, constructor keywords, head tensors compared:
# (class logits, box regression) as the opset-11 export names them).
WHOLE_MODELS = {
    "ssdlite320_mobilenet_v3_large": (320, dict(score_thresh=0.9), [
        "/head/classification_head/Concat_12_output_0", "/head/regression_head/Concat_12_output_0"]),
    "ssd300_vgg16": (300, dict(score_thresh=0.95), [
        "/head/classification_head/Concat_12_output_0", "/head/regression_head/Concat_12_output_0"]),
    "retinanet_resnet50_fpn": (320, dict(min_size=320, max_size=320, score_thresh=0.98), [
        "/head/classification_head/Concat_10_output_0", "/head/regression_head/Concat_10_output_0"]),
    "fasterrcnn_mobilenet_v3_large_320_fpn": (320, dict(min_size=320, max_size=320, box_score_thresh=0.5), [
        "/roi_heads/box_predictor/cls_score/Gemm_output_0",
        "/roi_heads/box_predictor/bbox_pred/Gemm_output_0"]),
}

# Tolerances of the detections. The CNN's f32 results differ from ONNX
# Runtime's by summation order (its convolutions are blocked GEMMs with
# fused multiply-adds; ours sum in the loop order): the head tensors'
# differences are printed, relative to their largest magnitude. A score
# (softmax/sigmoid of a logit) moves by about the logit's absolute error,
# a box corner by the regression's error times the anchor size.
SCORE_RTOL = 1e-4
BOX_RTOL = 1e-4


def _logit_layers(name, model):
    if name.startswith("ssdlite"):
        return [b[1] for b in model.head.classification_head.module_list]
    if name.startswith("ssd300"):
        return list(model.head.classification_head.module_list)
    if name.startswith("retinanet"):
        return [model.head.classification_head.cls_logits]
    return [model.roi_heads.box_predictor.cls_score]


def build(name):
    """The model with informative random weights (see the module doc)."""
    import torch
    import torchvision
    size, kwargs, _ = WHOLE_MODELS[name]
    torch.manual_seed(0)
    model = getattr(torchvision.models.detection, name)(
        weights=None, weights_backbone=None, **kwargs).eval()
    gen = torch.Generator().manual_seed(200)
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # the plain average over the batch
        bn.train()
    with torch.no_grad():
        model([torch.rand(3, size, size, generator=gen) for _ in range(4)])
    for bn in bns:
        bn.eval()
    outs = []
    hooks = [l.register_forward_hook(lambda m, i, o: outs.append(o.reshape(-1)))
             for l in _logit_layers(name, model)]
    with torch.no_grad():
        model([torch.rand(3, size, size, generator=gen)])
    for h in hooks:
        h.remove()
    logits = torch.cat(outs)
    k = 2.0 / logits.std().item()
    with torch.no_grad():
        for layer in _logit_layers(name, model):
            layer.weight.mul_(k)
            if name.startswith("retinanet"):
                b = layer.bias.mean().item()
                layer.bias.add_(-4.0 - (logits.mean().item() - b) * k - b)
    return model


def export_cached(name, cache):
    import inspect
    import torch
    os.makedirs(cache, exist_ok=True)
    path = os.path.join(cache, "%s.whole-informative.opset11.onnx" % name)
    if not os.path.exists(path):
        size = WHOLE_MODELS[name][0]
        model = build(name)
        image = torch.rand(3, size, size, generator=torch.Generator().manual_seed(1))
        kwargs = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
        tmp = path + ".part"
        # The outputs in the order of the model's result dict (Faster
        # R-CNN's: boxes, labels, scores).
        with torch.no_grad():
            keys = list(model([image])[0].keys())
        torch.onnx.export(model, ([image],), tmp, opset_version=11, input_names=["images"],
                          output_names=keys, **kwargs)
        os.replace(tmp, path)
    return path


def with_head_outputs(proto, heads):
    """A copy of the model that also outputs the head tensors, for ONNX
    Runtime (the first dimension of Faster R-CNN's is its proposal count)."""
    m = onnx.ModelProto()
    m.CopyFrom(proto)
    for h in heads:
        m.graph.output.append(onnx.helper.make_tensor_value_info(h, onnx.TensorProto.FLOAT, None))
    return m


def images(size, count, seed):
    rng = np.random.default_rng(seed)
    return [rng.uniform(0, 1, (3, size, size)).astype(np.float32) for _ in range(count)]


def detections_differ(ours, want, size, worst=None):
    """None, or the first difference. ours: boxes, scores, labels (cut to
    the kept count); want: ONNX Runtime's. `worst` collects the largest
    relative score difference and box difference (over the image size) of
    the matched pairs."""
    boxes, scores, labels = ours
    w_boxes, w_scores, w_labels = want
    n = len(scores)
    if n != len(w_scores):
        return "kept %d, onnxruntime %d" % (n, len(w_scores))
    if n > 1 and np.any(scores[1:] > scores[:-1]):
        return "scores not in decreasing order"
    used = np.zeros(n, bool)
    for i in range(n):
        ok = (~used) & (labels == w_labels[i])
        ok &= np.abs(scores - w_scores[i]) <= SCORE_RTOL * np.abs(w_scores[i])
        ok &= np.all(np.abs(boxes - w_boxes[i]) <= BOX_RTOL * size, axis=-1)
        hits = np.flatnonzero(ok)
        if not hits.size:
            return "onnxruntime's detection %d (label %d, score %r, box %s) has no match" % (
                i, w_labels[i], w_scores[i], w_boxes[i])
        used[hits[0]] = True
        if worst is not None:
            j = hits[0]
            worst["score"] = max(worst["score"], abs(float(scores[j]) - float(w_scores[i])) / abs(float(w_scores[i])))
            worst["box"] = max(worst["box"], float(np.max(np.abs(boxes[j] - w_boxes[i]))) / size)
    return None


def self_check():
    b = np.float32([[1, 2, 3, 4], [5, 6, 7, 8]])
    s, l = np.float32([0.9, 0.8]), np.int64([3, 4])
    problems = []
    if detections_differ((b, s, l), (b, s, l), 320) is not None:
        problems.append("the comparison rejects a right answer")
    wrong = {"count": (b[:1], s[:1], l[:1]), "label": (b, s, l + 1),
             "score": (b, s * np.float32(0.999), l), "box": (b + np.float32(0.1), s, l),
             "order": (b[::-1], s[::-1], l[::-1])}
    for what, ours in wrong.items():
        if detections_differ(ours, (b, s, l), 320) is None:
            problems.append("the comparison accepts a wrong " + what)
    return problems


def link(obj, sigs, workdir):
    """The object of detect-compile linked with the harness's driver."""
    clang = os.path.join(harness.llvm_bin(), "clang")
    driver_c = os.path.join(workdir, "driver.c")
    with open(driver_c, "w") as f:
        f.write(harness.generate_driver(sigs))
    exe = os.path.join(workdir, "model.exe")
    subprocess.run([clang] + harness.CFLAGS + ["-std=c99", "-Wall", driver_c, obj, "-lm", "-o", exe],
                   check=True)
    return harness.Executable(exe, list(sigs), "llvm", False, workdir, {"generated": obj, "driver": driver_c})


def cpu_seconds():
    """CPU time of the finished child processes: figures that do not depend
    on what else the machine runs."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, choices=sorted(WHOLE_MODELS))
    ap.add_argument("--cache", required=True, help="directory of the cached exports")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--images", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20251207)
    ap.add_argument("--node", default="node")
    ap.add_argument("--importer", default="detect-import-onnx")
    ap.add_argument("--compiler", default="detect-compile")
    ap.add_argument("--opt-level", default="s", help="detect-compile's -O (its default: s)")
    ap.add_argument("--detect-opt", default="detect-opt")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    problems = self_check()
    size, _, heads = WHOLE_MODELS[args.model]
    path = export_cached(args.model, args.cache)
    proto = onnx.load(path)
    ort_path = os.path.join(args.workdir, "with-heads.onnx")
    onnx.save(with_head_outputs(proto, heads), ort_path)

    # Import (bytecode: the weights as blobs), compile, link.
    mlirbc = os.path.join(args.workdir, "model.mlirbc")
    t0, c0 = time.time(), cpu_seconds()
    subprocess.run([args.importer, path, "-o", mlirbc, "--emit-bytecode", "--name", "model",
                    "--outputs=" + ",".join(["boxes", "scores", "labels"] + heads)], check=True)
    t1, c1 = time.time(), cpu_seconds()
    obj = os.path.join(args.workdir, "model.o")
    subprocess.run([args.compiler, mlirbc, "--target=host", "-O" + args.opt_level, "-o", obj], check=True)
    t2, c2 = time.time(), cpu_seconds()
    # The signature, read from the IR printed without its weights.
    sig_text = subprocess.run([args.detect_opt, mlirbc, "--mlir-elide-resource-strings-if-larger=16",
                               "--mlir-elide-elementsattrs-if-larger=16"],
                              check=True, stdout=subprocess.PIPE).stdout.decode()
    exe = link(obj, harness.parse_signatures(sig_text), args.workdir)

    imgs = images(size, args.images, args.seed)
    t3, c3 = time.time(), cpu_seconds()
    results = harness.run(exe, [[im] for im in imgs], timeout=3000)
    t4, c4 = time.time(), cpu_seconds()
    ort = node_oracle.run_onnxruntime([ort_path], [(0, [("images", im)]) for im in imgs],
                                   args.workdir, args.node)
    t5, c5 = time.time(), cpu_seconds()

    mismatches = kept = 0
    head_err = [0.0, 0.0]
    worst = {"score": 0.0, "box": 0.0}
    for k, (res, o) in enumerate(zip(results, ort)):
        if "error" in o:
            problems.append("image %d: onnxruntime rejected it: %s" % (k, o["error"]))
            continue
        by_name = {x["name"]: x for x in o["outputs"]}
        outs = [by_name[x] for x in ["boxes", "scores", "labels"] + heads]
        # Results: boxes, scores, labels, cls, reg, then the lengths of the
        # outputs that have one (boxes, scores, labels; Faster R-CNN's heads).
        lengths = [int(x) for x in res[5:]]
        n = lengths[0]
        if len(set(lengths[:3])) != 1:
            problems.append("image %d: lengths differ: %s" % (k, lengths))
            continue
        ours = [np.asarray(r)[:n] for r in res[:3]]
        want = [np.array(x["data"]).reshape(x["dims"]) for x in outs[:3]]
        want = [want[0].astype(np.float32), want[1].astype(np.float32), want[2].astype(np.int64)]
        kept += n
        why = detections_differ(ours, want, size, worst)
        if why:
            mismatches += 1
            problems.append("image %d: %s" % (k, why))
        for h in range(2):
            w = np.array(outs[3 + h]["data"], np.float32).reshape(outs[3 + h]["dims"])
            g = np.asarray(res[3 + h])
            if len(lengths) > 3:  # rows with a run-time length
                g = g[:lengths[3 + h]]
            if g.shape != w.shape:
                problems.append("image %d: head %s has shape %s, onnxruntime %s" % (
                    k, heads[h], g.shape, w.shape))
                continue
            scale = float(np.max(np.abs(w))) or 1.0
            head_err[h] = max(head_err[h], float(np.max(np.abs(g - w))) / scale)
    tag = "%s/whole/host" % args.model
    if problems:
        print("\n".join(problems))
    print("%s: %d nodes; CPU time: import %.1f s, compile %.1f s, run %.2f s per image "
          "(onnxruntime-node %.2f s per image, session included); wall time: import %.1f s, "
          "compile %.1f s, run %.2f s per image" % (
              tag, len(proto.graph.node), c1 - c0, c2 - c1, (c4 - c3) / len(imgs), (c5 - c4) / len(imgs),
              t1 - t0, t2 - t1, (t4 - t3) / len(imgs)))
    print("%s: head error relative to the largest magnitude: class logits %.1e, box regression %.1e; "
          "detections: score %.1e relative, box %.1e of the image size" % (
              tag, head_err[0], head_err[1], worst["score"], worst["box"]))
    print("%s: %d images, %d boxes kept, %d mismatches" % (tag, len(imgs), kept, mismatches))
    if problems or mismatches:
        return 1
    # Passed: the large intermediates (weights in four copies) go.
    for f in (mlirbc, obj, exe.path, ort_path, os.path.join(args.workdir, "ort_results.json"),
              os.path.join(args.workdir, "ort_inputs.bin")):
        os.remove(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
