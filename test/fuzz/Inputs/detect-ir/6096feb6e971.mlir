func.func @integer_boxes(%b: tensor<8x4xi32>) -> tensor<8xi32> {
  %0 = detect.box_area %b : tensor<8x4xi32> -> tensor<8xi32>
  return %0 : tensor<8xi32>
}
