// Values with a run-time length (onnx.bounded) through elementwise ops, Concat (a compaction), Shape/ConstantOfShape, reductions and Reshape (BoundedShape.cpp, Reduction.cpp).
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// The length follows elementwise ops and is returned as an i64 result.

// CHECK-LABEL: func.func @elementwise(
// CHECK-SAME: -> (tensor<6x4xf32>, i64)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: math.exp
// CHECK: return {{.*}} : tensor<6x4xf32>, i64
func.func @elementwise(%rows: tensor<6x4xf32>, %n: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %rows length(%n) {axis = 0 : i64} : tensor<6x4xf32>
  %0 = onnx.node "Exp"(%x) : (tensor<6x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// Concat along the axis of the run-time length is a compaction: capacity
// 6 + 4, length n + m.

// CHECK-LABEL: func.func @concat(
// CHECK-SAME: -> (tensor<10x4xf32>, i64)
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: tensor.insert
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: tensor.insert
// CHECK: return {{.*}} : tensor<10x4xf32>, i64
func.func @concat(%a: tensor<6x4xf32>, %n: index, %b: tensor<4x4xf32>, %m: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %a length(%n) {axis = 0 : i64} : tensor<6x4xf32>
  %y = onnx.bounded %b length(%m) {axis = 0 : i64} : tensor<4x4xf32>
  %0 = onnx.node "Concat"(%x, %y) {axis = 0 : i64} : (tensor<6x4xf32>, tensor<4x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// Shape of a bounded value yields its run-time length; ConstantOfShape of
// it (torchvision's full_like) gets the capacity and the length.

// CHECK-LABEL: func.func @full_like(
// CHECK-SAME: -> (tensor<6xi64>, i64)
// CHECK: tensor.from_elements
// CHECK: arith.constant dense<3> : tensor<6xi64>
// CHECK: tensor.extract
// CHECK: arith.minsi
// CHECK: return {{.*}} : tensor<6xi64>, i64
func.func @full_like(%a: tensor<6xf32>, %n: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %a length(%n) {axis = 0 : i64} : tensor<6xf32>
  %s = onnx.node "Shape"(%x) : (tensor<6xf32>) -> !onnx.value
  %0 = onnx.node "ConstantOfShape"(%s) {value = dense<3> : tensor<1xi64>} : (!onnx.value) -> !onnx.value
  return %0 : !onnx.value
}

// Reductions over the length axis see only the valid rows.

// CHECK-LABEL: func.func @reduce(
// CHECK-SAME: -> tensor<f32>
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: arith.cmpi ult
// CHECK: arith.select
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["reduction", "reduction"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}}iterator_types = []
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<f32>
func.func @reduce(%a: tensor<6x4xf32>, %n: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %a length(%n) {axis = 0 : i64} : tensor<6x4xf32>
  %0 = onnx.node "ReduceMax"(%x) {keepdims = 0 : i64} : (tensor<6x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// Reshape to the Shape of a bounded value keeps the length.

// CHECK-LABEL: func.func @reshape_runtime(
// CHECK-SAME: -> (tensor<6x4xf32>, i64)
// CHECK: arith.constant 4 : i64
// CHECK: tensor.from_elements
// CHECK: tensor.extract
// CHECK: arith.minsi
// CHECK: return {{.*}} : tensor<6x4xf32>, i64
func.func @reshape_runtime(%a: tensor<6x4xf32>, %n: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %a length(%n) {axis = 0 : i64} : tensor<6x4xf32>
  %s = onnx.node "Shape"(%x) : (tensor<6x4xf32>) -> !onnx.value
  %0 = onnx.node "Reshape"(%x, %s) : (tensor<6x4xf32>, !onnx.value) -> !onnx.value
  return %0 : !onnx.value
}


// A reshape that merges the length's axis with the axes after it keeps the
// valid rows a prefix: length n * 3.
// CHECK-LABEL: func.func @reshape_merge(
// CHECK-SAME: -> (tensor<18x4xf32>, i64)
// CHECK: %[[L:.*]] = arith.muli %{{.*}}, %c3
// CHECK: %[[N:.*]] = arith.index_cast %[[L]] : index to i64
// CHECK: return %{{.*}}, %[[N]]
func.func @reshape_merge(%a: tensor<6x3x4xf32>, %n: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %a length(%n) {axis = 0 : i64} : tensor<6x3x4xf32>
  %s = arith.constant dense<[18, 4]> : tensor<2xi64>
  %0 = onnx.node "Reshape"(%x, %s) : (tensor<6x3x4xf32>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}
