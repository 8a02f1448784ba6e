func.func @decode_anchor_rank(%e: tensor<10x4xf32>, %a: tensor<1x10x4xf32>) -> tensor<10x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<1x10x4xf32> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
