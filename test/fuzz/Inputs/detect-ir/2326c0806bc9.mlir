func.func @grid(%b: tensor<2048x4xf32>, %s: tensor<2048xf32>) -> (tensor<1024xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(1024) : tensor<2048x4xf32>, tensor<2048xf32> -> tensor<1024xi32>, i32
  return %k, %c : tensor<1024xi32>, i32
}
