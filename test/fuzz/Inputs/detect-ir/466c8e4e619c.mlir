func.func @nms(%b: tensor<64x4xf32>, %s: tensor<64xf32>) -> (tensor<8xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) score_threshold(0.25) max_output(8) : tensor<64x4xf32>, tensor<64xf32> -> tensor<8xi32>, i32
  return %k, %c : tensor<8xi32>, i32
}

func.func @area(%b: tensor<64x4xf32>) -> tensor<64xf32> {
  %0 = detect.box_area %b layout(cxcywh) : tensor<64x4xf32> -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

func.func @decode(%e: tensor<64x4xf32>, %a: tensor<64x4xf32>) -> tensor<64x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) layout(yxyx) : tensor<64x4xf32>, tensor<64x4xf32> -> tensor<64x4xf32>
  return %0 : tensor<64x4xf32>
}

func.func @ciou(%a: tensor<8x4xf32>, %b: tensor<8x4xf32>, %n: i32) -> tensor<8x8xf32> {
  %0 = detect.iou %a, %b lhs_valid(%n : i32) kind(ciou) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
