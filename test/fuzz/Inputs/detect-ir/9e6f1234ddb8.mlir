func.func @dynamic_result(%b: tensor<8x4xf32>) -> tensor<?x4xf32> {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = tensor.cast %0 : tensor<8x4xf32> to tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
