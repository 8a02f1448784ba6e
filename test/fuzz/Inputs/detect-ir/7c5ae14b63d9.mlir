func.func @yolo_int8(%p: tensor<1x24x400xi8>) -> (tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(50)
      image_size(320.0, 320.0) quantization(si8, 0.00392156886, -128)
      : tensor<1x24x400xi8> -> tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32
  return %b, %s, %c, %n : tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32
}
func.func @yolo_f32(%p: tensor<1x24x400xf32>) -> (tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(50)
      max_candidates(64)
      : tensor<1x24x400xf32> -> tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32
  return %b, %s, %c, %n : tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32
}
func.func @yolo_st(%p: tensor<1x24x400xi8>) -> (tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.5) max_det(100)
      class_nms(per_class) max_per_class(5) score_compare(ge) output_layout(cxcywh)
      quantization(si8, 0.00392156886, -128)
      : tensor<1x24x400xi8> -> tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32
  return %b, %s, %c, %n : tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32
}
func.func @yolo_v5(%p: tensor<1x400x24xi8>) -> (tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(50)
      image_size(320.0, 320.0) quantization(si8, 0.00392156886, -128)
      : tensor<1x400x24xi8> -> tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32
  return %b, %s, %c, %n : tensor<50x4xf32>, tensor<50xf32>, tensor<50xi32>, i32
}
