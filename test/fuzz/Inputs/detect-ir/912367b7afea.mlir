func.func @soft_eager_gaussian(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<8xi32>, tensor<8xf32>, i32) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores update(eager) sigma(0.5)
      score_compare(ge) layout(xywh) overlap(jaccard_distance)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return %keep, %s, %count : tensor<8xi32>, tensor<8xf32>, i32
}
