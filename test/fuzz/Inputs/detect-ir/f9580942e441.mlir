func.func @capacity_default(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<4xi32>, tensor<4xf32>, i32
  return
}
