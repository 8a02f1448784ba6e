func.func @other_ops_untouched(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xi64>, i64) {
  %a = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %a, %k, %c : tensor<8xf32>, tensor<8xi64>, i64
}
