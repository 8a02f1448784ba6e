// Capacities whose products overflow 64 bits are refused by the verifiers,
// naming the op and the product. They used to wrap: 2^32 * 2^32 rows became
// 0, 2^32 * 2^31 the dynamic-size marker, and both compiled.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @pp_rows_wrap_to_zero(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects max_detections * max_classes_per_detection to fit in 64 bits, got 4294967296 * 4294967296}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(4294967296) max_classes_per_detection(4294967296) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x0x4xf32>, tensor<1x0xf32>, tensor<1x0xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_rows_wrap_to_dynamic(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects max_detections * max_classes_per_detection to fit in 64 bits, got 4294967296 * 2147483648}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(4294967296) max_classes_per_detection(2147483648) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x?x4xf32>, tensor<1x?xf32>, tensor<1x?xf32>, tensor<1xf32>
  return
}

// -----

// The largest product that fits is accepted (and left to the pipelines'
// detect-require-addressable-sizes, test/Pipelines/addressable-sizes.mlir).
func.func @pp_rows_largest(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(4294967296) max_classes_per_detection(2147483647) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x9223372032559808512x4xf32>, tensor<1x9223372032559808512xf32>, tensor<1x9223372032559808512xf32>, tensor<1xf32>
  return
}

// -----

// num_classes = 2^63 - 1: the background column would be one more.
func.func @pp_num_classes_max(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects 9223372036854775807 or 9223372036854775808 (with background) class columns, got 4}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(9223372036854775807) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

// B * C * min(limit, N) = 2^32 * 1 * 2^32 rows.
func.func @multiclass_capacity_overflow(%b: tensor<4294967296x4294967296x4xf32>, %s: tensor<4294967296x1x4294967296xf32>) {
  // expected-error @below {{'detect.multiclass_nms' op expects B * C * min(max_output_boxes_per_class, N) selected rows, which overflows 64 bits (4294967296 * 1 * 4294967296)}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(4294967296)
      : tensor<4294967296x4294967296x4xf32>, tensor<4294967296x1x4294967296xf32> -> tensor<0x3xi64>, i64
  return
}

// -----

// With the limit as an operand, K is only bounded by B * C * N: beyond 64
// bits, any K is.
func.func @multiclass_bound_overflow(%b: tensor<4294967296x4294967296x4xf32>, %s: tensor<4294967296x1x4294967296xf32>, %m: i64) -> i64 {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64)
      : tensor<4294967296x4294967296x4xf32>, tensor<4294967296x1x4294967296xf32> -> tensor<7x3xi64>, i64
  return %1 : i64
}
