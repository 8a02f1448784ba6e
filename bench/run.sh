#!/usr/bin/env bash
# The benchmark in one command: set up and build (scripts/setup.sh), then
# bench/bench.py: host timings against torchvision, OpenCV and ONNX Runtime,
# instruction counts on emulated Cortex-M cores against a hand-written NMS;
# writes docs/Benchmarks.md and docs/benchmarks.png; then bench/tflm_ssd.py:
# SSD post-processing on emulated Cortex-M cores against TFLite Micro (its
# section of docs/Benchmarks.md); then bench/fixed_point_mcu.py: the
# fixed-point strategies against float on the emulated Cortex-M0+ (its
# section); then bench/yolo_mcu.py: YOLOv8n post-processing against
# STMicroelectronics' od_yolov8_pp on emulated cores (its section). Arguments go to bench.py (--quick, --rounds R, --no-mcu,
# --no-docs); --quick and --no-mcu skip the last two.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
# The test harness package (test/lib/detect_harness: the emulated chips).
export PYTHONPATH="$ROOT/test/lib${PYTHONPATH:+:$PYTHONPATH}"
"$ROOT/scripts/setup.sh"
/usr/bin/python3 "$ROOT/bench/bench.py" --build-dir "$BUILD_DIR" "$@"
case " $* " in
  *" --quick "*|*" --no-mcu "*|*" --render "*) ;;
  *" --no-docs "*)
    /usr/bin/python3 "$ROOT/bench/tflm_ssd.py" --no-docs
    /usr/bin/python3 "$ROOT/bench/fixed_point_mcu.py" --no-docs
    /usr/bin/python3 "$ROOT/bench/yolo_mcu.py" --no-docs ;;
  *)
    /usr/bin/python3 "$ROOT/bench/tflm_ssd.py"
    /usr/bin/python3 "$ROOT/bench/fixed_point_mcu.py"
    /usr/bin/python3 "$ROOT/bench/yolo_mcu.py" ;;
esac
