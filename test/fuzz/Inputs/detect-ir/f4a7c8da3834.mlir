func.func @scale(%p: tensor<1x5x16xi8>) {
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) quantization(si8, 0.0, 0)
      : tensor<1x5x16xi8> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}
