// Round trip of every detect op: custom form, generic form and bytecode.
// RUN: detect-opt %s | detect-opt | FileCheck %s
// RUN: detect-opt %s --mlir-print-op-generic | detect-opt | FileCheck %s
// RUN: detect-opt %s --emit-bytecode | detect-opt | FileCheck %s

// CHECK-LABEL: func.func @box_convert
func.func @box_convert(%b: tensor<8x4xf32>, %d: tensor<?x4xf16>, %n: i32) -> (tensor<8x4xf32>, tensor<?x4xf16>) {
  // CHECK: detect.box_convert %{{.+}} from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  // CHECK: detect.box_convert %{{.+}} valid(%{{.+}} : i32) from yxyx to xywh : tensor<?x4xf16> -> tensor<?x4xf16>
  %1 = detect.box_convert %d valid(%n : i32) from yxyx to xywh : tensor<?x4xf16> -> tensor<?x4xf16>
  return %0, %1 : tensor<8x4xf32>, tensor<?x4xf16>
}

// CHECK-LABEL: func.func @box_area
func.func @box_area(%b: tensor<8x4xf32>, %h: tensor<8x4xbf16>, %n: index) -> (tensor<8xf32>, tensor<8xbf16>) {
  // CHECK: detect.box_area %{{.+}} : tensor<8x4xf32> -> tensor<8xf32>
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  // CHECK: detect.box_area %{{.+}} valid(%{{.+}} : index) layout(cxcywh) normalize_corners : tensor<8x4xbf16> -> tensor<8xbf16>
  %1 = detect.box_area %h valid(%n : index) layout(cxcywh) normalize_corners : tensor<8x4xbf16> -> tensor<8xbf16>
  return %0, %1 : tensor<8xf32>, tensor<8xbf16>
}

// CHECK-LABEL: func.func @clip_boxes
func.func @clip_boxes(%b: tensor<8x4xf64>, %h: f64, %w: f64) -> (tensor<8x4xf64>, tensor<8x4xf64>) {
  // CHECK: detect.clip_boxes %{{.+}} height(4.800000e+02) width(6.400000e+02) : tensor<8x4xf64> -> tensor<8x4xf64>
  %0 = detect.clip_boxes %b height(480) width(640.0) : tensor<8x4xf64> -> tensor<8x4xf64>
  // CHECK: detect.clip_boxes %{{.+}} height(%{{.+}} : f64) width(%{{.+}} : f64) layout(yxyx) : tensor<8x4xf64> -> tensor<8x4xf64>
  %1 = detect.clip_boxes %b height(%h : f64) width(%w : f64) layout(yxyx) : tensor<8x4xf64> -> tensor<8x4xf64>
  return %0, %1 : tensor<8x4xf64>, tensor<8x4xf64>
}

// CHECK-LABEL: func.func @iou
func.func @iou(%a: tensor<8x4xf32>, %b: tensor<?x4xf32>, %n: i64) -> (tensor<8x?xf32>, tensor<8x?xf32>) {
  // CHECK: detect.iou %{{.+}}, %{{.+}} : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  // CHECK: detect.iou %{{.+}}, %{{.+}} lhs_valid(%{{.+}} : i64) rhs_valid(%{{.+}} : i64) kind(ciou) layout(yxyx) degenerate(zero_union) normalize_corners eps(9.9999999999999995E-8)
  %1 = detect.iou %a, %b lhs_valid(%n : i64) rhs_valid(%n : i64) kind(ciou) layout(yxyx) degenerate(zero_union) normalize_corners eps(1.0e-7) : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  return %0, %1 : tensor<8x?xf32>, tensor<8x?xf32>
}

// CHECK-LABEL: func.func @iou_kinds
func.func @iou_kinds(%a: tensor<8x4xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  // CHECK: detect.iou %{{.+}}, %{{.+}} kind(giou) degenerate(zero_area)
  %0 = detect.iou %a, %a kind(giou) degenerate(zero_area) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  // CHECK: detect.iou %{{.+}}, %{{.+}} kind(diou) :
  %1 = detect.iou %a, %a kind(diou) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0, %1 : tensor<8x8xf32>, tensor<8x8xf32>
}

