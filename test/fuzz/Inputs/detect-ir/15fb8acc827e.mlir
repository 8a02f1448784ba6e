func.func @small_boxes_no_size(%b: tensor<8x4xf32>) -> (tensor<8xi64>, i64) {
  %0, %1 = detect.remove_small_boxes %b : tensor<8x4xf32> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}
