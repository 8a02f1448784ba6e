"""Differential test of detect.multiclass_nms against ONNX NonMaxSuppression.

Oracles:
- ONNX Runtime (npm onnxruntime-node), run on ONNX models made here with
  python3-onnx: one model per configuration, the same operands as the detect
  function (max_output_boxes_per_class, iou_threshold, score_threshold as run-time
  inputs, or absent), center_point_box 0 or 1;
- the 9 official ONNX node test cases of python3-onnx
  (onnx/backend/test/case/node/nonmaxsuppression.py, imported directly: its
  collect_testcases() does not run on Debian's numpy), compared with ONNX's
  expected outputs and with ONNX Runtime.

Each detect function is compiled through our own pipeline (harness.py) and run on
the same inputs. A result matches when its first count rows equal ONNX Runtime's
rows (batch, class, box) in order, the remaining rows are -1 and count is the
number of ONNX Runtime's rows (for a capacity K below B*C*N: its first K rows).

Inputs ONNX does not define are not sent to the oracle: NaN scores (ONNX Runtime
puts them in a std::priority_queue, whose order is then undefined) and NaN
coordinates (its result depends on the argument order of std::max). Their
detect policy (a NaN score is never selected; a NaN IoU never suppresses) is
tested in test/Integration/nms_torchvision.py on detect.nms, onto which this op
decomposes.
"""

import os
import sys
from dataclasses import dataclass
from typing import Optional

from detect_harness import generators as gen, harness, suite  # noqa: E402
from detect_harness import node as node_oracle  # noqa: E402

np = harness.np
F32 = np.float32

try:
    import onnx
    from onnx import TensorProto, helper
except ImportError as e:
    sys.stderr.write("multiclass_nms_onnxruntime.py: error: cannot import onnx with %s (%s): install the "
                     "Debian package python3-onnx. The test is deliberately not skipped.\n" % (sys.executable, e))
    sys.exit(2)


# ----------------------------------------------------------------------------
# Configurations: one compiled function and one ONNX model each
# ----------------------------------------------------------------------------


@dataclass
class Config:
    name: str
    B: int
    C: int
    N: int
    cpb: int = 0                      # center_point_box
    score: bool = True                # score_threshold operand present
    K: Optional[int] = None           # capacity (default B*C*N)
    attrs: Optional[dict] = None      # limits/thresholds as attributes instead of operands
    weight: int = 0                   # share of the random cases

    @property
    def capacity(self):
        if self.K is not None:
            return self.K
        if self.attrs is not None:
            m = self.attrs.get("m", 0)
            return self.B * self.C * min(m, self.N)
        return self.B * self.C * self.N

    @property
    def operands(self):
        """Run-time operands after boxes and scores."""
        if self.attrs is not None:
            return []
        ops = [("max_output_boxes_per_class", "i64"), ("iou_threshold", "f32")]
        if self.score:
            ops.append(("score_threshold", "f32"))
        return ops


CONFIGS = [
    Config("mc_yxyx", 2, 3, 64, weight=30),
    Config("mc_cxcywh", 2, 3, 64, cpb=1, weight=20),
    Config("mc_noscore", 1, 4, 64, score=False, weight=10),
    Config("mc_single", 1, 1, 1, weight=5),
    Config("mc_small", 3, 2, 7, weight=15),
    Config("mc_small_cxcywh", 3, 2, 7, cpb=1, weight=10),
    Config("mc_trunc", 2, 3, 64, K=50, weight=8),
    Config("mc_wide", 1, 20, 32, weight=2),
    Config("mc_n1000", 1, 2, 1000, weight=1),
    Config("mc_n5000", 1, 1, 5000, weight=0),
    Config("mc_attr", 2, 3, 64, attrs={"m": 5, "iou": 0.5, "score": 0.25}),
    # ONNX thresholds are float tensors: as attributes they are the f32 value
    # (attribute thresholds are real numbers, compared exactly).
    Config("mc_attr_noscore", 1, 2, 16, cpb=1, attrs={"m": 100, "iou": float(F32(0.3))}),
    Config("mc_default_limit", 1, 2, 16, attrs={}),
]
BY_NAME = {c.name: c for c in CONFIGS}


