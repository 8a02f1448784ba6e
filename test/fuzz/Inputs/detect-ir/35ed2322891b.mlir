func.func @runtime_rules(%b: tensor<2x8x4xf32>, %s: tensor<2x3x8xf32>, %m: i64, %t: f32, %st: f32)
    -> (tensor<48x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64) iou_threshold(%t : f32)
      score_threshold(%st : f32) layout(cxcywh)
      : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<48x3xi64>, i64
  return %0, %1 : tensor<48x3xi64>, i64
}
