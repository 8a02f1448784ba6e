func.func @iou_one_sided_swap(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.box_convert %a from yxyx to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  %2 = detect.iou %0, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %2 : tensor<8x5xf32>
}
