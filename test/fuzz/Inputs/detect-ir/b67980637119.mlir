func.func @clip_negative_size(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.clip_boxes %b height(-1) width(640) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
