func.func @keras(%b: tensor<1x1000x1x4xf32>, %s: tensor<1x1000x80xf32>)
    -> (tensor<1x100x4xf32>, tensor<1x100xf32>, tensor<1x100xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(100) max_total_size(100) iou_threshold(0.5)
      score_threshold(0.05)
      : tensor<1x1000x1x4xf32>, tensor<1x1000x80xf32> -> tensor<1x100x4xf32>, tensor<1x100xf32>, tensor<1x100xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x100x4xf32>, tensor<1x100xf32>, tensor<1x100xf32>, tensor<1xi32>
}

func.func @all_rules(%b: tensor<2x5x3x4xf32>, %s: tensor<2x5x3xf32>)
    -> (tensor<2x6x4xf32>, tensor<2x6xf32>, tensor<2x6xf32>, tensor<2xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(100) iou_threshold(0.45)
      pad_per_class clip_boxes iou_compare(ge) compute_type(f64)
      : tensor<2x5x3x4xf32>, tensor<2x5x3xf32> -> tensor<2x6x4xf32>, tensor<2x6xf32>, tensor<2x6xf32>, tensor<2xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<2x6x4xf32>, tensor<2x6xf32>, tensor<2x6xf32>, tensor<2xi32>
}

func.func @no_boxes(%b: tensor<1x0x1x4xf32>, %s: tensor<1x0x2xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(3) iou_threshold(0.5)
      : tensor<1x0x1x4xf32>, tensor<1x0x2xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
}
