func.func @convert_partial_count(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %n = arith.constant 7 : i32
  %0 = detect.box_convert %b valid(%n : i32) from xyxy to xywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
