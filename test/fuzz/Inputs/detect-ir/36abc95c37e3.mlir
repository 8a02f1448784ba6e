func.func @convert_result_last_dim(%b: tensor<8x4xf32>) -> tensor<8x2xf32> {
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x4xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}