def function_text(cfg: Config):
    B, C, N, K = cfg.B, cfg.C, cfg.N, cfg.capacity
    args = ["%%boxes: tensor<%dx%dx4xf32>" % (B, N), "%%scores: tensor<%dx%dx%dxf32>" % (B, C, N)]
    rules = []
    if cfg.attrs is None:
        args += ["%m: i64", "%iou: f32"]
        rules += ["max_output_boxes_per_class(%m : i64)", "iou_threshold(%iou : f32)"]
        if cfg.score:
            args.append("%st: f32")
            rules.append("score_threshold(%st : f32)")
    else:
        a = cfg.attrs
        if "m" in a:
            rules.append("max_output_boxes_per_class(%d)" % a["m"])
        if "iou" in a:
            rules.append("iou_threshold(%r)" % a["iou"])
        if "score" in a:
            rules.append("score_threshold(%r)" % a["score"])
    if cfg.cpb == 1:
        rules.append("layout(cxcywh)")
    return ("func.func @{n}({args}) -> (tensor<{K}x3xi64>, i64) {{\n"
            "  %sel, %count = detect.multiclass_nms %boxes, %scores {rules}\n"
            "      : tensor<{B}x{N}x4xf32>, tensor<{B}x{C}x{N}xf32> -> tensor<{K}x3xi64>, i64\n"
            "  return %sel, %count : tensor<{K}x3xi64>, i64\n"
            "}}").format(n=cfg.name, args=", ".join(args), rules=" ".join(rules), B=B, C=C, N=N, K=K)


def module_text(configs):
    return "// Generated by test/Integration/multiclass_nms_onnxruntime.py.\n" + \
        "\n".join(function_text(c) for c in configs) + "\n"


def onnx_model(cfg_inputs, cpb, path):
    """A NonMaxSuppression model (opset 11) whose optional inputs are graph inputs.

    cfg_inputs: names of the optional inputs present, in ONNX order."""
    names = ["boxes", "scores"] + list(cfg_inputs)
    graph_inputs = [
        helper.make_tensor_value_info("boxes", TensorProto.FLOAT, ["B", "N", 4]),
        helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["B", "C", "N"]),
    ]
    for name in cfg_inputs:
        t = TensorProto.INT64 if name == "max_output_boxes_per_class" else TensorProto.FLOAT
        graph_inputs.append(helper.make_tensor_value_info(name, t, [1]))
    # Absent optional inputs in the middle are written as "".
    node_inputs = list(names)
    node = helper.make_node("NonMaxSuppression", node_inputs, ["selected_indices"], center_point_box=cpb)
    out = helper.make_tensor_value_info("selected_indices", TensorProto.INT64, ["K", 3])
    graph = helper.make_graph([node], "nms", graph_inputs, [out])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, path)


def onnx_inputs(cfg: Config):
    """The optional ONNX inputs the model of cfg takes."""
    if cfg.attrs is None:
        return [name for name, _ in cfg.operands]
    names = []
    if "m" in cfg.attrs:
        names.append("max_output_boxes_per_class")
    if "iou" in cfg.attrs or "score" in cfg.attrs:
        names.append("iou_threshold")
    if "score" in cfg.attrs:
        names.append("score_threshold")
    return names


# ----------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------


