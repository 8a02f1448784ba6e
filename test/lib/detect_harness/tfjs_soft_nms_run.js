// Runs TensorFlow's soft-NMS as tfjs ports it (tf.image.nonMaxSuppressionWithScore,
// the NonMaxSuppressionV5 kernel of tfjs-backend-cpu): the oracle of
// soft_nms_tfjs.py.
//
//   node tfjs_soft_nms_run.js manifest.json results.json
//
// manifest.json: {"blob": path, "cases": [{"n": N, "boxes": byteOffset,
//   "scores": byteOffset, "maxOutputSize": m, "iouThreshold": t,
//   "scoreThreshold": s, "softNmsSigma": sigma, "padded": p}, ...]}; boxes [N, 4] and scores
// [N] are little-endian float32 in the blob. A threshold of null is -Infinity.
// With "padded", tf.image.nonMaxSuppressionPadded(..., true) runs instead
// (softNmsSigma unused) and the result is {"indices": [...], "valid": n}.
// results.json: one {"indices": [...], "scores": [...]} per case (a score that
// is not finite as "Infinity", "-Infinity" or "NaN"), or
// {"error": message} when tfjs rejects the case.
"use strict";
const io = require("./oracle_io.js");

const tf = io.loadOracle("tfjs_soft_nms_run.js", "@tensorflow/tfjs-core and @tensorflow/tfjs-backend-cpu", () => {
  const core = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-cpu");
  return core;
});

function softNms(c, boxes, scores) {
  const st = c.scoreThreshold === null ? -Infinity : c.scoreThreshold;
  if (c.padded) {
    const r = tf.image.nonMaxSuppressionPadded(boxes, scores, c.maxOutputSize, c.iouThreshold, st, true);
    const out = { indices: Array.from(r.selectedIndices.dataSync()), valid: r.validOutputs.dataSync()[0] };
    r.selectedIndices.dispose();
    r.validOutputs.dispose();
    return out;
  }
  const r = tf.image.nonMaxSuppressionWithScore(boxes, scores, c.maxOutputSize, c.iouThreshold, st,
                                                c.softNmsSigma);
  const out = { indices: Array.from(r.selectedIndices.dataSync()),
                scores: Array.from(r.selectedScores.dataSync(), io.finiteOrName) };
  r.selectedIndices.dispose();
  r.selectedScores.dispose();
  return out;
}

io.main("tfjs_soft_nms_run.js", (c, blob) => {
  const boxes = tf.tensor2d(io.floats(blob, c.boxes, 4 * c.n), [c.n, 4], "float32");
  const scores = tf.tensor1d(io.floats(blob, c.scores, c.n), "float32");
  try {
    return softNms(c, boxes, scores);
  } finally {
    boxes.dispose();
    scores.dispose();
  }
}, () => tf.setBackend("cpu"));
