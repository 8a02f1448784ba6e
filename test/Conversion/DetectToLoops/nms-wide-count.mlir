// Checks that with 32-bit counters an i64 valid count or max_output is clamped before it is narrowed, not truncated first.
// (Truncating first would turn max_output = 2^32, "no limit", into 0.)
// RUN: detect-opt %s --convert-detect-nms-to-loops="index-bitwidth=32" | FileCheck %s

// CHECK-LABEL: func.func @wide_counts(
// CHECK-SAME: [[N:%[^:]+]]: i64, [[M:%[^:]+]]: i64)
// CHECK-NOT: arith.trunci [[N]]
// CHECK-NOT: arith.trunci [[M]]
// CHECK-DAG: arith.maxsi [[N]], %{{.+}} : i64
// CHECK-DAG: arith.maxsi [[M]], %{{.+}} : i64
// CHECK: scf.for
func.func @wide_counts(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %n: i64, %m: i64) -> (tensor<16xi32>, i32) {
  %k, %c = detect.nms %b, %s valid(%n : i64) iou_threshold(0.5) max_output(%m : i64) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %c : tensor<16xi32>, i32
}
