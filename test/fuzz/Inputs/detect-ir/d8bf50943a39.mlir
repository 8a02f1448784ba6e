func.func @reference_forms(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>, %n: i32,
                           %c: tensor<8x4xf64>, %d: tensor<5x4xf64>)
    -> (tensor<8x5xf32>, tensor<8x5xf32>, tensor<8x5xf64>) {
  %0 = detect.iou %a, %b kind(giou) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  %1 = detect.iou %a, %b lhs_valid(%n : i32) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  %2 = detect.iou %c, %d : tensor<8x4xf64>, tensor<5x4xf64> -> tensor<8x5xf64>
  return %0, %1, %2 : tensor<8x5xf32>, tensor<8x5xf32>, tensor<8x5xf64>
}