@dataclass
class Case:
    what: str
    cfg: Config
    boxes: np.ndarray
    scores: np.ndarray
    m: int = 0
    iou: float = 0.0
    st: float = 0.0
    expected: Optional[np.ndarray] = None   # ONNX's own expected rows (official cases)
    oracle_rows: Optional[np.ndarray] = None

    def operand_values(self):
        vals = []
        for name, _ in self.cfg.operands:
            vals.append({"max_output_boxes_per_class": np.int64(self.m), "iou_threshold": F32(self.iou),
                         "score_threshold": F32(self.st)}[name])
        return vals

    def onnx_feeds(self):
        a = self.cfg.attrs
        feeds = []
        for name in onnx_inputs(self.cfg):
            if a is None:
                v = {"max_output_boxes_per_class": self.m, "iou_threshold": self.iou,
                     "score_threshold": self.st}[name]
            else:
                v = {"max_output_boxes_per_class": a.get("m", 0), "iou_threshold": a.get("iou", 0.0),
                     "score_threshold": a.get("score", 0.0)}[name]
            if name == "max_output_boxes_per_class":
                feeds.append((name, np.array([v], np.int64)))
            else:
                feeds.append((name, np.array([v], F32)))
        return feeds

    def describe(self):
        if self.cfg.attrs is not None:
            return "%s [@%s B=%d C=%d N=%d attributes %s]" % (
                self.what, self.cfg.name, self.cfg.B, self.cfg.C, self.cfg.N, self.cfg.attrs)
        return "%s [@%s B=%d C=%d N=%d m=%d iou=%r st=%r]" % (
            self.what, self.cfg.name, self.cfg.B, self.cfg.C, self.cfg.N, self.m, float(F32(self.iou)),
            float(F32(self.st)))


# Clusters around a few centres (heavy overlap), spread, grid-aligned (ties
# in IoU), normalised coordinates (as TF/SSD models produce).
BOX_KINDS = [gen.Cluster(100, 3, (5, 30)), gen.Spread((0, 500), (1, 80)), gen.Grid(10, 4, 4),
             gen.Spread((0, 1), (0.01, 0.4))]


def gen_boxes(rng, cfg: Config):
    """[B, N, 4] boxes in the layout of cfg: clustered, spread, with duplicates,
    flipped diagonals (center_point_box 0) and degenerate sizes."""
    B, N = cfg.B, cfg.N
    c, wh = gen.centres_and_sizes(rng, BOX_KINDS, N, (B, N))
    gen.duplicate_some(rng, N, (B,), c, wh)
    wh = gen.empty_some(rng, 0.2, wh)
    if cfg.cpb == 1:
        if rng.random() < 0.15:  # negative sizes: flipped boxes, used as given
            wh = wh * np.where(rng.random((B, N, 2)) < 0.1, -1, 1)
        out = np.concatenate([c, wh], axis=2)  # [xc, yc, w, h]
    else:
        x1, y1 = c[..., 0] - wh[..., 0] / 2, c[..., 1] - wh[..., 1] / 2
        x2, y2 = c[..., 0] + wh[..., 0] / 2, c[..., 1] + wh[..., 1] / 2
        out = np.stack([y1, x1, y2, x2], axis=2)
        if rng.random() < 0.4:  # any diagonal pair
            fy = rng.random((B, N)) < 0.3
            fx = rng.random((B, N)) < 0.3
            out[..., [0, 2]] = np.where(fy[..., None], out[..., [2, 0]], out[..., [0, 2]])
            out[..., [1, 3]] = np.where(fx[..., None], out[..., [3, 1]], out[..., [1, 3]])
    return out.astype(F32)


def gen_scores(rng, cfg: Config):
    return gen.non_finite_some(rng, gen.scores(rng, (cfg.B, cfg.C, cfg.N)))


IOUS = [0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 1.0]
SCORE_THRESHOLDS = [0.0, 0.1, 0.25, 0.5, 0.9, -1.0, -np.inf]


def random_case(rng, cfg: Config, k):
    N = cfg.N
    m = int(rng.choice([-5, -1, 0, 1, 2, 3, 5, 10, max(N - 1, 0), N, N + 5, 1 << 40]))
    if rng.random() < 0.15:
        m = int(rng.integers(1, max(2, N + 1)))
    iou = float(rng.choice(IOUS)) if rng.random() < 0.7 else float(F32(rng.uniform(0, 1)))
    st = float(rng.choice(SCORE_THRESHOLDS)) if rng.random() < 0.7 else float(F32(rng.uniform(-0.5, 1)))
    return Case("random #%d" % k, cfg, gen_boxes(rng, cfg), gen_scores(rng, cfg), m, iou, st)


