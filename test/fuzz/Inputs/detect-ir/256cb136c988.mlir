func.func @pad_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) max_output(12) pad_to_max_output : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}
