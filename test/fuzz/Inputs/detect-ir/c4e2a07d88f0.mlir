func.func @iou32(%a: tensor<32x4xf32>, %b: tensor<32x4xf32>) -> tensor<32x32xf32> {
  %0 = detect.iou %a, %b : tensor<32x4xf32>, tensor<32x4xf32> -> tensor<32x32xf32>
  return %0 : tensor<32x32xf32>
}
