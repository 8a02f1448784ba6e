func.func @area_xyxy(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

func.func @area_xyxy_normalized(%b: tensor<8x4xf32>, %n: index) -> tensor<8xf32> {
  %0 = detect.box_area %b valid(%n : index) normalize_corners : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

func.func @area_xywh(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b layout(xywh) : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

func.func @area_cxcywh_normalized_dynamic(%b: tensor<?x4xbf16>) -> tensor<?xbf16> {
  %0 = detect.box_area %b layout(cxcywh) normalize_corners : tensor<?x4xbf16> -> tensor<?xbf16>
  return %0 : tensor<?xbf16>
}
