func.func @clip_missing_height(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.clip_boxes %b width(640) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
