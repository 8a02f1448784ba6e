func.func @diou_zero_union(%a: tensor<8x4xf32>, %b: tensor<6x4xf32>) -> tensor<8x6xf32> {
  %0 = detect.iou %a, %b kind(diou) degenerate(zero_union) : tensor<8x4xf32>, tensor<6x4xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}
