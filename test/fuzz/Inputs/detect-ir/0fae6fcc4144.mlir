func.func @letterbox(%p: tensor<1x84x8400xf32>, %h: i32, %w: i32) -> (tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(300)
      letterbox(640, 640) original_size(%h, %w)
      : tensor<1x84x8400xf32> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
  return %b, %s, %c, %n : tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
}
