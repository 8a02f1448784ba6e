func.func @nms_full_count(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %n = arith.constant 8 : i32
  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
