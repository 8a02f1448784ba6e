func.func @area_result_rank(%b: tensor<8x4xf32>) -> tensor<8x1xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}
