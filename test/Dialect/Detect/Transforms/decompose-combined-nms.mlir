// detect-decompose rewrites TensorFlow's CombinedNonMaxSuppression into one
// hard NMS per (batch, class) with TensorFlow's rules, and a merge of the
// classes' selections.
// RUN: detect-opt %s --split-input-file --detect-decompose | FileCheck %s

// Boxes shared by the classes (q = 1): copied once per batch; detect.nms per
// class with at most min(4, N) boxes; then M = 5 rows, each the best head of
// the classes' lists; boxes clipped to [0, 1] as max(min(v, 1), 0).
// CHECK-LABEL: func.func @shared
// CHECK: scf.for %[[BATCH:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args({{.+}}) -> (tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>)
// CHECK: %[[BOXES:.+]] = tensor.generate
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args({{.+}}) -> (tensor<3x4xi32>, tensor<3xi32>)
// CHECK-NOT: tensor.generate
// CHECK: %[[SCORES:.+]] = tensor.generate
// CHECK: detect.nms %[[BOXES]], %[[SCORES]] iou_threshold(5.000000e-01) score_threshold(2.500000e-01) max_output(4) layout(yxyx) normalize_corners degenerate(zero_area) : tensor<8x4xf32>, tensor<8xf32> -> tensor<4xi32>, i32
// CHECK: scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args({{.+}}) -> (tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<3xi32>, i32)
// The best head: a higher score, equal scores the lower class (seen first).
// CHECK: scf.for {{.+}} -> (f32, i32, i32)
// CHECK: arith.cmpf ogt
// CHECK: scf.if
// CHECK: arith.cmpf olt
// CHECK: arith.sitofp {{.+}} : i32 to f32
func.func @shared(%b: tensor<2x8x1x4xf32>, %s: tensor<2x8x3xf32>)
    -> (tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      score_threshold(0.25) clip_boxes
      : tensor<2x8x1x4xf32>, tensor<2x8x3xf32> -> tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>
}

// -----

// Per-class boxes (q = C), tfjs's arithmetic: hard NMS as detect.soft_nms
// with sigma 0 in f64; M = min(100, 2 * 3) with pad_per_class; no clipping.
// CHECK-LABEL: func.func @per_class_f64
// CHECK: scf.for {{.+}} -> (tensor<3x2xi32>, tensor<3xi32>)
// CHECK: %[[BOXES:.+]] = tensor.generate
// CHECK: %[[SCORES:.+]] = tensor.generate
// CHECK: detect.soft_nms %[[BOXES]], %[[SCORES]] iou_threshold(4.500000e-01) score_threshold(0xFFF0000000000000) max_output(2) iou_compare(ge) layout(yxyx) normalize_corners degenerate(zero_area) compute_type(f64) : tensor<5x4xf32>, tensor<5xf32> -> tensor<2xi32>, tensor<2xf32>, i32
// CHECK-NOT: arith.cmpf olt
// CHECK: return
func.func @per_class_f64(%b: tensor<1x5x3x4xf32>, %s: tensor<1x5x3xf32>)
    -> (tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(100) iou_threshold(0.45)
      score_threshold(0xFFF0000000000000) pad_per_class iou_compare(ge) compute_type(f64)
      : tensor<1x5x3x4xf32>, tensor<1x5x3xf32> -> tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xi32>
}

// -----

// No boxes: no NMS, and the four results come out of the batch loop as four
// values (one zero tensor returned twice would trip buffer-results-to-out-params).
// CHECK-LABEL: func.func @no_boxes
// CHECK-NOT: detect.nms
// CHECK: %[[R:.+]]:4 = scf.for
// CHECK-NOT: detect.nms
// CHECK: return %[[R]]#0, %[[R]]#1, %[[R]]#2, %[[R]]#3
func.func @no_boxes(%b: tensor<1x0x1x4xf32>, %s: tensor<1x0x2xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(3) iou_threshold(0.5)
      : tensor<1x0x1x4xf32>, tensor<1x0x2xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
}
