func.func @nms_greedy(%b: tensor<100x4xf32>, %s: tensor<100xf32>) -> (tensor<100xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.3) score_threshold(0.3) : tensor<100x4xf32>, tensor<100xf32> -> tensor<100xi64>, i64
  return %k, %c : tensor<100xi64>, i64
}
