func.func @nms_nan_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %k, %c = "detect.nms"(%b, %s) <{iou_threshold = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<8x4xf32>, tensor<8xf32>) -> (tensor<8xi64>, i64)
  return %k, %c : tensor<8xi64>, i64
}
