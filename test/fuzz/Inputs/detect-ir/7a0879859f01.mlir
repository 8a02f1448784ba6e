func.func @nms_score_threshold_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f16) -> (tensor<8xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) score_threshold(%t : f16) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
