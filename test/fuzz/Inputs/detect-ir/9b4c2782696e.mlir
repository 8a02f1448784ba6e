func.func @table(%enc: tensor<8x4xf32>, %anc: tensor<8x4xf32>, %i: index) -> (f32, tensor<8x4xf32>) {
  %b = detect.decode_boxes %enc, %anc scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  %c0 = arith.constant 0 : index
  %y1 = tensor.extract %b[%i, %c0] : tensor<8x4xf32>
  return %y1, %b : f32, tensor<8x4xf32>
}
