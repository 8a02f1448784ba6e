// Reductions and Softmax (Reduction.cpp): a reduction linalg.generic from the op's identity; Softmax as max, exp(x - max), sum, divide (opset < 13: coerced to 2-D).
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// CHECK-LABEL: func.func @reducemax(
// CHECK-SAME: -> tensor<2x4xf32>
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x4xf32>
func.func @reducemax(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "ReduceMax"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reducemin(
// CHECK-SAME: -> tensor<2x4xf32>
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.minimumf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x4xf32>
func.func @reducemin(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "ReduceMin"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reducemean(
// CHECK-SAME: -> tensor<2x4xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.addf
// CHECK: arith.constant 3.000000e+00 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: arith.divf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x4xf32>
func.func @reducemean(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "ReduceMean"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reduceprod(
// CHECK-SAME: -> tensor<2x4xf32>
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.mulf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x4xf32>
func.func @reduceprod(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "ReduceProd"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reducel2(
// CHECK-SAME: -> tensor<2x4xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: math.sqrt
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x4xf32>
func.func @reducel2(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "ReduceL2"(%x) {axes = array<i64: 1>, keepdims = 0 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reducesum(
// CHECK-SAME: -> tensor<2x3x1xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<2x3x1xf32>
func.func @reducesum(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %a = arith.constant dense<[-1]> : tensor<1xi64>
  %0 = onnx.node "ReduceSum"(%x, %a) : (tensor<2x3x4xf32>, tensor<1xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @softmax(
// CHECK-SAME: -> tensor<2x3x4xf32>
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: arith.divf
// CHECK: return {{.*}} : tensor<2x3x4xf32>
func.func @softmax(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Softmax"(%x) {axis = -1 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @softmax_opset11(
// CHECK-SAME: -> tensor<2x3x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: arith.divf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x3x4xf32>
func.func @softmax_opset11(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 11 : i64} {
  %0 = onnx.node "Softmax"(%x) {axis = 1 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

