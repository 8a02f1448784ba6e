"""The Node.js oracles (onnxruntime-node, tfjs), run on a batch of cases.

Every runner script of this package takes the same two files: a JSON
manifest whose "blob" names one binary file holding every input array (at
the byte offsets the manifest gives) and whose "cases" describe the calls,
and the path where it writes one JSON result per case (an object with
"error" when the oracle rejected that case). One Node process serves a whole
run: starting onnxruntime or tfjs costs more than most cases.
"""

import json
import os
import subprocess

from detect_harness import harness

np = harness.np


class Blob:
    """The binary input file of a batch: arrays appended, offsets kept."""

    def __init__(self):
        self.data = bytearray()

    def add(self, arr, dtype=None, align=1):
        """Appends `arr` (little-endian, as `dtype` if given) and returns its
        byte offset, a multiple of `align`."""
        while len(self.data) % align:
            self.data.append(0)
        offset = len(self.data)
        arr = np.ascontiguousarray(arr, dtype)
        self.data += arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        return offset


def run(script, what, manifest, blob, workdir, node, prefix):
    """Runs `script` of this package on `manifest` (its "blob" is filled
    in) and returns its results, one per case of the manifest."""
    blob_path = os.path.join(workdir, prefix + "_inputs.bin")
    with open(blob_path, "wb") as f:
        f.write(blob.data)
    mpath = os.path.join(workdir, prefix + "_manifest.json")
    rpath = os.path.join(workdir, prefix + "_results.json")
    with open(mpath, "w") as f:
        json.dump(dict(manifest, blob=blob_path), f)
    p = subprocess.run([node, harness.node_script(script), mpath, rpath],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise harness.HarnessError("%s failed (status %d):\n%s" % (
            what, p.returncode, p.stderr.decode()))
    with open(rpath) as f:
        return json.load(f)


def check_accepted(what, cases, results):
    """Raises on the first case the oracle rejected."""
    for case, r in zip(cases, results):
        if "error" in r:
            raise harness.HarnessError("%s rejected %s: %s" % (what, case.describe(), r["error"]))
    return results


def run_onnxruntime(model_paths, cases, workdir, node):
    """cases: (model index, [(name, array)...]) -> one list of outputs each,
    as onnxruntime_run.js writes them."""
    blob = Blob()
    manifest_cases = []
    for mi, feeds in cases:
        inputs = []
        for name, arr in feeds:
            arr = np.asarray(arr)
            dtype = {"float32": "float32", "int64": "int64"}[str(arr.dtype)]
            inputs.append([name, dtype, list(arr.shape), blob.add(arr, align=8)])
        manifest_cases.append({"model": mi, "inputs": inputs})
    return run("onnxruntime_run.js", "onnxruntime", {"models": model_paths, "cases": manifest_cases},
               blob, workdir, node, "ort")
