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
const fs = require("fs");

let tf;
try {
  tf = require("@tensorflow/tfjs-core");
  require("@tensorflow/tfjs-backend-cpu");
} catch (e) {
  process.stderr.write(
    "tfjs_soft_nms_run.js: error: cannot load @tensorflow/tfjs-core and @tensorflow/tfjs-backend-cpu (" +
    e.message + ").\nThey are the oracle of this test: scripts/setup.sh installs them into " +
    "build/oracles/node_modules (NODE_PATH). The test is deliberately not skipped when the oracle is missing.\n");
  process.exit(2);
}

function floats(blob, offset, count) {
  // Copy out of the blob: typed arrays need aligned offsets.
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(blob.subarray(offset, offset + 4 * count));
  return data;
}

// JSON has no infinities: they travel as their names.
function finiteOrName(v) {
  return Number.isFinite(v) ? v : String(v);
}

async function main() {
  const [manifestPath, resultsPath] = process.argv.slice(2);
  await tf.setBackend("cpu");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  const blob = fs.readFileSync(manifest.blob);
  const results = [];
  for (const c of manifest.cases) {
    const boxes = tf.tensor2d(floats(blob, c.boxes, 4 * c.n), [c.n, 4], "float32");
    const scores = tf.tensor1d(floats(blob, c.scores, c.n), "float32");
    const st = c.scoreThreshold === null ? -Infinity : c.scoreThreshold;
    try {
      if (c.padded) {
        const r = tf.image.nonMaxSuppressionPadded(boxes, scores, c.maxOutputSize, c.iouThreshold, st, true);
        results.push({ indices: Array.from(r.selectedIndices.dataSync()), valid: r.validOutputs.dataSync()[0] });
        r.selectedIndices.dispose();
        r.validOutputs.dispose();
        boxes.dispose();
        scores.dispose();
        continue;
      }
      const r = tf.image.nonMaxSuppressionWithScore(boxes, scores, c.maxOutputSize, c.iouThreshold, st,
                                                    c.softNmsSigma);
      results.push({ indices: Array.from(r.selectedIndices.dataSync()),
                     scores: Array.from(r.selectedScores.dataSync(), finiteOrName) });
      r.selectedIndices.dispose();
      r.selectedScores.dispose();
    } catch (e) {
      results.push({ error: String(e.message || e) });
    }
    boxes.dispose();
    scores.dispose();
  }
  fs.writeFileSync(resultsPath, JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write("tfjs_soft_nms_run.js: error: " + (e.stack || e) + "\n");
  process.exit(1);
});
