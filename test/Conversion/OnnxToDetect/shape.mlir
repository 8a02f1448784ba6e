// The shape ops (Shape.cpp): static result shapes, index-computing generics whose reads are clamped into range, and shape arithmetic folded at conversion time.
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// CHECK-LABEL: func.func @shape(
// CHECK-SAME: -> tensor<3xi64>
// CHECK: arith.constant dense<[2, 3, 4]> : tensor<3xi64>
// CHECK: return {{.*}} : tensor<3xi64>
func.func @shape(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Shape"(%x) : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: -> tensor<6x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<6x4xf32>
func.func @reshape(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %s = arith.constant dense<[6, -1]> : tensor<2xi64>
  %0 = onnx.node "Reshape"(%x, %s) : (tensor<2x3x4xf32>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @flatten(
// CHECK-SAME: -> tensor<6x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<6x4xf32>
func.func @flatten(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Flatten"(%x) {axis = 2 : i64} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @unsqueeze(
// CHECK-SAME: -> tensor<1x2x3x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<1x2x3x4xf32>
func.func @unsqueeze(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %a = arith.constant dense<[0]> : tensor<1xi64>
  %0 = onnx.node "Unsqueeze"(%x, %a) : (tensor<2x3x4xf32>, tensor<1xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @unsqueeze_opset11(
// CHECK-SAME: -> tensor<2x3x4x1xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x3x4x1xf32>
func.func @unsqueeze_opset11(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 11 : i64} {
  %0 = onnx.node "Unsqueeze"(%x) {axes = array<i64: -1>} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @squeeze(
// CHECK-SAME: -> tensor<2x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x4xf32>
func.func @squeeze(%x: tensor<2x1x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %a = arith.constant dense<[1]> : tensor<1xi64>
  %0 = onnx.node "Squeeze"(%x, %a) : (tensor<2x1x4xf32>, tensor<1xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @transpose(
// CHECK-SAME: -> tensor<2x4x3xf32>
// CHECK: linalg.transpose
// CHECK: return {{.*}} : tensor<2x4x3xf32>
func.func @transpose(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Transpose"(%x) {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @concat(
// CHECK-SAME: -> tensor<2x3x6xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: arith.cmpi sge
// CHECK: arith.select
// CHECK: return {{.*}} : tensor<2x3x6xf32>
func.func @concat(%x: tensor<2x3x4xf32>, %y: tensor<2x3x2xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Concat"(%x, %y) {axis = -1 : i64} : (tensor<2x3x4xf32>, tensor<2x3x2xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @split(
// CHECK-SAME: -> (tensor<2x3x1xf32>, tensor<2x3x3xf32>)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x3x1xf32>, tensor<2x3x3xf32>
func.func @split(%x: tensor<2x3x4xf32>) -> (!onnx.value, !onnx.value) attributes {onnx.opset = 13 : i64} {
  %s = arith.constant dense<[1, 3]> : tensor<2xi64>
  %0:2 = onnx.node "Split"(%x, %s) {axis = 2 : i64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> (!onnx.value, !onnx.value)
  return %0#0, %0#1 : !onnx.value, !onnx.value
}

// CHECK-LABEL: func.func @slice(
// CHECK-SAME: -> tensor<2x3x2xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x3x2xf32>
func.func @slice(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %st = arith.constant dense<[3]> : tensor<1xi64>
  %en = arith.constant dense<[0]> : tensor<1xi64>
  %ax = arith.constant dense<[2]> : tensor<1xi64>
  %sp = arith.constant dense<[-2]> : tensor<1xi64>
  %0 = onnx.node "Slice"(%x, %st, %en, %ax, %sp) : (tensor<2x3x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @gather(
// CHECK-SAME: -> tensor<2x5x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: arith.cmpi slt
// CHECK: arith.select
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<2x5x4xf32>
func.func @gather(%x: tensor<2x3x4xf32>, %i: tensor<5xi64>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Gather"(%x, %i) {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<5xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @gathernd(
// CHECK-SAME: -> tensor<5xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: tensor.extract
// CHECK: arith.cmpi slt
// CHECK: arith.select
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: arith.cmpi slt
// CHECK: arith.select
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<5xf32>
func.func @gathernd(%x: tensor<3x4xf32>, %i: tensor<5x2xi64>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "GatherND"(%x, %i) : (tensor<3x4xf32>, tensor<5x2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @expand(
// CHECK-SAME: -> tensor<3x5xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: return {{.*}} : tensor<3x5xf32>
func.func @expand(%x: tensor<3x1xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %s = arith.constant dense<[3, 5]> : tensor<2xi64>
  %0 = onnx.node "Expand"(%x, %s) : (tensor<3x1xf32>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @tile(
// CHECK-SAME: -> tensor<6x2xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<6x2xf32>
func.func @tile(%x: tensor<3x2xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %r = arith.constant dense<[2, 1]> : tensor<2xi64>
  %0 = onnx.node "Tile"(%x, %r) : (tensor<3x2xf32>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @constantofshape(
// CHECK-SAME: -> tensor<2x3xi64>
// CHECK: arith.constant dense<7> : tensor<2x3xi64>
// CHECK: return {{.*}} : tensor<2x3xi64>
func.func @constantofshape() -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %s = arith.constant dense<[2, 3]> : tensor<2xi64>
  %0 = onnx.node "ConstantOfShape"(%s) {value = dense<7> : tensor<1xi64>} : (tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @range(
// CHECK-SAME: -> tensor<3xi64>
// CHECK: arith.constant dense<[1, 4, 7]> : tensor<3xi64>
// CHECK: return {{.*}} : tensor<3xi64>
func.func @range() -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %a = arith.constant dense<1> : tensor<i64>
  %b = arith.constant dense<10> : tensor<i64>
  %c = arith.constant dense<3> : tensor<i64>
  %0 = onnx.node "Range"(%a, %b, %c) : (tensor<i64>, tensor<i64>, tensor<i64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @pad(
// CHECK-SAME: -> tensor<4x4xf32>
// CHECK: arith.constant dense<-1.000000e+00> : tensor<f32>
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi slt
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
// CHECK: arith.select
// CHECK: return {{.*}} : tensor<4x4xf32>
func.func @pad(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %p = arith.constant dense<[0, 1, 2, 0]> : tensor<4xi64>
  %v = arith.constant dense<-1.0> : tensor<f32>
  %0 = onnx.node "Pad"(%x, %p, %v) : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @shape_arith_folded(
// CHECK-SAME: -> tensor<6x4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<6x4xf32>
func.func @shape_arith_folded(%x: tensor<2x3x4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %i = arith.constant dense<[1, 2]> : tensor<2xi64>
  %k = arith.constant dense<[2, 1]> : tensor<2xi64>
  %s = onnx.node "Shape"(%x) : (tensor<2x3x4xf32>) -> !onnx.value
  %g = onnx.node "Gather"(%s, %i) {axis = 0 : i64} : (!onnx.value, tensor<2xi64>) -> !onnx.value
  %m = onnx.node "Mul"(%g, %k) : (!onnx.value, tensor<2xi64>) -> !onnx.value
  %0 = onnx.node "Reshape"(%x, %m) : (tensor<2x3x4xf32>, !onnx.value) -> !onnx.value
  return %0 : !onnx.value
}

