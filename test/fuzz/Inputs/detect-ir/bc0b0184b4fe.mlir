func.func @iou_cxcywh(%a: tensor<8x4xf32>) -> tensor<8x8xf32> {
  %0 = detect.iou %a, %a layout(cxcywh) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
