func.func @offset(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>, %n: i32) -> (tensor<3xi64>, i64) {
  %0, %1 = detect.batched_nms %b, %s, %c valid(%n : i32) iou_threshold(0.5) strategy(coordinate_offset)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<3xi64>, i64
  return %0, %1 : tensor<3xi64>, i64
}
