func.func @float_count(%b: tensor<8x4xf32>, %n: f32) -> tensor<8xf32> {
  %0 = "detect.box_area"(%b, %n) : (tensor<8x4xf32>, f32) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
