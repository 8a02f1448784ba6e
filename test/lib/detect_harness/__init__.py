"""The test harness of detect-mlir's execution tests.

- harness: compile detect functions by the LLVM or the C route into a host
  executable and run them on numpy data (the ABI, the driver, poison and
  sanitizer checks);
- suite: the shared command line and main() of a differential suite (a
  module of functions, its cases, an oracle and a comparison);
- chips, tflm_ssd: the emulated microcontrollers (qemu) and TFLite Micro's
  SSD workload on them;
- exact_boxes: boxes whose IoU the fixed-point strategies compute exactly;
- *.js: the Node.js oracle runners (onnxruntime-node, tfjs).

lit puts test/lib on PYTHONPATH (test/lit.cfg.py), bench/run.sh likewise.
"""
