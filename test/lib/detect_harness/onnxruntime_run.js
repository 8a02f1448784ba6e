// Runs ONNX models with onnxruntime-node (the oracle of the ONNX differential
// tests) on inputs prepared by a Python test script.
//
//   node onnxruntime_run.js manifest.json results.json
//
// manifest.json: {"models": [path, ...], "blob": path,
//                 "cases": [{"model": i, "inputs": [[name, dtype, dims, byteOffset], ...]}]}
// dtype is "float32" or "int64"; data is little-endian in the blob.
// results.json: one entry per case, {"dims": [...], "data": [...]} of output 0
// and "outputs": [{"name", "dims", "data"}, ...] of every output in the
// model's order, or {"error": message} when onnxruntime rejects the case.
"use strict";
const fs = require("fs");

let ort;
try {
  ort = require("onnxruntime-node");
} catch (e) {
  process.stderr.write(
    "onnxruntime_run.js: error: cannot load onnxruntime-node (" + e.message + ").\n" +
    "It is the oracle of this test: scripts/setup.sh installs it into build/oracles/node_modules " +
    "(NODE_PATH). The test is deliberately not skipped when the oracle is missing.\n");
  process.exit(2);
}

const ARRAYS = { float32: Float32Array, int64: BigInt64Array };

async function main() {
  const [manifestPath, resultsPath] = process.argv.slice(2);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  const blob = fs.readFileSync(manifest.blob);
  const sessions = [];
  for (const path of manifest.models) sessions.push(await ort.InferenceSession.create(path));
  const results = [];
  for (const c of manifest.cases) {
    const feeds = {};
    for (const [name, dtype, dims, offset] of c.inputs) {
      const Arr = ARRAYS[dtype];
      const count = dims.reduce((a, b) => a * b, 1);
      // Copy out of the blob: typed arrays need aligned offsets.
      const bytes = blob.subarray(offset, offset + count * Arr.BYTES_PER_ELEMENT);
      const data = new Arr(count);
      new Uint8Array(data.buffer).set(bytes);
      feeds[name] = new ort.Tensor(dtype, data, dims);
    }
    const session = sessions[c.model];
    try {
      const out = await session.run(feeds);
      const t = out[session.outputNames[0]];
      const outputs = session.outputNames.map((name) => ({
        name, dims: out[name].dims, data: Array.from(out[name].data, (v) => Number(v)),
      }));
      results.push({ dims: t.dims, data: Array.from(t.data, (v) => Number(v)), outputs });
    } catch (e) {
      results.push({ error: String(e.message || e) });
    }
  }
  fs.writeFileSync(resultsPath, JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write("onnxruntime_run.js: error: " + (e.stack || e) + "\n");
  process.exit(1);
});
