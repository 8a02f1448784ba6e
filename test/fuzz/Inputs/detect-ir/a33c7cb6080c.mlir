func.func @soft_lazy(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<8xi32>, tensor<8xf32>, i32) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores sigma(0.5) iou_threshold(0.5) score_threshold(0.0)
      iou_compare(ge) layout(yxyx) normalize_corners degenerate(zero_area) compute_type(f64)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return %keep, %s, %count : tensor<8xi32>, tensor<8xf32>, i32
}
