func.func @decode_fixed_anchors(%e: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %a = arith.constant dense<[[0.05, 0.9, 0.2, 0.1], [0.15, 0.8, 0.2, 0.15000000000000002], [0.25, 0.7, 0.2, 0.2], [0.35, 0.6, 0.2, 0.1], [0.45, 0.5, 0.2, 0.15000000000000002], [0.55, 0.4, 0.2, 0.2], [0.65, 0.3, 0.2, 0.1], [0.75, 0.2, 0.2, 0.15000000000000002]]> : tensor<8x4xf32>
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
