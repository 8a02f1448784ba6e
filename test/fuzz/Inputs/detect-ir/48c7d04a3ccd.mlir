func.func @nms_score_type(%b: tensor<8x4xf32>, %s: tensor<8xf16>) -> (tensor<8xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf16> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
