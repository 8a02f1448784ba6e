#!/usr/bin/env python3
"""Imports each model file and compiles the result as a user would: objects
for a 64-bit target (the host) and a 32-bit one (Cortex-M0+, fixed-point
strategies), C for the Cortex-M4. Every step must succeed and print nothing
on stderr, so that in the sanitized build (scripts/test.sh) an imported
model goes through the sanitized detect-compile and any report fails the
check whatever the exit status.

    compile_imported.py IMPORTER WORKDIR MODEL...
"""

import os
import subprocess
import sys


def run(cmd, failures):
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if r.returncode != 0 or r.stderr:
        failures.append("%s: exit %d: %s" % (" ".join(cmd), r.returncode, r.stderr[-2000:]))
        return False
    return True


def main():
    importer, workdir, models = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(workdir, exist_ok=True)
    failures, compiles = [], 0
    for model in models:
        stem = os.path.join(workdir, os.path.splitext(os.path.basename(model))[0])
        if not run([importer, model, "-o", stem + ".mlir"], failures):
            continue
        for target, emit, suffix in [("host", "obj", ".host.o"), ("cortex-m0plus", "obj", ".m0.o"),
                                     ("cortex-m4", "c", ".c")]:
            compiles += 1
            run(["detect-compile", stem + ".mlir", "--target=" + target, "--emit=" + emit,
                 "-o", stem + suffix, "--header=" + stem + ".h"], failures)
    if failures:
        print("compile_imported: %d failures:\n  %s" % (len(failures), "\n  ".join(failures)))
        return 1
    print("compile_imported: %d models, %d compiles, 0 failures" % (len(models), compiles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
