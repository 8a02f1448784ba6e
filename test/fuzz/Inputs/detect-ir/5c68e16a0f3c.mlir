func.func @convert_xyxy_to_cxcywh(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
