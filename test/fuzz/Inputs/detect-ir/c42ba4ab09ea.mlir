func.func @area_mismatched_n(%b: tensor<8x4xf32>) -> tensor<9xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<9xf32>
  return %0 : tensor<9xf32>
}
