func.func @results(%p: tensor<1x5x16xf32>) {
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<1x5x16xf32> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return
}
