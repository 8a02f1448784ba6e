// What the Node.js oracle runners of detect_harness share (see node.py):
// loading the oracle package or exiting 2 with what to install, reading the
// manifest and its blob, one result per case (a rejected case becomes
// {"error": message}), and writing the results.
"use strict";
const fs = require("fs");

// Loads the oracle with `load`, or exits 2: a missing oracle fails the test,
// it is never skipped.
function loadOracle(script, what, load) {
  try {
    return load();
  } catch (e) {
    process.stderr.write(
      script + ": error: cannot load " + what + " (" + e.message + ").\n" +
      "It is the oracle of this test: scripts/setup.sh installs it into build/oracles/node_modules " +
      "(NODE_PATH). The test is deliberately not skipped when the oracle is missing.\n");
    process.exit(2);
  }
}

// Copies `count` little-endian elements of `Arr` out of the blob (typed
// arrays need aligned offsets).
function typed(Arr, blob, offset, count) {
  const data = new Arr(count);
  new Uint8Array(data.buffer).set(blob.subarray(offset, offset + count * Arr.BYTES_PER_ELEMENT));
  return data;
}

function floats(blob, offset, count) {
  return typed(Float32Array, blob, offset, count);
}

// JSON has no infinities: they travel as their names.
function finiteOrName(v) {
  return Number.isFinite(v) ? v : String(v);
}

// `node script manifest.json results.json`: runCase(case, blob) gives each
// case's result; `setup(manifest)` runs first.
function main(script, runCase, setup) {
  const run = async () => {
    const [manifestPath, resultsPath] = process.argv.slice(2);
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
    const blob = fs.readFileSync(manifest.blob);
    const context = setup ? await setup(manifest) : undefined;
    const results = [];
    for (const c of manifest.cases) {
      try {
        results.push(await runCase(c, blob, context));
      } catch (e) {
        results.push({ error: String(e.message || e) });
      }
    }
    fs.writeFileSync(resultsPath, JSON.stringify(results));
  };
  run().catch((e) => {
    process.stderr.write(script + ": error: " + (e.stack || e) + "\n");
    process.exit(1);
  });
}

module.exports = { loadOracle, typed, floats, finiteOrName, main };