// CHECK-LABEL: func.func @decode_boxes
func.func @decode_boxes(%e: tensor<1917x4xf32>, %a: tensor<1917x4xf32>, %n: i32) -> tensor<1917x4xf32> {
  // CHECK: detect.decode_boxes %{{.+}}, %{{.+}} valid(%{{.+}} : i32) scales(1.000000e+01, 1.000000e+01, 5.000000e+00, 5.000000e+00) layout(yxyx) : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
  %0 = detect.decode_boxes %e, %a valid(%n : i32) scales(10.0, 10.0, 5.0, 5.0) layout(yxyx) : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
  return %0 : tensor<1917x4xf32>
}

// CHECK-LABEL: func.func @nms_torchvision
func.func @nms_torchvision(%b: tensor<100x4xf32>, %s: tensor<100xf32>) -> (tensor<100xi64>, i64) {
  // CHECK: %{{.+}}, %{{.+}} = detect.nms %{{.+}}, %{{.+}} iou_threshold(5.000000e-01) : tensor<100x4xf32>, tensor<100xf32> -> tensor<100xi64>, i64
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<100x4xf32>, tensor<100xf32> -> tensor<100xi64>, i64
  return %k, %c : tensor<100xi64>, i64
}

// CHECK-LABEL: func.func @nms_all_rules
func.func @nms_all_rules(%b: tensor<100x4xf32>, %s: tensor<100xf32>, %t: f32, %n: i32) -> (tensor<10xi32>, i32) {
  // CHECK: detect.nms %{{.+}}, %{{.+}} valid(%{{.+}} : i32) iou_threshold(%{{.+}} : f32) score_threshold(2.500000e-01) max_output(10) iou_compare(ge) score_compare(ge) layout(cxcywh) normalize_corners degenerate(zero_area) : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, i32
  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(%t : f32) score_threshold(0.25) max_output(10) iou_compare(ge) score_compare(ge) layout(cxcywh) normalize_corners degenerate(zero_area) : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, i32
  return %k, %c : tensor<10xi32>, i32
}

// CHECK-LABEL: func.func @nms_runtime_limit
func.func @nms_runtime_limit(%b: tensor<?x4xf32>, %s: tensor<?xf32>, %m: i64) -> (tensor<?xi64>, i64) {
  // CHECK: detect.nms %{{.+}}, %{{.+}} iou_threshold(0.000000e+00) score_threshold(-1.000000e+00) max_output(%{{.+}} : i64) : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, i64
  %k, %c = detect.nms %b, %s iou_threshold(0) score_threshold(-1.0) max_output(%m : i64) : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, i64
  return %k, %c : tensor<?xi64>, i64
}

// CHECK-LABEL: func.func @multiclass_nms
func.func @multiclass_nms(%b: tensor<2x8x4xf32>, %s: tensor<2x3x8xf32>, %m: i64, %t: f32, %st: f32)
    -> (tensor<48x3xi64>, i64, tensor<12x3xi32>, i32, tensor<0x3xi64>, i64) {
  // CHECK: detect.multiclass_nms %{{.+}}, %{{.+}} max_output_boxes_per_class(%{{.+}} : i64) iou_threshold(%{{.+}} : f32) score_threshold(%{{.+}} : f32) layout(cxcywh) : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<48x3xi64>, i64
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64) iou_threshold(%t : f32)
      score_threshold(%st : f32) layout(cxcywh)
      : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<48x3xi64>, i64
  // CHECK: detect.multiclass_nms %{{.+}}, %{{.+}} max_output_boxes_per_class(2) iou_threshold(5.000000e-01) score_threshold(2.500000e-01) : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<12x3xi32>, i32
  %2, %3 = detect.multiclass_nms %b, %s max_output_boxes_per_class(2) iou_threshold(0.5) score_threshold(0.25)
      : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<12x3xi32>, i32
  // CHECK: detect.multiclass_nms %{{.+}}, %{{.+}} : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<0x3xi64>, i64
  %4, %5 = detect.multiclass_nms %b, %s : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1, %2, %3, %4, %5 : tensor<48x3xi64>, i64, tensor<12x3xi32>, i32, tensor<0x3xi64>, i64
}

