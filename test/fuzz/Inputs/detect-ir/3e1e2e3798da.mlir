func.func @area_dynamic_result(%b: tensor<8x4xf32>) -> tensor<?xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  %1 = tensor.cast %0 : tensor<8xf32> to tensor<?xf32>
  return %1 : tensor<?xf32>
}
