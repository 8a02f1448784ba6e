func.func @nms(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<4xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<16x4xf32>, tensor<16xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}

func.func @scalars(%x: f32, %i: index) -> (f32, index) {
  return %x, %i : f32, index
}

func.func @two_returns(%p: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %p, ^a, ^b
^a:
  return %x : i32
^b:
  return %y : i32
}

func.func @tensors_only(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

func.func private @helper(%x: f32) -> f32 {
  return %x : f32
}

func.func private @external(%x: f32) -> f32

func.func @repeated(%a: tensor<4xf32>, %n: i64) -> (tensor<4xf32>, tensor<4xf32>, i64, i64) {
  return %a, %a, %n, %n : tensor<4xf32>, tensor<4xf32>, i64, i64
}
