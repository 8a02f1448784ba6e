#!/usr/bin/env python3
"""Runs detect-import-tflite on every file of a directory of corrupted files
(bad_models.py --mutants) and checks that each run ends as a run of the tool
must: imported (exit 0), or one or more errors that start with the file's
name (exit 1). A crash, a sanitizer report (abort) or a message without the
file's name fails the check.

    run_mutants.py TOOL DIR
"""

import os
import subprocess
import sys


def main():
    tool, folder = sys.argv[1], sys.argv[2]
    files = sorted(f for f in os.listdir(folder) if f.endswith(".tflite"))
    outcome, bad = {0: 0, 1: 0}, []
    for name in files:
        path = os.path.join(folder, name)
        r = subprocess.run([tool, path, "-o", os.devnull], capture_output=True, text=True, errors="replace")
        ok = r.returncode == 0 or (r.returncode == 1 and r.stderr.startswith(path + ": error: "))
        if ok:
            outcome[r.returncode] += 1
        else:
            bad.append("%s: exit %d: %s" % (name, r.returncode, r.stderr[:400]))
    if bad:
        print("run_mutants: %d of %d files end badly:\n  %s" % (len(bad), len(files), "\n  ".join(bad[:5])))
        return 1
    print("run_mutants: %d corrupted files: %d imported, %d refused with an error, 0 crashes" % (
        len(files), outcome[0], outcome[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
