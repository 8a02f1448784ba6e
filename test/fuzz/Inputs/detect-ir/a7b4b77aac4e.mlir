func.func @convert_same_layout(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xywh to xywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
