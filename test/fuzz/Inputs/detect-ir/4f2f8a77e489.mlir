func.func @box_convert(%b: tensor<8x4xf32>, %d: tensor<?x4xf16>, %n: i32) -> (tensor<8x4xf32>, tensor<?x4xf16>) {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %d valid(%n : i32) from yxyx to xywh : tensor<?x4xf16> -> tensor<?x4xf16>
  return %0, %1 : tensor<8x4xf32>, tensor<?x4xf16>
}

func.func @box_area(%b: tensor<8x4xf32>, %h: tensor<8x4xbf16>, %n: index) -> (tensor<8xf32>, tensor<8xbf16>) {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  %1 = detect.box_area %h valid(%n : index) layout(cxcywh) normalize_corners : tensor<8x4xbf16> -> tensor<8xbf16>
  return %0, %1 : tensor<8xf32>, tensor<8xbf16>
}

func.func @clip_boxes(%b: tensor<8x4xf64>, %h: f64, %w: f64) -> (tensor<8x4xf64>, tensor<8x4xf64>) {
  %0 = detect.clip_boxes %b height(480) width(640.0) : tensor<8x4xf64> -> tensor<8x4xf64>
  %1 = detect.clip_boxes %b height(%h : f64) width(%w : f64) layout(yxyx) : tensor<8x4xf64> -> tensor<8x4xf64>
  return %0, %1 : tensor<8x4xf64>, tensor<8x4xf64>
}

func.func @iou(%a: tensor<8x4xf32>, %b: tensor<?x4xf32>, %n: i64) -> (tensor<8x?xf32>, tensor<8x?xf32>) {
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  %1 = detect.iou %a, %b lhs_valid(%n : i64) rhs_valid(%n : i64) kind(ciou) layout(yxyx) degenerate(zero_union) normalize_corners eps(1.0e-7) : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  return %0, %1 : tensor<8x?xf32>, tensor<8x?xf32>
}

func.func @iou_kinds(%a: tensor<8x4xf32>) -> (tensor<8x8xf32>, tensor<8x8xf32>) {
  %0 = detect.iou %a, %a kind(giou) degenerate(zero_area) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  %1 = detect.iou %a, %a kind(diou) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0, %1 : tensor<8x8xf32>, tensor<8x8xf32>
}

func.func @decode_boxes(%e: tensor<1917x4xf32>, %a: tensor<1917x4xf32>, %n: i32) -> tensor<1917x4xf32> {
  %0 = detect.decode_boxes %e, %a valid(%n : i32) scales(10.0, 10.0, 5.0, 5.0) layout(yxyx) : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
  return %0 : tensor<1917x4xf32>
}

func.func @nms_torchvision(%b: tensor<100x4xf32>, %s: tensor<100xf32>) -> (tensor<100xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<100x4xf32>, tensor<100xf32> -> tensor<100xi64>, i64
  return %k, %c : tensor<100xi64>, i64
}

func.func @nms_all_rules(%b: tensor<100x4xf32>, %s: tensor<100xf32>, %t: f32, %n: i32) -> (tensor<10xi32>, i32) {
  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(%t : f32) score_threshold(0.25) max_output(10) iou_compare(ge) score_compare(ge) layout(cxcywh) normalize_corners degenerate(zero_area) : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, i32
  return %k, %c : tensor<10xi32>, i32
}

func.func @nms_runtime_limit(%b: tensor<?x4xf32>, %s: tensor<?xf32>, %m: i64) -> (tensor<?xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0) score_threshold(-1.0) max_output(%m : i64) : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, i64
  return %k, %c : tensor<?xi64>, i64
}

func.func @multiclass_nms(%b: tensor<2x8x4xf32>, %s: tensor<2x3x8xf32>, %m: i64, %t: f32, %st: f32)
    -> (tensor<48x3xi64>, i64, tensor<12x3xi32>, i32, tensor<0x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64) iou_threshold(%t : f32)
      score_threshold(%st : f32) layout(cxcywh)
      : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<48x3xi64>, i64
  %2, %3 = detect.multiclass_nms %b, %s max_output_boxes_per_class(2) iou_threshold(0.5) score_threshold(0.25)
      : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<12x3xi32>, i32
  %4, %5 = detect.multiclass_nms %b, %s : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1, %2, %3, %4, %5 : tensor<48x3xi64>, i64, tensor<12x3xi32>, i32, tensor<0x3xi64>, i64
}

func.func @decode_boxes_compute_type(%e: tensor<8x4xf32>, %a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) layout(yxyx) compute_type(f64)
      : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

func.func @detection_postprocess(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>)
    -> (tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>,
        tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) max_classes_per_detection(2)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0) decode_type(f32)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32>
      -> tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>
  %1:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(3) detections_per_class(5)
      score_threshold(0.0) iou_threshold(1.0) scales(1.0, 2.0, 3.0, 4.0) use_regular_nms
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3, %1#0, %1#1, %1#2, %1#3
      : tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>,
        tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}

func.func @batched_nms(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>, %n: i32, %t: f32)
    -> (tensor<8xi64>, i64, tensor<3xi32>, i32) {
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) strategy(per_class)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  %2, %3 = detect.batched_nms %b, %s, %c valid(%n : i32) iou_threshold(%t : f32) strategy(coordinate_offset)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<3xi32>, i32
  return %0, %1, %2, %3 : tensor<8xi64>, i64, tensor<3xi32>, i32
}

func.func @remove_small_boxes(%b: tensor<8x4xf32>, %n: index, %m: f32)
    -> (tensor<8xi64>, i64, tensor<2xi32>, i32) {
  %0, %1 = detect.remove_small_boxes %b min_size(1.0e-3) : tensor<8x4xf32> -> tensor<8xi64>, i64
  %2, %3 = detect.remove_small_boxes %b valid(%n : index) min_size(%m : f32) : tensor<8x4xf32> -> tensor<2xi32>, i32
  return %0, %1, %2, %3 : tensor<8xi64>, i64, tensor<2xi32>, i32
}

func.func @nms_opencv(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f32) -> (tensor<8xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) score_threshold(0.1) layout(xywh) max_candidates(5) eta(0.9) overlap(jaccard_distance)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
