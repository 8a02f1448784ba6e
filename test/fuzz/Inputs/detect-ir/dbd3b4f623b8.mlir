func.func @iou(%a: tensor<8x4xf32>, %b: tensor<6x4xf32>) -> tensor<8x6xf32> {
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<6x4xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}
