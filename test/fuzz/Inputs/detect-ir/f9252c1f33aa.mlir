func.func @convert_mismatched_n(%b: tensor<8x4xf32>) -> tensor<7x4xf32> {
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x4xf32> -> tensor<7x4xf32>
  return %0 : tensor<7x4xf32>
}
