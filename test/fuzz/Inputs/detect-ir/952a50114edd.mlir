func.func @convert_valid_dynamic(%b: tensor<?x4xf16>, %n: i32) -> tensor<?x4xf16> {
  %0 = detect.box_convert %b valid(%n : i32) from yxyx to xywh : tensor<?x4xf16> -> tensor<?x4xf16>
  return %0 : tensor<?x4xf16>
}
