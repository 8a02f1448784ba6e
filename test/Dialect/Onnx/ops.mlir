// The onnx dialect prints and parses back: nodes with attributes, names,
// declared types and subgraphs; none, placeholder and bounded.
// RUN: detect-opt %s | detect-opt | FileCheck %s

// CHECK-LABEL: func.func @graph(
func.func @graph(%x: tensor<1x8x4xf32>, %n: index) -> (!onnx.value, !onnx.value) attributes {onnx.opset = 13 : i64} {
  // CHECK: %[[NONE:.*]] = onnx.none
  %none = onnx.none
  // CHECK: %[[IMG:.*]] = onnx.placeholder "image" : tensor<1x3x32x32xf32>
  %image = onnx.placeholder "image" : tensor<1x3x32x32xf32>
  // CHECK: %[[B:.*]] = onnx.bounded %{{.*}} length(%{{.*}}) {axis = 1 : i64} : tensor<1x8x4xf32>
  %b = onnx.bounded %x length(%n) {axis = 1 : i64} : tensor<1x8x4xf32>
  // CHECK: onnx.bounded %{{.*}} {bounds = array<i64: 1, 8>, exact = array<i1: true, false>} : tensor<2xi64>
  %s = arith.constant dense<[1, 8]> : tensor<2xi64>
  %sb = onnx.bounded %s {bounds = array<i64: 1, 8>, exact = array<i1: true, false>} : tensor<2xi64>
  // CHECK: %[[K:.*]]:2 = onnx.node "TopK"(%[[B]], %{{.*}}) {axis = -1 : i64} : (tensor<1x8x4xf32>, tensor<1xi64>) -> (!onnx.value, !onnx.value) attributes {name = "topk", result_names = ["v", "i"]}
  %k = arith.constant dense<[3]> : tensor<1xi64>
  %t:2 = onnx.node "TopK"(%b, %k) {axis = -1 : i64} : (tensor<1x8x4xf32>, tensor<1xi64>) -> (!onnx.value, !onnx.value) attributes {name = "topk", result_names = ["v", "i"]}
  // CHECK: onnx.node "Clip"(%[[K]]#0, %[[NONE]]) : (!onnx.value, none) -> !onnx.value
  %c = onnx.node "Clip"(%t#0, %none) : (!onnx.value, none) -> !onnx.value
  // CHECK: onnx.node "If"(%{{.*}}) : (tensor<i1>) -> !onnx.value subgraphs {
  // CHECK: onnx.yield %{{.*}} : !onnx.value
  // CHECK: }, {
  // CHECK: } attributes {index = 4 : i64, subgraph_names = ["then_branch", "else_branch"]}
  %cond = arith.constant dense<true> : tensor<i1>
  %if = onnx.node "If"(%cond) : (tensor<i1>) -> !onnx.value subgraphs {
    onnx.yield %c : !onnx.value
  }, {
    %e = onnx.node "Exp"(%c) : (!onnx.value) -> !onnx.value
    onnx.yield %e : !onnx.value
  } attributes {index = 4 : i64, subgraph_names = ["then_branch", "else_branch"]}
  return %if, %t#1 : !onnx.value, !onnx.value
}
