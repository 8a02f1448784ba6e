func.func @nan_score_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) score_threshold(0x7FF8000000000000) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}
