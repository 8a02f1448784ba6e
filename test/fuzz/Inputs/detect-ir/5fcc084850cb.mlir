func.func @clip_width_twice(%b: tensor<8x4xf32>, %w: f32) -> tensor<8x4xf32> {
  %0 = "detect.clip_boxes"(%b, %w) <{height = 4.8e2 : f64, width = 6.4e2 : f64, operandSegmentSizes = array<i32: 1, 0, 0, 1>}> : (tensor<8x4xf32>, f32) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
