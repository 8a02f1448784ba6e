func.func @nms_limit_twice(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %m: i64) -> (tensor<4xi64>, i64) {
  %k, %c = "detect.nms"(%b, %s, %m) <{iou_threshold = 0.5 : f64, max_output = 4 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>}> : (tensor<8x4xf32>, tensor<8xf32>, i64) -> (tensor<4xi64>, i64)
  return %k, %c : tensor<4xi64>, i64
}
