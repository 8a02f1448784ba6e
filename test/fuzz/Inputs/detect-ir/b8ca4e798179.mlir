func.func @both(%b: tensor<16x4xf32>, %s: tensor<?xf32>) -> (tensor<4xi32>, i32) {
  %d = tensor.cast %b : tensor<16x4xf32> to tensor<?x4xf32>
  %k, %c = detect.nms %d, %s iou_threshold(0.5) max_output(4) : tensor<?x4xf32>, tensor<?xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}
