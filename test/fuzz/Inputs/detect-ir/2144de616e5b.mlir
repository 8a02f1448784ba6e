func.func @convert_round_trip(%b: tensor<8x4xf32>) -> (tensor<8x4xf32>, tensor<8x4xf32>) {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from cxcywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1, %0 : tensor<8x4xf32>, tensor<8x4xf32>
}
