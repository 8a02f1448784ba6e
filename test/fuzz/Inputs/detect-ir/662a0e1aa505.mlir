func.func @soft_padded(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<12xi32>, tensor<12xf32>, i32) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores iou_threshold(0.5) max_output(12) iou_compare(ge)
      layout(yxyx) normalize_corners degenerate(zero_area) compute_type(f64) pad_to_max_output
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<12xi32>, tensor<12xf32>, i32
  return %keep, %s, %count : tensor<12xi32>, tensor<12xf32>, i32
}
