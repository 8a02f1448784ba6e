func.func @boxes_last_dim(%b: tensor<8x5xf32>) -> tensor<8x5xf32> {
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x5xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}