// CHECK-LABEL: func.func @decode_boxes_compute_type
func.func @decode_boxes_compute_type(%e: tensor<8x4xf32>, %a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // CHECK: detect.decode_boxes %{{.+}}, %{{.+}} scales(1.000000e+01, 1.000000e+01, 5.000000e+00, 5.000000e+00) layout(yxyx) compute_type(f64) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) layout(yxyx) compute_type(f64)
      : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @detection_postprocess
func.func @detection_postprocess(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>)
    -> (tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>,
        tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  // CHECK: detect.detection_postprocess %{{.+}}, %{{.+}}, %{{.+}} num_classes(3) max_detections(3) max_classes_per_detection(2) score_threshold(5.000000e-01) iou_threshold(6.000000e-01) scales(1.000000e+01, 1.000000e+01, 5.000000e+00, 5.000000e+00) decode_type(f32) : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) max_classes_per_detection(2)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0) decode_type(f32)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32>
      -> tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>
  // CHECK: detect.detection_postprocess %{{.+}}, %{{.+}}, %{{.+}} num_classes(4) max_detections(3) detections_per_class(5) score_threshold(0.000000e+00) iou_threshold(1.000000e+00) scales(1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00) use_regular_nms : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  %1:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(3) detections_per_class(5)
      score_threshold(0.0) iou_threshold(1.0) scales(1.0, 2.0, 3.0, 4.0) use_regular_nms
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3, %1#0, %1#1, %1#2, %1#3
      : tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>,
        tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}

// torchvision batched_nms and remove_small_boxes.
// CHECK-LABEL: func.func @batched_nms
func.func @batched_nms(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>, %n: i32, %t: f32)
    -> (tensor<8xi64>, i64, tensor<3xi32>, i32) {
  // CHECK: detect.batched_nms %{{.+}}, %{{.+}}, %{{.+}} iou_threshold(5.000000e-01) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) strategy(per_class)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  // CHECK: detect.batched_nms %{{.+}}, %{{.+}}, %{{.+}} valid(%{{.+}} : i32) iou_threshold(%{{.+}} : f32) strategy(coordinate_offset) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<3xi32>, i32
  %2, %3 = detect.batched_nms %b, %s, %c valid(%n : i32) iou_threshold(%t : f32) strategy(coordinate_offset)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<3xi32>, i32
  return %0, %1, %2, %3 : tensor<8xi64>, i64, tensor<3xi32>, i32
}

// CHECK-LABEL: func.func @remove_small_boxes
func.func @remove_small_boxes(%b: tensor<8x4xf32>, %n: index, %m: f32)
    -> (tensor<8xi64>, i64, tensor<2xi32>, i32) {
  // CHECK: detect.remove_small_boxes %{{.+}} min_size(1.000000e-03) : tensor<8x4xf32> -> tensor<8xi64>, i64
  %0, %1 = detect.remove_small_boxes %b min_size(1.0e-3) : tensor<8x4xf32> -> tensor<8xi64>, i64
  // CHECK: detect.remove_small_boxes %{{.+}} valid(%{{.+}} : index) min_size(%{{.+}} : f32) : tensor<8x4xf32> -> tensor<2xi32>, i32
  %2, %3 = detect.remove_small_boxes %b valid(%n : index) min_size(%m : f32) : tensor<8x4xf32> -> tensor<2xi32>, i32
  return %0, %1, %2, %3 : tensor<8xi64>, i64, tensor<2xi32>, i32
}

// OpenCV NMSBoxes rules on detect.nms.
// CHECK-LABEL: func.func @nms_opencv
func.func @nms_opencv(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f32) -> (tensor<8xi64>, i64) {
  // CHECK: detect.nms %{{.+}}, %{{.+}} iou_threshold(%{{.+}} : f32) score_threshold(1.000000e-01) layout(xywh) max_candidates(5) eta(9.000000e-01) overlap(jaccard_distance) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) score_threshold(0.1) layout(xywh) max_candidates(5) eta(0.9) overlap(jaccard_distance)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
