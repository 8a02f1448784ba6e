func.func @nms_score_threshold_twice(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f32) -> (tensor<8xi64>, i64) {
  %k, %c = "detect.nms"(%b, %s, %t) <{iou_threshold = 0.5 : f64, score_threshold = 0.1 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>}> : (tensor<8x4xf32>, tensor<8xf32>, f32) -> (tensor<8xi64>, i64)
  return %k, %c : tensor<8xi64>, i64
}
