// Times onnxruntime-node's NonMaxSuppression (CPU, one thread) on the
// workloads listed in a JSON job file and writes the selected indices.
//
//   node ort_nms.js MODEL.onnx JOBS.json
//
// Each job: {boxes, scores (raw float32 files), n, classes, iou, score
// (null: no score threshold), warmup, repeats, out}. Prints one JSON line
// per job: {median_ns, min_ns, max_ns}. `out` receives the [K, 3] int64
// selected_indices of the last run.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

function floats(path) {
  const b = fs.readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

async function main() {
  const [model, jobsPath] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const jobs = JSON.parse(fs.readFileSync(jobsPath, 'utf8'));
  for (const job of jobs) {
    const feeds = {
      boxes: new ort.Tensor('float32', floats(job.boxes), [1, job.n, 4]),
      scores: new ort.Tensor('float32', floats(job.scores), [1, job.classes, job.n]),
      max_output_boxes_per_class: new ort.Tensor('int64', BigInt64Array.from([BigInt(job.n)]), [1]),
      iou_threshold: new ort.Tensor('float32', Float32Array.from([job.iou]), [1]),
      // No score threshold: -inf lets every non-NaN score through (ONNX
      // Runtime keeps score > threshold).
      score_threshold: new ort.Tensor('float32',
          Float32Array.from([job.score === null ? -Infinity : job.score]), [1]),
    };
    let result;
    for (let i = 0; i < job.warmup; ++i)
      result = await session.run(feeds);
    const times = [];
    for (let i = 0; i < job.repeats; ++i) {
      const t0 = process.hrtime.bigint();
      result = await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0));
    }
    times.sort((a, b) => a - b);
    const sel = result.selected_indices.data;
    fs.writeFileSync(job.out, Buffer.from(sel.buffer, sel.byteOffset, sel.byteLength));
    console.log(JSON.stringify({
      median_ns: times[Math.floor(times.length / 2)], min_ns: times[0],
      max_ns: times[times.length - 1],
    }));
  }
}

main().catch((e) => { console.error('ort_nms.js: ' + (e.stack || e)); process.exit(1); });
