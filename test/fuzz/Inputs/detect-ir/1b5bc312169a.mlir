func.func @convert_element_type(%b: tensor<8x4xf32>) -> tensor<8x4xf16> {
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x4xf32> -> tensor<8x4xf16>
  return %0 : tensor<8x4xf16>
}
