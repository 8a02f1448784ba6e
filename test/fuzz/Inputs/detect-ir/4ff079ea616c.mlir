func.func @clip_attributes(%b: tensor<8x4xf64>) -> tensor<8x4xf64> {
  %0 = detect.clip_boxes %b height(480) width(640.0) : tensor<8x4xf64> -> tensor<8x4xf64>
  return %0 : tensor<8x4xf64>
}

func.func @clip_operands_yxyx(%b: tensor<8x4xf32>, %h: f32, %w: f32) -> tensor<8x4xf32> {
  %0 = detect.clip_boxes %b height(%h : f32) width(%w : f32) layout(yxyx) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
