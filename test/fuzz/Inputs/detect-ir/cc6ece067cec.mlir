func.func @multiclass_score_nan(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<2x3xi64>, i64) {
  %0, %1 = "detect.multiclass_nms"(%b, %s) <{max_output_boxes_per_class = 1 : i64, score_threshold = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<1x8x4xf32>, tensor<1x2x8xf32>) -> (tensor<2x3xi64>, i64)
  return %0, %1 : tensor<2x3xi64>, i64
}
