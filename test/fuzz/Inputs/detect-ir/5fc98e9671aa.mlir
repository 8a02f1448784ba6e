func.func @area_element_type(%b: tensor<8x4xf32>) -> tensor<8xf64> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf64>
  return %0 : tensor<8xf64>
}
