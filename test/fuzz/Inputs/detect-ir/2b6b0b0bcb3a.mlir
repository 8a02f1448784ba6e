func.func @half_nms(%b: tensor<8x4xf16>, %s: tensor<8xf16>) -> (tensor<8xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf16>, tensor<8xf16> -> tensor<8xi32>, i32
  return %k, %n : tensor<8xi32>, i32
}
