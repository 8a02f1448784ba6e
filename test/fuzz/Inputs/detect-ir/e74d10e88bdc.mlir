func.func @boxes_wrong_rank(%b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = detect.box_area %b : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
