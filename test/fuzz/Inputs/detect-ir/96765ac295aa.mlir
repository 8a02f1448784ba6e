func.func @generic_bad_enum(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = "detect.box_area"(%b) <{layout = #detect<layout 7>}> : (tensor<8x4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
