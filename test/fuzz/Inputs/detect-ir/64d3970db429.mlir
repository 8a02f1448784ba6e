func.func @rows(%enc: tensor<1917x4xf32>, %anc: tensor<1917x4xf32>, %i: index) -> (f32, f32, index) {
  %b = detect.decode_boxes %enc, %anc scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %y1 = tensor.extract %b[%i, %c0] : tensor<1917x4xf32>
  %x2 = tensor.extract %b[%i, %c3] : tensor<1917x4xf32>
  %n = tensor.dim %b, %c0 : tensor<1917x4xf32>
  return %y1, %x2, %n : f32, f32, index
}
