func.func @unranked(%b: tensor<*xf32>) -> tensor<8xf32> {
  %0 = "detect.box_area"(%b) : (tensor<*xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
