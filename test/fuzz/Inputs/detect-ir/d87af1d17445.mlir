func.func @iou_result_type(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf64> {
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf64>
  return %0 : tensor<8x5xf64>
}
