func.func @f64_boxes(%b: tensor<16x4xf64>, %s: tensor<16xf64>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<16x4xf64>, tensor<16xf64> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}