def random_cases(rng, count):
    # The large sizes, a few each.
    cases = gen.weighted_cases(rng, CONFIGS, count, random_case, [BY_NAME["mc_n5000"]])
    for cfg in CONFIGS:
        if cfg.attrs is not None:
            for k in range(40):
                cases.append(random_case(rng, cfg, count + 3 + k))
    return cases


def padded(cfg, rows, scores_rows):
    """A case for cfg from a few explicit boxes (batch 0) and per-class scores;
    the rest of the input is far away and scores below every threshold used."""
    B, C, N = cfg.B, cfg.C, cfg.N
    boxes = np.zeros((B, N, 4), F32)
    for i in range(N):
        if cfg.cpb == 1:
            boxes[:, i] = [1000 + 10 * i, 1000, 2, 2]
        else:
            boxes[:, i] = [1000, 1000 + 10 * i, 1002, 1002 + 10 * i]
    scores = np.full((B, C, N), -100, F32)
    rows = np.asarray(rows, F32)
    boxes[0, : len(rows)] = rows
    for c, sr in enumerate(scores_rows):
        scores[0, c, : len(sr)] = sr
    return boxes, scores


def edge_cases():
    cfg = BY_NAME["mc_yxyx"]
    cx = BY_NAME["mc_cxcywh"]
    c = []
    same = [[10, 20, 50, 70]] * 10
    c.append(Case("identical boxes, equal scores: lowest index", cfg, *padded(cfg, same, [[0.5] * 10]), 100, 0.5, 0.0))
    c.append(Case("identical boxes, equal scores, t=1: index order", cfg, *padded(cfg, same, [[0.5] * 10]),
                  100, 1.0, 0.0))
    c.append(Case("identical boxes, t=1, limit 3", cfg, *padded(cfg, same, [[0.5] * 10]), 3, 1.0, 0.0))
    flipped = [[1, 1, 0, 0], [0, 0.1, 1, 1.1], [0, 0.9, 1, -0.1], [0, 10, 1, 11], [1, 10.1, 0, 11.1]]
    c.append(Case("flipped diagonals are normalised", cfg, *padded(cfg, flipped, [[0.9, 0.75, 0.6, 0.95, 0.5]]),
                  10, 0.5, 0.0))
    touching = [[0, 0, 2, 2], [0, 2, 2, 4], [0, 1.999, 2, 4]]
    c.append(Case("t=0: touching boxes are kept, overlapping suppressed", cfg,
                  *padded(cfg, touching, [[0.9, 0.8, 0.7]]), 10, 0.0, 0.0))
    zero = [[5, 5, 5, 5], [5, 5, 5, 5], [0, 0, 10, 10], [2, 2, 2, 8]]
    c.append(Case("zero-area boxes never suppress", cfg, *padded(cfg, zero, [[0.9, 0.8, 0.7, 0.6]]), 10, 0.0, 0.0))
    # IoU exactly 0.5 in float32: [0,0,1,1] vs [0,0,1,0.5]... kept with > 0.5.
    half = [[0, 0, 2, 2], [0, 0, 2, 1], [0, 0, 1, 2]]
    c.append(Case("IoU exactly at the threshold is kept", cfg, *padded(cfg, half, [[0.9, 0.8, 0.7]]), 10, 0.5, 0.0))
    c.append(Case("IoU just above the threshold", cfg, *padded(cfg, half, [[0.9, 0.8, 0.7]]), 10,
                  float(np.nextafter(F32(0.5), F32(0))), 0.0))
    sc = [[0.5, float(np.nextafter(F32(0.5), F32(1))), 0.9, float(np.nextafter(F32(0.5), F32(0)))]]
    spread = [[0, 0, 1, 1], [0, 2, 1, 3], [0, 4, 1, 5], [0, 6, 1, 7]]
    c.append(Case("score exactly at the threshold is out", cfg, *padded(cfg, spread, sc), 10, 0.5, 0.5))
    inf = np.inf
    c.append(Case("infinite scores order normally", cfg, *padded(cfg, spread, [[-inf, inf, 0.5, inf]]),
                  10, 0.5, -inf))
    c.append(Case("infinite coordinates", cfg,
                  *padded(cfg, [[0, 0, inf, inf], [0, 0, 10, 10], [-inf, -inf, inf, inf], [1, 1, 10, 10]],
                          [[0.9, 0.8, 0.7, 0.6]]), 10, 0.5, 0.0))
    two = [[0.9, 0.8, 0.7, 0.6], [0.1, 0.95, 0.3, 0.2], [0.3, 0.3, 0.3, 0.3]]
    c.append(Case("three classes over the same boxes", cfg, *padded(cfg, flipped[:4], two), 2, 0.5, 0.0))
    for m in (-1, 0, 1, 1 << 62):
        c.append(Case("limit %d" % m, cfg, *padded(cfg, spread, [[0.9, 0.8, 0.7, 0.6]]), m, 0.5, 0.0))
    c.append(Case("nothing passes the score threshold", cfg, *padded(cfg, spread, [[0.1] * 4]), 10, 0.5, 0.5))
    cxb = [[0.5, 0.5, 1, 1], [0.5, 0.6, 1, 1], [0.5, 0.4, 1, 1], [0.5, 10.5, 1, 1], [0.5, 10.6, 1, 1],
           [-0.5, 0.5, -1, -1], [0.5, 0.5, -1, 1]]
    c.append(Case("centre-point boxes, negative sizes used as given", cx,
                  *padded(cx, cxb, [[0.9, 0.75, 0.6, 0.95, 0.5, 0.8, 0.85]]), 10, 0.5, 0.0))
    tr = BY_NAME["mc_trunc"]
    b, s = padded(tr, [[0, 10 * i, 5, 10 * i + 5] for i in range(60)], [np.linspace(0.9, 0.1, 60)] * 3)
    c.append(Case("more rows than the capacity: the first K", tr, b, s, 100, 0.5, 0.0))
    return c


