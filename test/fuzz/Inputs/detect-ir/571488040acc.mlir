func.func @batched_element_types(%b: tensor<8x4xf32>, %s: tensor<8xf64>, %c: tensor<8xi64>) -> (tensor<8xi64>, i64) {
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf64>, tensor<8xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}
