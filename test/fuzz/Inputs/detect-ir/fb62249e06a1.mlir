func.func @bad_name(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.iou %a, %b {detect.strategy = "integer"} : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}