# ----------------------------------------------------------------------------
# The official ONNX node test cases
# ----------------------------------------------------------------------------


def official_cases():
    """(name, node, inputs, expected output) of every export_* in ONNX's module."""
    import onnx.backend.test.case.node.nonmaxsuppression as official
    captured = []

    def capture(node, inputs, outputs, name, **kwargs):
        captured.append((name, node, inputs, outputs[0]))

    official.expect = capture
    cls = official.NonMaxSuppression
    for attr in sorted(dir(cls)):
        if attr.startswith("export"):
            getattr(cls, attr)()
    return captured


def official_config(name, node, inputs):
    cpb = 0
    for a in node.attribute:
        if a.name == "center_point_box":
            cpb = a.i
    boxes, scores = inputs[0], inputs[1]
    B, N, _ = boxes.shape
    C = scores.shape[1]
    present = node.input[2:]
    return Config(name.replace("test_", "onnx_"), B, C, N, cpb=cpb, score=len(present) >= 3 and present[2] != "")


# ----------------------------------------------------------------------------
# Running the oracle
# ----------------------------------------------------------------------------


def run_onnxruntime(cases, models, model_paths, workdir, node):
    """The selected indices of every case, by its model (index into
    model_paths) in onnxruntime-node."""
    feeds = [(model, [("boxes", case.boxes), ("scores", case.scores)] + case.onnx_feeds())
             for case, model in zip(cases, models)]
    results = node_oracle.run_onnxruntime(model_paths, feeds, workdir, node)
    return [np.array(r["data"], np.int64).reshape(r["dims"])
            for r in node_oracle.check_accepted("onnxruntime", cases, results)]


# ----------------------------------------------------------------------------
# Comparison
# ----------------------------------------------------------------------------


def compare(sel, count, rows, capacity):
    """None if the compiled result equals the first `capacity` oracle rows."""
    rows = np.asarray(rows, np.int64).reshape(-1, 3)[:capacity]
    if sel.shape != (capacity, 3):
        return "selected has shape %s, expected (%d, 3)" % (sel.shape, capacity)
    want = np.full((capacity, 3), -1, np.int64)
    want[: len(rows)] = rows
    bad = np.nonzero((sel != want).any(axis=1))[0]
    if len(bad):
        r = int(bad[0])
        return "row %d: got %s, expected %s (count got %d, expected %d; expected rows %s%s)" % (
            r, sel[r].tolist(), want[r].tolist(), int(count), len(rows), rows[:8].tolist(),
            "..." if len(rows) > 8 else "")
    if int(count) != len(rows):
        return "count: got %d, expected %d" % (int(count), len(rows))
    return None


