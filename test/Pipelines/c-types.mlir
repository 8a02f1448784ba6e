// C99 has float and double only: the C route refuses f16 and bf16 up front,
// naming the op or the public function, instead of printing _Float16 or
// __bf16 for a C compiler to reject. The object route takes them.
// RUN: not detect-opt %s --split-input-file --detect-to-emitc 2>&1 | FileCheck %s
// RUN: detect-opt %s --split-input-file --detect-to-llvm | FileCheck %s --check-prefix=LLVM

// CHECK: error: 'detect.nms' op uses 'f16', which C99 has no type for (only f32 and f64 are float and double); emit an object file instead, or convert to f32 first
// LLVM-LABEL: llvm.func @half_nms(
func.func @half_nms(%b: tensor<8x4xf16>, %s: tensor<8xf16>) -> (tensor<8xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf16>, tensor<8xf16> -> tensor<8xi32>, i32
  return %k, %n : tensor<8xi32>, i32
}

// -----

// CHECK: error: 'func.func' op uses 'bf16', which C99 has no type for
// LLVM-LABEL: llvm.func @bf16_argument(
func.func @bf16_argument(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  return %x : tensor<4xbf16>
}
