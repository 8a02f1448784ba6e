func.func @nms_dynamic(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %n: index) -> (tensor<4xi32>, i32) {
  %d = tensor.extract_slice %b[0, 0] [%n, 4] [1, 1] : tensor<16x4xf32> to tensor<?x4xf32>
  %e = tensor.extract_slice %s[0] [%n] [1] : tensor<16xf32> to tensor<?xf32>
  %k, %c = detect.nms %d, %e iou_threshold(0.5) max_output(4) : tensor<?x4xf32>, tensor<?xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}
