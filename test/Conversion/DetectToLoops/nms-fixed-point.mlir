// The fixed-point strategy of detect.nms: the float lowering plus an integer
// path for boxes with exact integer corners (Utils/FixedPoint.h). Selected by
// the pass option or by the op's detect.strategy attribute; f64 boxes and
// OpenCV's overlap take the float lowering.
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops="nms-strategy=fixed-point index-bitwidth=32" | FileCheck %s
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops="index-bitwidth=32" | FileCheck %s --check-prefix=FLOAT

// CHECK-LABEL: func.func @attribute_threshold(
// The kept boxes' integer corners, K x 4 x i16.
// CHECK: memref.alloc() : memref<8x4xi16>
// Each popped candidate: its corners' bits.
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// Each kept box read back, a sentinel for a box that is not exact.
// CHECK: memref.load %{{.*}} : memref<8x4xi16>
// CHECK: arith.constant -32768 : i32
// IoU > 0.5 for integers: the f32 above 0.5 is 0.5 + 2^-24; the rounding
// boundary below it, (2^24 + 1) / 2^25, is not a tie target (odd
// significand), so the test is inter > (16777217 * union) >> 25.
// CHECK: arith.constant 16777217 : i64
// CHECK: arith.muli %{{.*}} : i64
// CHECK: arith.constant 25 : i64
// CHECK: arith.shrui
// CHECK: arith.cmpi sgt, %{{.*}} : i64
// Pairs with a box that is not exact: the float IoU.
// CHECK: arith.divf
// FLOAT-LABEL: func.func @attribute_threshold(
// FLOAT-NOT: x4xi16>
// FLOAT-NOT: arith.bitcast
// FLOAT: return
func.func @attribute_threshold(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<8xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) max_output(8) : tensor<16x4xf32>, tensor<16xf32> -> tensor<8xi32>, i32
  return %k, %n : tensor<8xi32>, i32
}

// -----

// IoU >= 0.5: the boundary below 0.5, (2^25 - 1) / 2^26, rounds up to 0.5
// (its significand is even), so equality passes:
// inter > (33554431 * union - 1) >> 26.
// CHECK-LABEL: func.func @inclusive_boundary(
// CHECK: arith.constant 33554431 : i64
// CHECK: arith.muli
// CHECK: arith.subi
// CHECK: arith.constant 26 : i64
// CHECK: arith.shrui
func.func @inclusive_boundary(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) iou_compare(ge) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}

// -----

// A run-time threshold: the f32 division of the two exact integers.
// CHECK-LABEL: func.func @operand_threshold(
// CHECK: memref.alloc() : memref<16x4xi16>
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.divf
// CHECK-NOT: : i64
// CHECK: return
func.func @operand_threshold(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %t: f32) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(%t : f32) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}

// -----

// The attribute overrides the option, both ways.
// CHECK-LABEL: func.func @attribute_selects_float(
// CHECK-NOT: x4xi16>
// CHECK: return
// FLOAT-LABEL: func.func @attribute_selects_float(
// FLOAT-NOT: x4xi16>
// FLOAT: return
func.func @attribute_selects_float(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) {detect.strategy = "float"} : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}

// -----

// CHECK-LABEL: func.func @attribute_selects_fixed_point(
// CHECK: memref<16x4xi16>
// FLOAT-LABEL: func.func @attribute_selects_fixed_point(
// FLOAT: memref<16x4xi16>
func.func @attribute_selects_fixed_point(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) {detect.strategy = "fixed-point"} : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}

// -----

// f64 boxes and OpenCV's overlap take the float lowering.
// CHECK-LABEL: func.func @f64_boxes(
// CHECK-NOT: x4xi16>
// CHECK: return
func.func @f64_boxes(%b: tensor<16x4xf64>, %s: tensor<16xf64>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<16x4xf64>, tensor<16xf64> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}

// -----

// CHECK-LABEL: func.func @opencv_overlap(
// CHECK-NOT: x4xi16>
// CHECK: return
func.func @opencv_overlap(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) overlap(jaccard_distance) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}
