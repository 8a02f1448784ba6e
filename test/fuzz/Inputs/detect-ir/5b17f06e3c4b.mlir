func.func @per_class_f64(%b: tensor<1x5x3x4xf32>, %s: tensor<1x5x3xf32>)
    -> (tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(100) iou_threshold(0.45)
      score_threshold(0xFFF0000000000000) pad_per_class iou_compare(ge) compute_type(f64)
      : tensor<1x5x3x4xf32>, tensor<1x5x3xf32> -> tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xi32>
}
