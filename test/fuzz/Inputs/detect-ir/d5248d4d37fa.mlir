func.func @iou_eps_kind(%a: tensor<8x4xf32>) -> tensor<8x8xf32> {
  %0 = detect.iou %a, %a kind(giou) eps(1.0e-7) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
