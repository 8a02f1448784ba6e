func.func @decode_full_count(%e: tensor<8x4xf32>, %a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %n = arith.constant 8 : i32
  %0 = detect.decode_boxes %e, %a valid(%n : i32) scales(10.0, 10.0, 5.0, 5.0) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
