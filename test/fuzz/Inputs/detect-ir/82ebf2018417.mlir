func.func @ge_zero(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.0) iou_compare(ge) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

func.func @gt_zero(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.0) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

func.func @runtime_gt(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %t: f32) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(%t : f32) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}
