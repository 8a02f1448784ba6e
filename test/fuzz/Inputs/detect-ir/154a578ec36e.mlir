func.func @ciou_masks(%a: tensor<8x4xf32>, %b: tensor<6x4xf32>, %n: i64, %m: i32) -> tensor<8x6xf32> {
  %0 = detect.iou %a, %b lhs_valid(%n : i64) rhs_valid(%m : i32) kind(ciou) layout(yxyx) normalize_corners eps(1.0e-7) : tensor<8x4xf32>, tensor<6x4xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}
