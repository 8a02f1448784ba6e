"""Differential test of detect.detection_postprocess with quantized inputs
(box_quantization / class_quantization: uint8 or int8 bytes with a scale and a
zero point, dequantized inside the op).

The float inputs of each case (the SSD-MobileNet workload of
detection_postprocess_tflm.py, and the random cases of
detection_postprocess_reference.py) are quantized to uint8 or int8; the result
of the compiled quantized op must equal, bit for bit in every output element,
the TFLite Micro reference transcription (detection_postprocess_reference.py,
itself checked against TFLite Micro's outputs) run on the dequantized inputs,
dequantized as TFLite's kernel does: (float(q) - float(zero_point)) * scale in
float32, one rounding. So the test asks "dequantize, then the float op" of
the quantized op.

Scales and zero points are attributes: each configuration has its own
(box encodings as uint8 or int8 around 0, class predictions as uint8 on
[0, 1] or int8 logits); the SSD workload gets parameters fitted to its
inputs, as a converter fits them.
"""

import os
import sys
from dataclasses import dataclass

from detect_harness import harness, suite  # noqa: E402
import detection_postprocess_reference as ref  # noqa: E402

np = harness.np
F32 = np.float32


@dataclass
class Quant:
    storage: str      # "ui8" or "si8"
    scale: float      # a float32 value
    zero_point: int

    def quantize(self, x):
        lo, hi = (0, 255) if self.storage == "ui8" else (-128, 127)
        q = np.clip(np.round(x.astype(np.float64) / self.scale) + self.zero_point, lo, hi)
        return q.astype(np.uint8 if self.storage == "ui8" else np.int8)

    def dequantize(self, q):
        # TFLite: (value - zero_point) * scale, in float.
        return (q.astype(F32) - F32(self.zero_point)) * F32(self.scale)

    def attr(self):
        return "(%s, %r, %d)" % (self.storage, self.scale, self.zero_point)


def fitted(x, storage):
    """Scale and zero point covering x's range, as a converter picks them."""
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    qlo, qhi = (0, 255) if storage == "ui8" else (-128, 127)
    scale = float(F32((hi - lo) / (qhi - qlo) if hi > lo else 1.0))
    zp = int(np.clip(round(qlo - lo / scale), qlo, qhi))
    return Quant(storage, scale, zp)


@dataclass
class QConfig:
    cfg: object       # detection_postprocess_reference.Config
    box: Quant
    cls: Quant
    weight: int = 1

    @property
    def name(self):
        return "q_" + self.cfg.name


def f32(x):
    return float(F32(x))


CONFIGS = [
    QConfig(ref.BY_NAME["fast_a"], Quant("ui8", f32(0.03125), 128), Quant("ui8", f32(1 / 256), 0), 20),
    QConfig(ref.BY_NAME["fast_k3"], Quant("si8", f32(0.025), 0), Quant("si8", f32(1 / 128), -128), 15),
    QConfig(ref.BY_NAME["fast_k_over_c"], Quant("ui8", f32(0.0234), 120), Quant("si8", f32(0.05), 3), 10),
    QConfig(ref.BY_NAME["fast_scales"], Quant("si8", f32(0.03), -5), Quant("ui8", f32(0.004), 2), 8),
    QConfig(ref.BY_NAME["regular_a"], Quant("ui8", f32(0.03125), 128), Quant("ui8", f32(1 / 256), 0), 15),
    QConfig(ref.BY_NAME["regular_small_per_class"], Quant("si8", f32(0.02), 1), Quant("si8", f32(0.03), -100), 12),
    QConfig(ref.BY_NAME["fast_b"], Quant("ui8", f32(0.05), 127), Quant("ui8", f32(1 / 255), 0), 4),
    QConfig(ref.BY_NAME["regular_b"], Quant("si8", f32(0.05), 0), Quant("ui8", f32(1 / 255), 0), 3),
]


