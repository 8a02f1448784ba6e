func.func @pp_per_class(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) detections_per_class(0) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}
