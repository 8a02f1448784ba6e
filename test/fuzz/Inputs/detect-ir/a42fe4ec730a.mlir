func.func @scores_shape(%b: tensor<1x8x1x4xf32>, %s: tensor<1x7x3xf32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x1x4xf32>, tensor<1x7x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}
