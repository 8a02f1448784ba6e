func.func @giou_zero_area_dynamic(%a: tensor<8x4xf32>, %b: tensor<?x4xf32>) -> tensor<8x?xf32> {
  %0 = detect.iou %a, %b kind(giou) degenerate(zero_area) : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  return %0 : tensor<8x?xf32>
}
