func.func @nms_dynamic_capacity(%b: tensor<?x4xf32>, %s: tensor<?xf32>) -> (tensor<?xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, i64
  return %k, %c : tensor<?xi64>, i64
}
