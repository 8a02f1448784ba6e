func.func @small(%b: tensor<8x4xf32>) -> (tensor<5xi64>, i64) {
  %0, %1 = detect.remove_small_boxes %b min_size(0.7) : tensor<8x4xf32> -> tensor<5xi64>, i64
  return %0, %1 : tensor<5xi64>, i64
}
