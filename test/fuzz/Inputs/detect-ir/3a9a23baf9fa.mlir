func.func @convert_compose_swap(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
