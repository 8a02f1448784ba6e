// The onnx dialect's verifiers.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @regions_unnamed(%c: tensor<i1>) {
  // expected-error @+1 {{has 1 subgraph regions but names 0 in 'subgraph_names'}}
  %0 = onnx.node "If"(%c) : (tensor<i1>) -> !onnx.value subgraphs {
    onnx.yield
  }
  return
}

// -----

func.func @names(%x: tensor<4xf32>) {
  // expected-error @+1 {{has 1 results but 2 result names}}
  %0 = onnx.node "Exp"(%x) : (tensor<4xf32>) -> !onnx.value attributes {result_names = ["a", "b"]}
  return
}

// -----

func.func @length_axis(%x: tensor<4xf32>, %n: index) {
  // expected-error @+1 {{needs an 'axis' of the input's rank with a length}}
  %0 = onnx.bounded %x length(%n) {axis = 1 : i64} : tensor<4xf32>
  return
}

// -----

func.func @bounds(%x: tensor<3xi64>) {
  // expected-error @+1 {{'bounds' and 'exact' need one entry per element of an integer tensor}}
  %0 = onnx.bounded %x {bounds = array<i64: 1, 2>, exact = array<i1: true, true>} : tensor<3xi64>
  return
}
