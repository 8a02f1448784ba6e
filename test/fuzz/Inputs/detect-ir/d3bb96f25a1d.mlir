func.func @area_full_count(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %n = arith.constant 9 : index
  %0 = detect.box_area %b valid(%n : index) : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
