// Folders and canonicalization patterns of the detect dialect. Each rewrite
// is exact; the negative cases show where a rewrite would change rounding.
// RUN: detect-opt %s --canonicalize --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @convert_same_layout
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>)
// CHECK-NEXT: return %[[B]]
func.func @convert_same_layout(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xywh to xywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @convert_round_trip
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>)
// CHECK: %[[C:.+]] = detect.box_convert %[[B]] from xyxy to cxcywh
// CHECK: return %[[B]], %[[C]]
func.func @convert_round_trip(%b: tensor<8x4xf32>) -> (tensor<8x4xf32>, tensor<8x4xf32>) {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from cxcywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1, %0 : tensor<8x4xf32>, tensor<8x4xf32>
}

// -----

// A valid count zeroes the rows past it, so the round trip is not the input.
// CHECK-LABEL: func.func @convert_round_trip_with_count
// CHECK: detect.box_convert
// CHECK: detect.box_convert
func.func @convert_round_trip_with_count(%b: tensor<8x4xf32>, %n: i32) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b valid(%n : i32) from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from cxcywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}

// -----

// A swap of axes carries no rounding, so it composes with the next conversion.
// CHECK-LABEL: func.func @convert_compose_swap
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>)
// CHECK: %[[C:.+]] = detect.box_convert %[[B]] from yxyx to cxcywh
// CHECK-NEXT: return %[[C]]
func.func @convert_compose_swap(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}

// -----

