func.func @nms_zero_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<0xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(0) : tensor<8x4xf32>, tensor<8xf32> -> tensor<0xi64>, i64
  return %k, %c : tensor<0xi64>, i64
}
