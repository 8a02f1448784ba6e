func.func @nms_constant_threshold_exact(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %t = arith.constant 0.3 : f32
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
