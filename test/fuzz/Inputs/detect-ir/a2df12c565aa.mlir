func.func @unclosed_rule(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b layout(yxyx : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
