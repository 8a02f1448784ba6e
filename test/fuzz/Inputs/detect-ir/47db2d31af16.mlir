func.func @st(%p: tensor<1x84x2100xi8>) -> (tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.5) max_det(800)
      class_nms(per_class) max_per_class(10) score_compare(ge) output_layout(cxcywh) quantization(ui8, 0.00390625, 0)
      : tensor<1x84x2100xi8> -> tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32
  return %b, %s, %c, %n : tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32
}
