func.func @nms_constant_rules(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<4xi64>, i64) {
  %t = arith.constant 0.5 : f32
  %st = arith.constant 0.25 : f32
  %m = arith.constant 100 : i64
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) score_threshold(%st : f32) max_output(%m : i64) layout(yxyx) : tensor<8x4xf32>, tensor<8xf32> -> tensor<4xi64>, i64
  return %k, %c : tensor<4xi64>, i64
}
