func.func @v5_rank(%p: tensor<16x85xf32>) {
  %0:4 = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<16x85xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}
