func.func @shared(%b: tensor<2x8x1x4xf32>, %s: tensor<2x8x3xf32>)
    -> (tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      score_threshold(0.25) clip_boxes
      : tensor<2x8x1x4xf32>, tensor<2x8x3xf32> -> tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<2xi32>
}
