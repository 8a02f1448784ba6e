// Checks when --convert-detect-nms-to-loops prunes comparisons and which grid it builds.
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops | FileCheck %s
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops="index-bitwidth=32" | FileCheck %s --check-prefix=I32

// `IoU >= 0` holds for disjoint boxes too: no pruning (a constant false),
// so every kept box is in the list every candidate visits, and empty boxes
// are compared like any other.
// CHECK-LABEL: func.func @ge_zero(
// CHECK: [[PRUNE:%.+]] = arith.constant false
// CHECK: [[INERT:%.+]] = arith.andi [[PRUNE]], {{%.+}} : i1
// I32-LABEL: func.func @ge_zero(
// I32: arith.constant false
func.func @ge_zero(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.0) iou_compare(ge) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

// `IoU > 0` only holds for boxes that intersect: pruning is exact.
// CHECK-LABEL: func.func @gt_zero(
// CHECK: arith.constant true
// I32-LABEL: func.func @gt_zero(
// I32: arith.constant true
func.func @gt_zero(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.0) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

// A run-time threshold with `>`: pruning is exact unless t < 0 (uge: t >= 0
// or NaN, which passes nothing).
// CHECK-LABEL: func.func @runtime_gt(
// CHECK-SAME: [[T:%[^:]+]]: f32)
// CHECK: [[Z:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: arith.cmpf uge, [[T]], [[Z]] : f32
func.func @runtime_gt(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %t: f32) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

// -----

// 2048 boxes, 1024 kept slots: a grid on every target. 1024 / 4 = 256 cells
// and the outside bucket. On 64-bit targets the buckets hold f32 corners;
// on 32-bit ones, box numbers (i16), and comparisons branch.
// CHECK-LABEL: func.func @grid(
// CHECK: memref.alloc() : memref<2048xi16>
// CHECK: memref.alloc() : memref<257xi16>
// CHECK-NEXT: memref.alloc() : memref<257xi16>
// CHECK-COUNT-4: memref.alloc() : memref<2048xf32>
// CHECK-NOT: memref.alloc
// I32-LABEL: func.func @grid(
// I32: memref.alloc() : memref<2048xi16>
// I32: memref.alloc() : memref<257xi16>
// I32-NEXT: memref.alloc() : memref<257xi16>
// I32-NEXT: [[BUCKET:%.+]] = memref.alloc() : memref<2048xi16>
// I32-NOT: memref.alloc
// I32: memref.load [[BUCKET]]
// I32: scf.if {{%.+}} -> (i1) {
// I32: arith.divf
func.func @grid(%b: tensor<2048x4xf32>, %s: tensor<2048xf32>) -> (tensor<1024xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(1024) : tensor<2048x4xf32>, tensor<2048xf32> -> tensor<1024xi32>, i32
  return %k, %c : tensor<1024xi32>, i32
}

// -----

// f64 boxes: the grid arithmetic is f64 too (extending to f32 would round).
// CHECK-LABEL: func.func @grid_f64(
// CHECK: scf.for {{.+}} -> (f64, f64, f64, f64, f64, f64, f64, f64, i64)
// CHECK-COUNT-4: memref<64xf64>
func.func @grid_f64(%b: tensor<64x4xf64>, %s: tensor<64xf64>) -> (tensor<64xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<64x4xf64>, tensor<64xf64> -> tensor<64xi64>, i64
  return %k, %c : tensor<64xi64>, i64
}
