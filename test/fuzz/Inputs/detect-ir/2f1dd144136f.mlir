func.func @area_keeps_rounding_convert(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_convert %b from cxcywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_area %0 : tensor<8x4xf32> -> tensor<8xf32>
  return %1 : tensor<8xf32>
}
