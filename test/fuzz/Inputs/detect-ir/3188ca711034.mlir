func.func @small_boxes_last_dim(%b: tensor<8x3xf32>) -> (tensor<8xi64>, i64) {
  %0, %1 = detect.remove_small_boxes %b min_size(1.0) : tensor<8x3xf32> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}
