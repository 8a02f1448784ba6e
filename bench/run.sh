#!/usr/bin/env bash
# The benchmark in one command: set up and build (scripts/setup.sh), then
# bench/bench.py: host timings against torchvision, OpenCV and ONNX Runtime,
# instruction counts on emulated Cortex-M cores against a hand-written NMS;
# writes docs/Benchmarks.md and docs/benchmarks.png. Arguments go to
# bench.py (--quick, --rounds R, --no-mcu, --no-docs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"
exec /usr/bin/python3 "$ROOT/bench/bench.py" --build-dir "$BUILD_DIR" "$@"