def function_text(name, cfg, box, cls):
    text = ref.function_text(cfg)
    text = text.replace("@%s(" % cfg.name, "@%s(" % name)
    text = text.replace("%%enc: tensor<1x%dx4xf32>" % cfg.N, "%%enc: tensor<1x%dx4xi8>" % cfg.N)
    text = text.replace("%%cls: tensor<1x%dx%dxf32>" % (cfg.N, cfg.columns),
                        "%%cls: tensor<1x%dx%dxi8>" % (cfg.N, cfg.columns))
    text = text.replace(": tensor<1x%dx4xf32>, tensor<1x%dx%dxf32>, tensor<%dx4xf32>" % (
        cfg.N, cfg.N, cfg.columns, cfg.N), "box_quantization%s class_quantization%s\n"
        "      : tensor<1x%dx4xi8>, tensor<1x%dx%dxi8>, tensor<%dx4xf32>" % (
        box.attr(), cls.attr(), cfg.N, cfg.N, cfg.columns, cfg.N))
    if "box_quantization" not in text or "xi8>" not in text:
        raise harness.HarnessError("could not derive the quantized function from %r" % text)
    return text


def as_bytes(q):
    return q.view(np.int8)


@dataclass
class Case:
    what: str
    fname: str        # the function under test
    cfg: object       # detection_postprocess_reference.Config
    box: Quant
    cls: Quant
    qe: np.ndarray    # quantized encodings
    qc: np.ndarray    # quantized class scores
    anc: np.ndarray

    def describe(self):
        return "%s [@%s]" % (self.what, self.fname)


def prepare(run):
    """Checks the quantization helpers (a round trip within half a step) and
    builds the SSD workload's inputs."""
    probe = Quant("ui8", f32(0.1), 100)
    x = np.linspace(-10, 15, 101).astype(F32)
    if np.max(np.abs(probe.dequantize(probe.quantize(x)) - x)) > 0.05 + 1e-6:
        run.problems.append("self-check of the quantizer failed")
    import detection_postprocess_tflm as tflm
    run.tflm = tflm
    run.ssd = tflm.make_inputs(run.args.workdir, os.path.join(harness.llvm_bin(), "clang"))


def cases_of_run(run, rng):
    """Random cases of CONFIGS; the SSD workload quantized three ways, fast
    and regular path, each a function of its own."""
    enc, cls, anc = run.ssd
    run.functions, ssd = [], []
    for storage_b, storage_c in (("ui8", "ui8"), ("si8", "si8"), ("ui8", "si8")):
        box, clsq = fitted(enc, storage_b), fitted(cls, storage_c)
        for name, (regular, thr) in run.tflm.CASES.items():
            cfg = ref.Config(name, 1917, 90, True, score=thr, iou=0.6, regular=regular)
            fname = "".join(ch if ch.isalnum() else "_" for ch in "%s_%s_%s" % (name, storage_b, storage_c))
            run.functions.append(function_text(fname, cfg, box, clsq))
            ssd.append(Case("SSD %s %s/%s" % (name, storage_b, storage_c), fname, cfg, box, clsq,
                            box.quantize(enc), clsq.quantize(cls), anc))
    weighted = [c for c in CONFIGS for _ in range(c.weight)]
    for qc_ in CONFIGS:
        run.functions.append(function_text(qc_.name, qc_.cfg, qc_.box, qc_.cls))
    random = []
    while len(random) < run.args.random:
        q = weighted[rng.integers(0, len(weighted))]
        e, c, a = ref.gen_case(rng, q.cfg)
        c = np.where(np.isinf(c), F32(0.5), c)  # no infinities in bytes
        qe, qcl = q.box.quantize(e), q.cls.quantize(c)
        if ref.valid_for_tflm(q.cfg, q.box.dequantize(qe), a):
            random.append(Case("random #%d" % len(random), q.name, q.cfg, q.box, q.cls, qe, qcl, a))
    return random, ssd


SUITE = suite.Suite(
    name="detection_postprocess_quantized", doc=__doc__,
    module_text=lambda run: "".join(run.functions),
    cases=cases_of_run,
    oracle=lambda run: [ref.reference(c.cfg, c.box.dequantize(c.qe), c.cls.dequantize(c.qc), c.anc)
                        for c in run.cases],
    compare=lambda case, got, want: ref.compare_outputs(got, want),
    summary=lambda run: (
        "%d SSD-MobileNet + %d random quantized cases (%d detections) against the TFLite Micro reference "
        "on the dequantized inputs, 0 mismatches" % (len(run.edges), len(run.random),
                                                     sum(int(want[3][0]) for want in run.expected))),
    prepare=prepare,
    call=lambda c: (c.fname, [as_bytes(c.qe), as_bytes(c.qc), c.anc]),
    failure_inputs=lambda c: dict(qe=c.qe, qc=c.qc, anc=c.anc, function=c.fname))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
