// Checks that --detect-prepare-c-abi turns scalar results of public functions into tensor<1xT> and marks every function no_unwind.
// RUN: detect-opt %s --detect-prepare-c-abi | FileCheck %s

// The count of detect.nms becomes a one-element tensor, so that bufferization
// makes it an out-pointer like the indices.
// CHECK-LABEL: func.func @nms(
// CHECK-SAME: [[B:%[^:]+]]: tensor<16x4xf32>, [[S:%[^:]+]]: tensor<16xf32>) -> (tensor<4xi32>, tensor<1xi32>) attributes {no_unwind} {
// CHECK-NEXT: [[K:%.+]], [[C:%.+]] = detect.nms [[B]], [[S]] {{.+}} -> tensor<4xi32>, i32
// CHECK-NEXT: [[T:%.+]] = tensor.from_elements [[C]] : tensor<1xi32>
// CHECK-NEXT: return [[K]], [[T]] : tensor<4xi32>, tensor<1xi32>
func.func @nms(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<4xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<16x4xf32>, tensor<16xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}

// Every scalar result (float, index) is wrapped, in order.
// CHECK-LABEL: func.func @scalars(
// CHECK-SAME: [[X:%[^:]+]]: f32, [[I:%[^:]+]]: index) -> (tensor<1xf32>, tensor<1xindex>) attributes {no_unwind} {
// CHECK-NEXT: [[TX:%.+]] = tensor.from_elements [[X]] : tensor<1xf32>
// CHECK-NEXT: [[TI:%.+]] = tensor.from_elements [[I]] : tensor<1xindex>
// CHECK-NEXT: return [[TX]], [[TI]] : tensor<1xf32>, tensor<1xindex>
func.func @scalars(%x: f32, %i: index) -> (f32, index) {
  return %x, %i : f32, index
}

// Each return of a function with several blocks is rewritten.
// CHECK-LABEL: func.func @two_returns(
// CHECK-SAME: -> tensor<1xi32> attributes {no_unwind} {
// CHECK: ^bb1:
// CHECK-NEXT: [[A:%.+]] = tensor.from_elements {{%.+}} : tensor<1xi32>
// CHECK-NEXT: return [[A]] : tensor<1xi32>
// CHECK: ^bb2:
// CHECK-NEXT: [[B:%.+]] = tensor.from_elements {{%.+}} : tensor<1xi32>
// CHECK-NEXT: return [[B]] : tensor<1xi32>
func.func @two_returns(%p: i1, %x: i32, %y: i32) -> i32 {
  cf.cond_br %p, ^a, ^b
^a:
  return %x : i32
^b:
  return %y : i32
}

// A function with tensor results only keeps its signature.
// CHECK-LABEL: func.func @tensors_only(
// CHECK-SAME: [[B:%[^:]+]]: tensor<8x4xf32>) -> tensor<8xf32> attributes {no_unwind} {
// CHECK-NOT: tensor.from_elements
// CHECK: return
func.func @tensors_only(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// Private functions and declarations are not part of the C ABI: their
// scalar results stay, but they are no_unwind too.
// CHECK-LABEL: func.func private @helper(
// CHECK-SAME: [[X:%[^:]+]]: f32) -> f32 attributes {no_unwind} {
// CHECK-NEXT: return [[X]] : f32
func.func private @helper(%x: f32) -> f32 {
  return %x : f32
}

// CHECK-LABEL: func.func private @external(f32) -> f32 attributes {no_unwind}
func.func private @external(%x: f32) -> f32

// A value returned twice (outputs that share a run-time length) becomes two
// buffers: each later occurrence is a copy, so that each out-parameter has
// its own buffer.
// CHECK-LABEL: func.func @repeated(
// CHECK-SAME: [[A:%[^:]+]]: tensor<4xf32>, [[N:%[^:]+]]: i64) -> (tensor<4xf32>, tensor<4xf32>, tensor<1xi64>, tensor<1xi64>)
// CHECK: [[C:%.+]] = bufferization.alloc_tensor() copy([[A]]) : tensor<4xf32>
// CHECK: [[T:%.+]] = tensor.from_elements [[N]] : tensor<1xi64>
// CHECK: [[T2:%.+]] = tensor.from_elements [[N]] : tensor<1xi64>
// CHECK: [[C2:%.+]] = bufferization.alloc_tensor() copy([[T2]]) : tensor<1xi64>
// CHECK: return [[A]], [[C]], [[T]], [[C2]]
func.func @repeated(%a: tensor<4xf32>, %n: i64) -> (tensor<4xf32>, tensor<4xf32>, i64, i64) {
  return %a, %a, %n, %n : tensor<4xf32>, tensor<4xf32>, i64, i64
}
