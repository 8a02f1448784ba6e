func.func @per_class(%p: tensor<1x7x32xf32>) -> (tensor<6x4xf32>, tensor<6xf32>, tensor<6xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.5) max_det(6)
      class_nms(per_class) max_per_class(2) score_compare(ge) output_layout(cxcywh)
      : tensor<1x7x32xf32> -> tensor<6x4xf32>, tensor<6xf32>, tensor<6xi32>, i32
  return %b, %s, %c, %n : tensor<6x4xf32>, tensor<6xf32>, tensor<6xi32>, i32
}
