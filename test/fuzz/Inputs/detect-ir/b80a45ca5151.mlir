func.func @iou_range(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(1.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}
