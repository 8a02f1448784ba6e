func.func @decode_f64(%e: tensor<16x4xf32>, %a: tensor<16x4xf32>) -> tensor<16x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 20.0, 5.0, 2.5) layout(yxyx) compute_type(f64) : tensor<16x4xf32>, tensor<16x4xf32> -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}
