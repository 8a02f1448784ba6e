func.func @tensorflow(%b: tensor<100x4xf32>, %s: tensor<100xf32>) -> (tensor<10xi32>, tensor<10xf32>, i32) {
  %k, %v, %n = detect.soft_nms %b, %s method(gaussian) update(lazy) sigma(0.5) iou_threshold(0.5)
      score_threshold(0xFFF0000000000000) max_output(10) iou_compare(ge) layout(yxyx) normalize_corners
      degenerate(zero_area) compute_type(f64)
      : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, tensor<10xf32>, i32
  return %k, %v, %n : tensor<10xi32>, tensor<10xf32>, i32
}

func.func @opencv_linear(%b: tensor<?x4xf32>, %s: tensor<?xf32>) -> (tensor<?xi64>, tensor<?xf32>, i64) {
  %k, %v, %n = detect.soft_nms %b, %s method(linear) update(eager) iou_threshold(0.3) score_threshold(0.0)
      score_compare(ge) layout(xywh) overlap(jaccard_distance)
      : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, tensor<?xf32>, i64
  return %k, %v, %n : tensor<?xi64>, tensor<?xf32>, i64
}

func.func @defaults(%b: tensor<4x4xf16>, %s: tensor<4xf16>) -> (tensor<4xi32>, tensor<4xf16>, i32) {
  %k, %v, %n = detect.soft_nms %b, %s sigma(0.0) iou_threshold(0.5)
      : tensor<4x4xf16>, tensor<4xf16> -> tensor<4xi32>, tensor<4xf16>, i32
  return %k, %v, %n : tensor<4xi32>, tensor<4xf16>, i32
}

func.func @padded(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<12xi32>, tensor<12xf32>, i32) {
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) max_output(12) iou_compare(ge) layout(yxyx)
      normalize_corners degenerate(zero_area) compute_type(f64) pad_to_max_output
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<12xi32>, tensor<12xf32>, i32
  return %k, %v, %n : tensor<12xi32>, tensor<12xf32>, i32
}
