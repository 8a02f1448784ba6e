func.func @multiclass_spatial(%b: tensor<1x8x4xf32>, %s: tensor<1x2x7xf32>) -> (tensor<0x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x2x7xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}
