func.func @int8_per_anchor(%p: tensor<1x7x30xi8>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(5)
      quantization(si8, 0.00392156886, -128)
      : tensor<1x7x30xi8> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return %b, %s, %c, %n : tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
}
