func.func @letterbox_half(%p: tensor<1x5x16xf32>) {
  %0:4 = "detect.yolo_postprocess"(%p) <{score_threshold = 0.25 : f64, iou_threshold = 0.45 : f64, max_det = 4 : i64, letterbox_height = 640 : i64, letterbox_width = 640 : i64, operandSegmentSizes = array<i32: 1, 0, 0>}>
      : (tensor<1x5x16xf32>) -> (tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64)
  return
}
