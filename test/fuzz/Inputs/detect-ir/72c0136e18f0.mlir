func.func @attributes(%b: tensor<1x8x4xf32>, %s: tensor<1x3x8xf32>) -> (tensor<6x3xi32>, i32) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(2)
      : tensor<1x8x4xf32>, tensor<1x3x8xf32> -> tensor<6x3xi32>, i32
  return %0, %1 : tensor<6x3xi32>, i32
}
