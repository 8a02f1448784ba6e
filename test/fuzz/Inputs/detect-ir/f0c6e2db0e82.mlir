func.func @decode_yxyx(%e: tensor<16x4xf32>, %a: tensor<16x4xf32>) -> tensor<16x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 20.0, 5.0, 2.5) layout(yxyx) : tensor<16x4xf32>, tensor<16x4xf32> -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}

func.func @decode_dynamic_valid(%e: tensor<?x4xf32>, %a: tensor<?x4xf32>, %n: i64) -> tensor<?x4xf32> {
  %0 = detect.decode_boxes %e, %a valid(%n : i64) scales(10.0, 10.0, 5.0, 5.0) : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
