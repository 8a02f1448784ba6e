// MatMul, Gemm, Conv, pooling, BatchNormalization and Resize (Nn.cpp).
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: -> tensor<2x5xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<2x5xf32>
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "MatMul"(%a, %b) : (tensor<2x3xf32>, tensor<3x5xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @gemm(
// CHECK-SAME: -> tensor<2x5xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<2x5xf32>
func.func @gemm(%a: tensor<3x2xf32>, %b: tensor<5x3xf32>, %c: tensor<5xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Gemm"(%a, %b, %c) {transA = 1 : i64, transB = 1 : i64, alpha = 2.000000e+00 : f32} : (tensor<3x2xf32>, tensor<5x3xf32>, tensor<5xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @conv(
// CHECK-SAME: -> tensor<1x4x4x4xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<1x4x4x4xf32>
func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<4x1x3x3xf32>, %bias: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Conv"(%x, %w, %bias) {group = 4 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @maxpool(
// CHECK-SAME: -> tensor<1x2x4x4xf32>
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.maximumf
// CHECK: return {{.*}} : tensor<1x2x4x4xf32>
func.func @maxpool(%x: tensor<1x2x8x8xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "MaxPool"(%x) {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = 1 : i64} : (tensor<1x2x8x8xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @averagepool(
// CHECK-SAME: -> tensor<1x2x4x4xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: arith.constant 4.000000e+00 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.divf
// CHECK: return {{.*}} : tensor<1x2x4x4xf32>
func.func @averagepool(%x: tensor<1x2x8x8xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "AveragePool"(%x) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @globalaveragepool(
// CHECK-SAME: -> tensor<1x2x1x1xf32>
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: arith.constant 6.400000e+01 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.divf
// CHECK: return {{.*}} : tensor<1x2x1x1xf32>
func.func @globalaveragepool(%x: tensor<1x2x8x8xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "GlobalAveragePool"(%x) : (tensor<1x2x8x8xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @batchnorm(
// CHECK-SAME: -> tensor<1x2x4x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.constant 1.000000e-03 : f32
// CHECK: arith.addf
// CHECK: math.sqrt
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<1x2x4x4xf32>
func.func @batchnorm(%x: tensor<1x2x4x4xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "BatchNormalization"(%x, %s, %b, %m, %v) {epsilon = 1.000000e-03 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @resize_nearest(
// CHECK-SAME: -> tensor<1x2x8x8xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.index_castui
// CHECK: arith.uitofp
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.divf
// CHECK: math.floor
// CHECK: arith.fptosi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.index_castui
// CHECK: arith.uitofp
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<1x2x8x8xf32>
func.func @resize_nearest(%x: tensor<1x2x4x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %none = onnx.none
  %sc = arith.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %0 = onnx.node "Resize"(%x, %none, %sc) {mode = "nearest", nearest_mode = "floor", coordinate_transformation_mode = "asymmetric"} : (tensor<1x2x4x4xf32>, none, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @resize_linear(
// CHECK-SAME: -> tensor<1x2x6x6xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: arith.index_castui
// CHECK: arith.uitofp
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.addf
// CHECK: arith.constant 1.500000e+00 : f32
// CHECK: arith.divf
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.subf
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 3.000000e+00 : f32
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<1x2x6x6xf32>
func.func @resize_linear(%x: tensor<1x2x4x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %none = onnx.none
  %sz = arith.constant dense<[1, 2, 6, 6]> : tensor<4xi64>
  %0 = onnx.node "Resize"(%x, %none, %none, %sz) {mode = "linear", coordinate_transformation_mode = "half_pixel"} : (tensor<1x2x4x4xf32>, none, none, tensor<4xi64>) -> !onnx.value
  return %0 : !onnx.value
}

