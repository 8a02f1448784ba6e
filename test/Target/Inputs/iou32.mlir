// IoU of two sets of 32 boxes (test/Target/Inputs/iou_main.c), as
// torchvision's box_iou computes it.
func.func @iou32(%a: tensor<32x4xf32>, %b: tensor<32x4xf32>) -> tensor<32x32xf32> {
  %0 = detect.iou %a, %b : tensor<32x4xf32>, tensor<32x4xf32> -> tensor<32x32xf32>
  return %0 : tensor<32x32xf32>
}
