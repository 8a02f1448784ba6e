func.func @unknown_layout(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xyz to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
