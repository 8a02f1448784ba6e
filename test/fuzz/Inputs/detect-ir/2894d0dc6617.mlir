func.func @not_a_string(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.iou %a, %b {detect.strategy = 1 : i32} : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}
