func.func @nms_count_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i32
  return %k, %c : tensor<8xi64>, i32
}
