func.func @int8_tflite(%p: tensor<1x84x8400xi8>) -> (tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(100)
      class_nms(agnostic) max_candidates(256) image_size(640.0, 640.0) quantization(si8, 0.00392156886, -128)
      : tensor<1x84x8400xi8> -> tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32
  return %b, %s, %c, %n : tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32
}
