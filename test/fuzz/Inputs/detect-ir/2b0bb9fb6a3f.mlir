func.func @multiclass_capacity(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<16x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(3) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<16x3xi64>, i64
  return %0, %1 : tensor<16x3xi64>, i64
}
