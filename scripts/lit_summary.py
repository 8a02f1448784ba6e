#!/usr/bin/env python3
"""Prints `N passed, N failed` over lit JSON result files (lit --output)."""

import json
import sys

PASSED = {"PASS", "XFAIL", "FLAKYPASS"}
FAILED = {"FAIL", "XPASS", "UNRESOLVED", "TIMEOUT"}


def main(paths):
    codes = []
    for path in paths:
        try:
            with open(path) as f:
                codes += [t["code"] for t in json.load(f)["tests"]]
        except (OSError, ValueError, KeyError) as err:
            print(f"lit wrote no results to {path} ({err})")
            codes.append("FAIL")
    passed = sum(c in PASSED for c in codes)
    failed = sum(c in FAILED for c in codes)
    other = len(codes) - passed - failed
    if other:
        print(f"{other} tests neither passed nor failed (unsupported)")
    print(f"{passed} passed, {failed} failed")


if __name__ == "__main__":
    main(sys.argv[1:])
