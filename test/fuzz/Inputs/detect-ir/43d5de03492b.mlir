func.func @compute_type_narrow(%b: tensor<8x4xf64>, %s: tensor<8xf64>) {
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) compute_type(f32) : tensor<8x4xf64>, tensor<8xf64> -> tensor<8xi32>, tensor<8xf64>, i32
  return
}
