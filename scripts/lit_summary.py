#!/usr/bin/env python3
"""Prints `N passed, N failed` from a lit JSON result file (lit --output)."""

import json
import sys

PASSED = {"PASS", "XFAIL", "FLAKYPASS"}
FAILED = {"FAIL", "XPASS", "UNRESOLVED", "TIMEOUT"}


def main(path):
    try:
        with open(path) as f:
            tests = json.load(f)["tests"]
    except (OSError, ValueError, KeyError) as err:
        print(f"lit wrote no results ({err})")
        print("0 passed, 1 failed")
        return
    codes = [t["code"] for t in tests]
    passed = sum(c in PASSED for c in codes)
    failed = sum(c in FAILED for c in codes)
    other = len(codes) - passed - failed
    if other:
        print(f"{other} tests neither passed nor failed (unsupported)")
    print(f"{passed} passed, {failed} failed")


if __name__ == "__main__":
    main(sys.argv[1])
