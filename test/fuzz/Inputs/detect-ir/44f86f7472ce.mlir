func.func @decode_compute_type(%e: tensor<8x4xf32>, %a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) compute_type(f16)
      : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
