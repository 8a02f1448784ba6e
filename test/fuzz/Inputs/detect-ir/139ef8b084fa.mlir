func.func @iou_full_counts(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %n = arith.constant 8 : i32
  %m = arith.constant 4 : i32
  %0 = detect.iou %a, %b lhs_valid(%n : i32) rhs_valid(%m : i32) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}
