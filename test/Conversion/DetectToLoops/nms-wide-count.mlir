// Checks that with 32-bit counters an i64 valid count or max_output is clamped before it is narrowed, not truncated first.
// KNOWN BUG (expected to fail until fixed; then delete the XFAIL line):
// NmsToLoops casts the count to the counter type (trunci) and clamps after,
// so max_output = 2^32 or 2^31 (meaning "no limit") becomes 0 or negative and
// clamps to 0: nothing is kept. Same for valid(%n : i64).
// XFAIL: *
// RUN: detect-opt %s --convert-detect-nms-to-loops="index-bitwidth=32" | FileCheck %s

// CHECK-LABEL: func.func @wide_counts(
// CHECK-SAME: [[N:%[^:]+]]: i64, [[M:%[^:]+]]: i64)
// CHECK-NOT: arith.trunci [[N]]
// CHECK-NOT: arith.trunci [[M]]
// CHECK: scf.for
func.func @wide_counts(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %n: i64, %m: i64) -> (tensor<16xi32>, i32) {
  %k, %c = detect.nms %b, %s valid(%n : i64) iou_threshold(0.5) max_output(%m : i64) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %c : tensor<16xi32>, i32
}
