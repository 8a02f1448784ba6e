func.func @grid_f64(%b: tensor<64x4xf64>, %s: tensor<64xf64>) -> (tensor<64xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<64x4xf64>, tensor<64xf64> -> tensor<64xi64>, i64
  return %k, %c : tensor<64xi64>, i64
}
