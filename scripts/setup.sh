#!/usr/bin/env bash
# Installs what detect-mlir needs from Debian's packages (only what is
# missing), then configures and builds it. Safe to re-run: a set-up machine
# spends a few seconds here.
#
#   scripts/setup.sh            install + build into ./build
#   BUILD_DIR=... scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

# Build: LLVM/MLIR 22, its tools (lit, FileCheck), clang-22 and lld.
PACKAGES=(
  cmake ninja-build
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools clang-22 lld-22
  libclang-rt-22-dev
  # The format check (test/format): the C++ in LLVM style.
  clang-format-22
  # Execution tests: the framework oracles, for Debian's python3 (clang-22
  # compiles the generated code and brings the sanitizer runtimes).
  python3 python3-numpy python3-torch python3-torchvision python3-opencv
  python3-onnx python3-matplotlib
  # onnxruntime and TensorFlow's kernels (tfjs) come from npm, see below.
  nodejs npm
  # The ONNX importer: the ONNX protobuf schema and its C++ library.
  libonnx-dev libprotobuf-dev protobuf-compiler
  # The TFLite importer: flatbuffers (C++ reader, flatc) and, for its tests,
  # the Python package that writes .tflite files and Arm NN (its TfLite
  # parser and CpuRef backend), which reads and runs them independently.
  libflatbuffers-dev flatbuffers-compiler python3-flatbuffers
  python3-pyarmnn libarmnn-cpuref-backend22
  # Emulated microcontrollers: Arm and RISC-V cross compilers, picolibc, qemu.
  gcc-arm-none-eabi picolibc-arm-none-eabi qemu-system-arm
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  # A node.js installed outside apt (it ships its own npm) is good enough.
  if [[ "$pkg" == nodejs || "$pkg" == npm ]] && command -v "${pkg/nodejs/node}" >/dev/null; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Framework oracles from npm (onnxruntime-node, tfjs), pinned by the lock
# file. Their install scripts would fetch more from the network; the CPU
# libraries are already inside the packages, so scripts are skipped.
ORACLES="$BUILD_DIR/oracles"
if ! cmp -s "$ROOT/scripts/oracles/package-lock.json" "$ORACLES/installed.json" 2>/dev/null; then
  mkdir -p "$ORACLES"
  cp "$ROOT/scripts/oracles/package.json" "$ROOT/scripts/oracles/package-lock.json" "$ORACLES/"
  (cd "$ORACLES" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$ROOT/scripts/oracles/package-lock.json" "$ORACLES/installed.json"
fi

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
fi
# One job per core (ninja's default is two more): MLIR's C++ is heavy to
# compile, and extra jobs only make the cores take turns. JOBS overrides.
ninja -C "$BUILD_DIR" -j "${JOBS:-$(nproc)}"
