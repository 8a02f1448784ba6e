// TensorFlow's CombinedNonMaxSuppression composed from tfjs's own per-class
// NMS kernel (tf.image.nonMaxSuppression, tfjs-backend-cpu), exactly as
// TensorFlow's kernel composes its per-class NMS (BatchedNonMaxSuppressionOp
// in core/kernels/image/non_max_suppression_op.cc): the oracle of
// combined_nms_tfjs.py. tfjs has no combinedNonMaxSuppression of its own.
//
//   node tfjs_combined_nms_run.js manifest.json results.json
//
// manifest.json: {"blob": path, "cases": [{"B", "N", "q", "C", "boxes": byteOffset,
//   "scores": byteOffset, "perClass", "total", "iou", "score" (null: -Infinity),
//   "padPerClass", "clipBoxes"}, ...]}; boxes [B, N, q, 4] and scores [B, N, C]
// little-endian float32 in the blob.
// results.json: per case {"boxes": [B*M*4], "scores": [B*M], "classes": [B*M],
//   "valid": [B]} (non-finite numbers as their names), or {"error": message}.
//
// Composition, per batch: for each class c, NMS of boxes[b, :, q == 1 ? 0 : c]
// under scores[b, :, c] with at most perClass boxes, its selections appended
// in NMS order; then a stable sort by decreasing score (TensorFlow's std::sort
// leaves equal scores unspecified; stable is the order detect defines), the
// first M = padPerClass ? min(total, perClass * C) : total rows, boxes clipped
// to [0, 1] with clipBoxes as max(min(v, 1), 0); valid = min(selected, M);
// rows past valid are 0.
"use strict";
const io = require("./oracle_io.js");

const tf = io.loadOracle("tfjs_combined_nms_run.js", "@tensorflow/tfjs-core and @tensorflow/tfjs-backend-cpu", () => {
  const core = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-cpu");
  return core;
});

function combined(c, boxes, scores) {
  const { B, N, q, C } = c;
  const M = c.padPerClass ? Math.min(c.total, c.perClass * C) : c.total;
  const st = c.score === null ? -Infinity : c.score;
  const out = { boxes: new Array(B * M * 4).fill(0), scores: new Array(B * M).fill(0),
                classes: new Array(B * M).fill(0), valid: new Array(B).fill(0) };
  for (let b = 0; b < B; ++b) {
    const selected = [];
    for (let cls = 0; cls < C; ++cls) {
      const qc = q === 1 ? 0 : cls;
      const bc = new Float32Array(N * 4);
      const sc = new Float32Array(N);
      for (let i = 0; i < N; ++i) {
        for (let j = 0; j < 4; ++j) bc[i * 4 + j] = boxes[((b * N + i) * q + qc) * 4 + j];
        sc[i] = scores[(b * N + i) * C + cls];
      }
      const bt = tf.tensor2d(bc, [N, 4], "float32");
      const stensor = tf.tensor1d(sc, "float32");
      const r = tf.image.nonMaxSuppression(bt, stensor, c.perClass, c.iou, st);
      for (const idx of r.dataSync())
        selected.push({ score: sc[idx], cls, box: Array.from(bc.subarray(idx * 4, idx * 4 + 4)) });
      r.dispose();
      bt.dispose();
      stensor.dispose();
    }
    // Array.prototype.sort is stable.
    selected.sort((x, y) => (x.score > y.score ? -1 : x.score < y.score ? 1 : 0));
    const valid = Math.min(selected.length, M);
    out.valid[b] = valid;
    for (let k = 0; k < valid; ++k) {
      const s = selected[k];
      for (let j = 0; j < 4; ++j)
        out.boxes[(b * M + k) * 4 + j] = c.clipBoxes ? Math.max(Math.min(s.box[j], 1), 0) : s.box[j];
      out.scores[b * M + k] = s.score;
      out.classes[b * M + k] = s.cls;
    }
  }
  return out;
}

io.main("tfjs_combined_nms_run.js", (c, blob) => {
  const r = combined(c, io.floats(blob, c.boxes, c.B * c.N * c.q * 4), io.floats(blob, c.scores, c.B * c.N * c.C));
  return { boxes: r.boxes.map(io.finiteOrName), scores: r.scores.map(io.finiteOrName),
           classes: r.classes, valid: r.valid };
}, () => tf.setBackend("cpu"));
