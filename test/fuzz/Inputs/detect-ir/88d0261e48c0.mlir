func.func @wide_counts(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %n: i64, %m: i64) -> (tensor<16xi32>, i32) {
  %k, %c = detect.nms %b, %s valid(%n : i64) iou_threshold(0.5) max_output(%m : i64) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %c : tensor<16xi32>, i32
}
