func.func @offset_unread(%p: tensor<1x5x16xf32>) {
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) class_nms(agnostic) class_offset(4096.0)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}
