func.func @iou_negative_eps(%a: tensor<8x4xf32>) -> tensor<8x8xf32> {
  %0 = detect.iou %a, %a kind(diou) eps(-1.0) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
