func.func @nms_jaccard_f16(%b: tensor<8x4xf16>, %s: tensor<8xf16>) -> (tensor<8xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) overlap(jaccard_distance) : tensor<8x4xf16>, tensor<8xf16> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
