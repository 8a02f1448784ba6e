func.func @attribute_threshold(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<8xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) max_output(8) : tensor<16x4xf32>, tensor<16xf32> -> tensor<8xi32>, i32
  return %k, %n : tensor<8xi32>, i32
}