// xywh -> xyxy rounds (x + w), so it must stay in front of the next one.
// CHECK-LABEL: func.func @convert_no_compose_rounding
// CHECK: detect.box_convert %{{.+}} from xywh to xyxy
// CHECK: detect.box_convert %{{.+}} from xyxy to cxcywh
func.func @convert_no_compose_rounding(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @convert_full_count
// CHECK-NOT: valid
// CHECK: detect.box_convert %{{.+}} from xyxy to xywh
func.func @convert_full_count(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %n = arith.constant 8 : i32
  %0 = detect.box_convert %b valid(%n : i32) from xyxy to xywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @convert_partial_count
// CHECK: detect.box_convert %{{.+}} valid(%{{.+}} : i32) from xyxy to xywh
func.func @convert_partial_count(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %n = arith.constant 7 : i32
  %0 = detect.box_convert %b valid(%n : i32) from xyxy to xywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @area_absorbs_swap
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>)
// CHECK-NEXT: %[[A:.+]] = detect.box_area %[[B]] layout(yxyx) normalize_corners
// CHECK-NEXT: return %[[A]]
func.func @area_absorbs_swap(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_area %0 normalize_corners : tensor<8x4xf32> -> tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @area_keeps_rounding_convert
// CHECK: detect.box_convert %{{.+}} from cxcywh to xyxy
// CHECK: detect.box_area
func.func @area_keeps_rounding_convert(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_convert %b from cxcywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_area %0 : tensor<8x4xf32> -> tensor<8xf32>
  return %1 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @area_full_count
// CHECK: detect.box_area %{{.+}} : tensor<8x4xf32>
func.func @area_full_count(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %n = arith.constant 9 : index
  %0 = detect.box_area %b valid(%n : index) : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @clip_constant_size
// CHECK: detect.clip_boxes %{{.+}} height(4.800000e+02) width(6.400000e+02) : tensor<8x4xf32>
func.func @clip_constant_size(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %h = arith.constant 480.0 : f32
  %w = arith.constant 640.0 : f32
  %0 = detect.clip_boxes %b height(%h : f32) width(%w : f32) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @clip_full_count
// CHECK: detect.clip_boxes %{{.+}} height(1.000000e+00) width(1.000000e+00) : tensor<8x4xf32>
func.func @clip_full_count(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %n = arith.constant 8 : i64
  %0 = detect.clip_boxes %b valid(%n : i64) height(1) width(1) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @iou_absorbs_swaps
// CHECK-SAME: (%[[A:.+]]: tensor<8x4xf32>, %[[B:.+]]: tensor<5x4xf32>)
// CHECK-NEXT: detect.iou %[[A]], %[[B]] kind(giou) layout(yxyx) :
func.func @iou_absorbs_swaps(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.box_convert %a from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %b from yxyx to xyxy : tensor<5x4xf32> -> tensor<5x4xf32>
  %2 = detect.iou %0, %1 kind(giou) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %2 : tensor<8x5xf32>
}

// -----

// Only one side is swapped: one layout attribute cannot describe both.
// CHECK-LABEL: func.func @iou_one_sided_swap
// CHECK: detect.box_convert
// CHECK: detect.iou
func.func @iou_one_sided_swap(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.box_convert %a from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %2 = detect.iou %0, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %2 : tensor<8x5xf32>
}

// -----

// CHECK-LABEL: func.func @iou_full_counts
// CHECK: detect.iou %{{.+}}, %{{.+}} rhs_valid(%{{.+}} : i32) :
func.func @iou_full_counts(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %n = arith.constant 8 : i32
  %m = arith.constant 4 : i32
  %0 = detect.iou %a, %b lhs_valid(%n : i32) rhs_valid(%m : i32) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

// ONNX passes thresholds as tensors; constants become attributes.
// CHECK-LABEL: func.func @nms_constant_rules
// CHECK: detect.nms %{{.+}}, %{{.+}} iou_threshold(5.000000e-01) score_threshold(2.500000e-01) max_output(4) layout(yxyx) :
// CHECK-SAME: -> tensor<4xi64>, i64
func.func @nms_constant_rules(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<4xi64>, i64) {
  %t = arith.constant 0.5 : f32
  %st = arith.constant 0.25 : f32
  %m = arith.constant 100 : i64
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) score_threshold(%st : f32) max_output(%m : i64) layout(yxyx) : tensor<8x4xf32>, tensor<8xf32> -> tensor<4xi64>, i64
  return %k, %c : tensor<4xi64>, i64
}

// -----

// A threshold that is not exactly representable keeps its float value.
// CHECK-LABEL: func.func @nms_constant_threshold_exact
// CHECK: iou_threshold(0.30000001192092896)
func.func @nms_constant_threshold_exact(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %t = arith.constant 0.3 : f32
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

// Out-of-range constants keep their run-time meaning; a limit below the
// capacity stays a run-time limit.
// CHECK-LABEL: func.func @nms_constants_kept
// CHECK: detect.nms %{{.+}}, %{{.+}} iou_threshold(%{{.+}} : f32) max_output(%{{.+}} : i64) :
func.func @nms_constants_kept(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %t = arith.constant 1.5 : f32
  %m = arith.constant 3 : i64
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) max_output(%m : i64) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

// CHECK-LABEL: func.func @nms_absorbs_swap
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>,
// CHECK-NEXT: detect.nms %[[B]], %{{.+}} iou_threshold(5.000000e-01) layout(yxyx) :
func.func @nms_absorbs_swap(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %k, %c = detect.nms %0, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

// CHECK-LABEL: func.func @nms_full_count
// CHECK: detect.nms %{{.+}}, %{{.+}} iou_threshold(5.000000e-01) :
func.func @nms_full_count(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %n = arith.constant 8 : i32
  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

// A negative constant size keeps its run-time meaning; the attribute form
// would not verify.
// CHECK-LABEL: func.func @clip_negative_constant_kept
// CHECK: detect.clip_boxes %{{.+}} height(%{{.+}} : f32) width(6.400000e+02)
func.func @clip_negative_constant_kept(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %h = arith.constant -1.0 : f32
  %w = arith.constant 640.0 : f32
  %0 = detect.clip_boxes %b height(%h : f32) width(%w : f32) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// A swap that also changes the type (static to dynamic rows) is not absorbed:
// the consumer would then verify against different shapes.
// CHECK-LABEL: func.func @nms_swap_with_type_change
// CHECK: detect.box_convert
// CHECK: detect.nms
func.func @nms_swap_with_type_change(%b: tensor<8x4xf32>, %s: tensor<?xf32>, %m: i32) -> (tensor<5xi64>, i64) {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<?x4xf32>
  %k, %c = detect.nms %0, %s iou_threshold(0.5) max_output(%m : i32) : tensor<?x4xf32>, tensor<?xf32> -> tensor<5xi64>, i64
  return %k, %c : tensor<5xi64>, i64
}

// -----

// CHECK-LABEL: func.func @decode_full_count
// CHECK: detect.decode_boxes %{{.+}}, %{{.+}} scales
func.func @decode_full_count(%e: tensor<8x4xf32>, %a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %n = arith.constant 8 : i32
  %0 = detect.decode_boxes %e, %a valid(%n : i32) scales(10.0, 10.0, 5.0, 5.0) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// max_output(0) keeps nothing: no loops are generated for it.
// CHECK-LABEL: func.func @nms_zero_capacity
// CHECK-NOT: detect.nms
// CHECK-DAG: %[[E:.+]] = tensor.empty() : tensor<0xi64>
// CHECK-DAG: %[[Z:.+]] = arith.constant 0 : i64
// CHECK: return %[[E]], %[[Z]]
func.func @nms_zero_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<0xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(0) : tensor<8x4xf32>, tensor<8xf32> -> tensor<0xi64>, i64
  return %k, %c : tensor<0xi64>, i64
}
