func.func @small_boxes_size_type(%b: tensor<8x4xf32>, %m: f16) -> (tensor<8xi64>, i64) {
  %0, %1 = detect.remove_small_boxes %b min_size(%m : f16) : tensor<8x4xf32> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}
