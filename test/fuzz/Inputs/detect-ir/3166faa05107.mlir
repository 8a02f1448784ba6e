func.func @nms_threshold_range(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(1.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
