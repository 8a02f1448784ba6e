func.func @clip_size_type(%b: tensor<8x4xf32>, %h: f64) -> tensor<8x4xf32> {
  %0 = detect.clip_boxes %b height(%h : f64) width(640) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
