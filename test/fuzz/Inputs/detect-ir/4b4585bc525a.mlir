func.func @nms_swap_with_type_change(%b: tensor<8x4xf32>, %s: tensor<?xf32>, %m: i32) -> (tensor<5xi64>, i64) {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<?x4xf32>
  %k, %c = detect.nms %0, %s iou_threshold(0.5) max_output(%m : i32) : tensor<?x4xf32>, tensor<?xf32> -> tensor<5xi64>, i64
  return %k, %c : tensor<5xi64>, i64
}
