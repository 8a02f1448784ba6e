func.func @clip_negative_constant_kept(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %h = arith.constant -1.0 : f32
  %w = arith.constant 640.0 : f32
  %0 = detect.clip_boxes %b height(%h : f32) width(%w : f32) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
