func.func @nms_all_rules(%b: tensor<100x4xf32>, %s: tensor<100xf32>, %t: f32, %st: f32, %n: i32, %m: i64) -> (tensor<10xi32>, i32) {
  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(%t : f32) score_threshold(%st : f32) max_output(%m : i64) iou_compare(ge) score_compare(ge) layout(cxcywh) normalize_corners degenerate(zero_area) : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, i32
  return %k, %c : tensor<10xi32>, i32
}
