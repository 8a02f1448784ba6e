func.func @static_nms(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<4xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<16x4xf32>, tensor<16xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}

func.func private @helper(%b: tensor<?x4xf32>) -> tensor<8x4xf32> {
  %0 = tensor.cast %b : tensor<?x4xf32> to tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

func.func private @external(%b: tensor<?x4xf32>)
