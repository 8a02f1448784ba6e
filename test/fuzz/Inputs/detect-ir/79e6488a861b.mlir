func.func @rows_padded(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x3xf32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(50) iou_threshold(0.5) pad_per_class
      : tensor<1x8x1x4xf32>, tensor<1x8x3xf32> -> tensor<1x6x4xf32>, tensor<1x50xf32>, tensor<1x50xf32>, tensor<1xi32>
  return
}
