func.func @attribute_selects_fixed_point(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) {detect.strategy = "fixed-point"} : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}
