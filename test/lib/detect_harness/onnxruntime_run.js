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
const io = require("./oracle_io.js");

const ort = io.loadOracle("onnxruntime_run.js", "onnxruntime-node", () => require("onnxruntime-node"));

const ARRAYS = { float32: Float32Array, int64: BigInt64Array };

async function openSessions(manifest) {
  const sessions = [];
  for (const path of manifest.models) sessions.push(await ort.InferenceSession.create(path));
  return sessions;
}

io.main("onnxruntime_run.js", async (c, blob, sessions) => {
  const feeds = {};
  for (const [name, dtype, dims, offset] of c.inputs) {
    const count = dims.reduce((a, b) => a * b, 1);
    feeds[name] = new ort.Tensor(dtype, io.typed(ARRAYS[dtype], blob, offset, count), dims);
  }
  const session = sessions[c.model];
  const out = await session.run(feeds);
  const t = out[session.outputNames[0]];
  const outputs = session.outputNames.map((name) => ({
    name, dims: out[name].dims, data: Array.from(out[name].data, (v) => Number(v)),
  }));
  return { dims: t.dims, data: Array.from(t.data, (v) => Number(v)), outputs };
}, openSessions);
