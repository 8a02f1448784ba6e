func.func @dynamic_op(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %d = tensor.cast %b : tensor<8x4xf32> to tensor<?x4xf32>
  %0 = detect.box_convert %d from xyxy to cxcywh : tensor<?x4xf32> -> tensor<?x4xf32>
  %1 = tensor.cast %0 : tensor<?x4xf32> to tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
