func.func @nms_absorbs_swap(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  %0 = detect.box_convert %b from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %k, %c = detect.nms %0, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
