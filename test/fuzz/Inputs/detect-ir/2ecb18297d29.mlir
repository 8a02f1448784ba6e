func.func @multiclass_count_type(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x3xi64>, i32) {
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<0x3xi64>, i32
  return %0, %1 : tensor<0x3xi64>, i32
}
