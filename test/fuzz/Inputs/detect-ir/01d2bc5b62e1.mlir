func.func @thresholds_ge(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.3) score_threshold(0.7) iou_compare(ge) score_compare(ge) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

func.func @thresholds_gt(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) score_threshold(0.7) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}
