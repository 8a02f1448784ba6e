func.func @yolov5(%p: tensor<1x25200x85xf32>) -> (tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(300)
      : tensor<1x25200x85xf32> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
  return %b, %s, %c, %n : tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
}
