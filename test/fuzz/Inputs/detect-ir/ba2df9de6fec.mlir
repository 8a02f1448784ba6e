func.func @operand_threshold(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %t: f32) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(%t : f32) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}
