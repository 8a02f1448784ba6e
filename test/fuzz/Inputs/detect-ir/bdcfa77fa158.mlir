func.func @decoded(%enc: tensor<64x4xf32>, %anc: tensor<64x4xf32>, %s: tensor<64xf32>)
    -> (tensor<10xi32>, i32) {
  %b = detect.decode_boxes %enc, %anc scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<64x4xf32>, tensor<64x4xf32> -> tensor<64x4xf32>
  %k, %n = detect.nms %b, %s iou_threshold(0.6) max_output(10) layout(yxyx)
      : tensor<64x4xf32>, tensor<64xf32> -> tensor<10xi32>, i32
  return %k, %n : tensor<10xi32>, i32
}
