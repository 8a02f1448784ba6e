func.func @ssd_fast_thr1e_8(%enc: tensor<1x1917x4xf32>, %cls: tensor<1x1917x91xf32>, %anc: tensor<1917x4xf32>)
    -> (tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>) {
  %b, %c, %s, %n = detect.detection_postprocess %enc, %cls, %anc
      num_classes(90) max_detections(10) score_threshold(9.99999993922529e-09) iou_threshold(0.6000000238418579) scales(10.0, 10.0, 5.0, 5.0) decode_type(f32)
      : tensor<1x1917x4xf32>, tensor<1x1917x91xf32>, tensor<1917x4xf32>
      -> tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
  return %b, %c, %s, %n : tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
}

func.func @ssd_regular_thr1e_8(%enc: tensor<1x1917x4xf32>, %cls: tensor<1x1917x91xf32>, %anc: tensor<1917x4xf32>)
    -> (tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>) {
  %b, %c, %s, %n = detect.detection_postprocess %enc, %cls, %anc
      num_classes(90) max_detections(10) score_threshold(9.99999993922529e-09) iou_threshold(0.6000000238418579) scales(10.0, 10.0, 5.0, 5.0) use_regular_nms decode_type(f32)
      : tensor<1x1917x4xf32>, tensor<1x1917x91xf32>, tensor<1917x4xf32>
      -> tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
  return %b, %c, %s, %n : tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
}

func.func @ssd_fast_thr0_5(%enc: tensor<1x1917x4xf32>, %cls: tensor<1x1917x91xf32>, %anc: tensor<1917x4xf32>)
    -> (tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>) {
  %b, %c, %s, %n = detect.detection_postprocess %enc, %cls, %anc
      num_classes(90) max_detections(10) score_threshold(0.5) iou_threshold(0.6000000238418579) scales(10.0, 10.0, 5.0, 5.0) decode_type(f32)
      : tensor<1x1917x4xf32>, tensor<1x1917x91xf32>, tensor<1917x4xf32>
      -> tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
  return %b, %c, %s, %n : tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
}

func.func @ssd_regular_thr0_5(%enc: tensor<1x1917x4xf32>, %cls: tensor<1x1917x91xf32>, %anc: tensor<1917x4xf32>)
    -> (tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>) {
  %b, %c, %s, %n = detect.detection_postprocess %enc, %cls, %anc
      num_classes(90) max_detections(10) score_threshold(0.5) iou_threshold(0.6000000238418579) scales(10.0, 10.0, 5.0, 5.0) use_regular_nms decode_type(f32)
      : tensor<1x1917x4xf32>, tensor<1x1917x91xf32>, tensor<1917x4xf32>
      -> tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
  return %b, %c, %s, %n : tensor<1x10x4xf32>, tensor<1x10xf32>, tensor<1x10xf32>, tensor<1xf32>
}
