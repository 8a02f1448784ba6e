func.func @small_boxes_capacity(%b: tensor<8x4xf32>) -> (tensor<9xi32>, i32) {
  %0, %1 = detect.remove_small_boxes %b min_size(1.0) : tensor<8x4xf32> -> tensor<9xi32>, i32
  return %0, %1 : tensor<9xi32>, i32
}
