func.func @convert_no_compose_rounding(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
