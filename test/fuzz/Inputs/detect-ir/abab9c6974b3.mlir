func.func @per_class(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi32>, %t: f32) -> (tensor<8xi32>, i32) {
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(%t : f32)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi32> -> tensor<8xi32>, i32
  return %0, %1 : tensor<8xi32>, i32
}
