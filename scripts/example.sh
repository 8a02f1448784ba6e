#!/usr/bin/env bash
# The main job on the bundled example: set up, build, then run detect-opt on
# an SSD-style post-processing function (anchor decoding + NMS), verify it
# and canonicalize it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"

EXAMPLE="$ROOT/examples/ssd_postprocess.mlir"
echo "== detect-opt --canonicalize $EXAMPLE"
"$BUILD_DIR/bin/detect-opt" "$EXAMPLE" --canonicalize
