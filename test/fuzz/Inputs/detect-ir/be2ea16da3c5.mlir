func.func @convert_round_trip_with_count(%b: tensor<8x4xf32>, %n: i32) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b valid(%n : i32) from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = detect.box_convert %0 from cxcywh to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}