def comparison_self_check(problems):
    rows = np.array([[0, 0, 3], [0, 1, 2]], np.int64)
    good = np.array([[0, 0, 3], [0, 1, 2], [-1, -1, -1]], np.int64)
    if compare(good, np.int64(2), rows, 3) is not None:
        problems.append("compare rejects a right answer")
    for what, sel, cnt in [("swapped rows", good[[1, 0, 2]], 2), ("count", good, 3),
                           ("padding 0", np.array([[0, 0, 3], [0, 1, 2], [0, 0, 0]]), 2),
                           ("poison", np.full((3, 3), harness.poison_value(np.int64)), 2)]:
        if compare(sel, np.int64(cnt), rows, 3) is None:
            problems.append("compare accepts a wrong answer: " + what)


def cases_of_run(run, rng):
    """Random and edge cases, then the official ONNX node test cases (each
    with a function of its own)."""
    random = random_cases(rng, run.args.random)
    edges = edge_cases()
    official = official_cases()
    if len(official) != 9:
        run.problems.append("expected the 9 official ONNX NonMaxSuppression cases, found %d" % len(official))
    run.configs = list(CONFIGS)
    for name, node, inputs, expected in official:
        cfg = official_config(name, node, inputs)
        run.configs.append(cfg)
        m = int(inputs[2][0]) if len(inputs) > 2 else 0
        iou = float(inputs[3][0]) if len(inputs) > 3 else 0.0
        st = float(inputs[4][0]) if len(inputs) > 4 else 0.0
        edges.append(Case("official " + name, cfg, inputs[0], inputs[1], m, iou, st, expected=expected))
    run.n_official = len(official)
    return random, edges


def expected_results(run):
    """onnxruntime's rows for every case, one ONNX model per (optional
    inputs, center_point_box); on the official cases they must be ONNX's."""
    cases = run.cases
    model_keys, model_paths, models = {}, [], []
    for case in cases:
        key = (tuple(onnx_inputs(case.cfg)), case.cfg.cpb)
        if key not in model_keys:
            path = os.path.join(run.args.workdir, "nms_%d.onnx" % len(model_keys))
            onnx_model(key[0], key[1], path)
            model_keys[key] = len(model_paths)
            model_paths.append(path)
        models.append(model_keys[key])
    oracle = run_onnxruntime(cases, models, model_paths, run.args.workdir, run.args.node)
    for case, rows in zip(cases, oracle):
        case.oracle_rows = rows
        if case.expected is not None and not np.array_equal(rows.reshape(-1, 3), case.expected.reshape(-1, 3)):
            run.problems.append("onnxruntime disagrees with ONNX's expected output on %s: %s vs %s"
                                % (case.describe(), rows.tolist(), case.expected.tolist()))
    return oracle


SUITE = suite.Suite(
    name="multiclass_nms", doc=__doc__,
    module_text=lambda run: module_text(run.configs),
    cases=cases_of_run,
    oracle=expected_results,
    compare=lambda case, got, want: compare(got[0], got[1], want, case.cfg.capacity),
    summary=lambda run: (
        "%d random + %d edge + %d official ONNX cases against onnxruntime, 0 mismatches" % (
            len(run.random), len(run.edges) - run.n_official, run.n_official)),
    self_check=comparison_self_check,
    add_arguments=lambda ap: ap.add_argument("--node", default="node"),
    call=lambda c: (c.cfg.name, [c.boxes, c.scores] + c.operand_values()),
    failure_inputs=lambda case: dict(boxes=case.boxes, scores=case.scores, m=case.m, iou=case.iou,
                                     st=case.st, function=case.cfg.name, expected=case.oracle_rows))

if __name__ == "__main__":
    sys.exit(suite.main(SUITE))
