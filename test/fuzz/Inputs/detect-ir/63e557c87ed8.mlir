func.func @unknown_kind(%b: tensor<8x4xf32>) -> tensor<8x8xf32> {
  %0 = detect.iou %b, %b kind(siou) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
