// If (ControlFlow.cpp): folded when the condition is known; otherwise both branches and a select per result.
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// A condition known at conversion time: only the branch taken.

// CHECK-LABEL: func.func @if_known(
// CHECK-NOT: math.log
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.exp
// CHECK: return {{.*}} : tensor<4xf32>
func.func @if_known(%x: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %c = arith.constant dense<true> : tensor<i1>
  %0 = onnx.node "If"(%c) : (tensor<i1>) -> !onnx.value subgraphs {
    %1 = onnx.node "Exp"(%x) : (tensor<4xf32>) -> !onnx.value
    onnx.yield %1 : !onnx.value
  }, {
    %1 = onnx.node "Log"(%x) : (tensor<4xf32>) -> !onnx.value
    onnx.yield %1 : !onnx.value
  } attributes {subgraph_names = ["then_branch", "else_branch"]}
  return %0 : !onnx.value
}

// A run-time condition: both branches, each result selected; an empty
// list and a selection give the larger capacity and a run-time length.

// CHECK-LABEL: func.func @if_runtime(
// CHECK-SAME: -> (tensor<4xf32>, i64)
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.select
// CHECK: arith.select
// CHECK: return {{.*}} : tensor<4xf32>, i64
func.func @if_runtime(%c: tensor<1xi1>, %x: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "If"(%c) : (tensor<1xi1>) -> !onnx.value subgraphs {
    %e = arith.constant dense<> : tensor<0xf32>
    onnx.yield %e : tensor<0xf32>
  }, {
    %1 = onnx.node "Sigmoid"(%x) : (tensor<4xf32>) -> !onnx.value
    onnx.yield %1 : !onnx.value
  } attributes {subgraph_names = ["then_branch", "else_branch"]}
  return %0 : !onnx.value
}

