func.func @iou_rows(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<5x5xf32> {
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}
