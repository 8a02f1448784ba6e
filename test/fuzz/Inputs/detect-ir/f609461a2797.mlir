func.func @nms_index_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi16>, i16) {
  %k, %c = "detect.nms"(%b, %s) <{iou_threshold = 0.5 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<8x4xf32>, tensor<8xf32>) -> (tensor<8xi16>, i16)
  return %k, %c : tensor<8xi16>, i16
}
