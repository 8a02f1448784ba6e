func.func @no_candidates(%b: tensor<0x4xf32>, %s: tensor<0xf32>) -> (tensor<0xi32>, i32) {
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<0x4xf32>, tensor<0xf32> -> tensor<0xi32>, i32
  return %k, %n : tensor<0xi32>, i32
}

func.func @no_boxes(%b: tensor<1x0x1x4xf32>, %s: tensor<1x0x2xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>) {
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(3) iou_threshold(0.5)
      : tensor<1x0x1x4xf32>, tensor<1x0x2xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xi32>
}
