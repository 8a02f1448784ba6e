func.func @nms_constants_kept(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %t = arith.constant 1.5 : f32
  %m = arith.constant 3 : i64
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) max_output(%m : i64) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
