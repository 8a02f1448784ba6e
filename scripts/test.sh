#!/usr/bin/env bash
# Sets up and builds (as scripts/setup.sh), then runs the whole test suite
# with lit. Ends with one line `N passed, N failed`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"

RESULTS="$BUILD_DIR/test/results.json"
rm -f "$RESULTS"
status=0
/usr/lib/llvm-22/bin/lit -sv --output "$RESULTS" "$BUILD_DIR/test" "$@" || status=$?
python3 "$ROOT/scripts/lit_summary.py" "$RESULTS"
exit $status
