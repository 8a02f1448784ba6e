func.func @small_boxes_nan(%b: tensor<8x4xf32>) -> (tensor<8xi64>, i64) {
  %0, %1 = "detect.remove_small_boxes"(%b) <{min_size = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<8x4xf32>) -> (tensor<8xi64>, i64)
  return %0, %1 : tensor<8xi64>, i64
}
