func.func @eager_gaussian_sigma(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  %k, %v, %n = detect.soft_nms %b, %s update(eager) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}
