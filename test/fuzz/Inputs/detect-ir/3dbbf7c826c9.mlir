func.func @letterbox_layout(%p: tensor<1x5x16xf32>, %h: i32, %w: i32) {
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) output_layout(cxcywh) letterbox(640, 640) original_size(%h, %w)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}
