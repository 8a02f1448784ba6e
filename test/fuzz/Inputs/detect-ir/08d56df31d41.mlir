func.func @soft_eager_linear(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<3xi64>, tensor<3xf32>, i64) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores method(linear) update(eager) iou_threshold(0.3)
      score_threshold(0.001) max_output(3) score_compare(ge) layout(xywh) overlap(jaccard_distance)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<3xi64>, tensor<3xf32>, i64
  return %keep, %s, %count : tensor<3xi64>, tensor<3xf32>, i64
}
