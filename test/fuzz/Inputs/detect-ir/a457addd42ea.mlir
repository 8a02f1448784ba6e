func.func @decode_result_rows(%e: tensor<10x4xf32>, %a: tensor<10x4xf32>) -> tensor<9x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<10x4xf32> -> tensor<9x4xf32>
  return %0 : tensor<9x4xf32>
}
