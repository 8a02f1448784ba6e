// Errors of convert-onnx-to-detect name the node (by name, or #index in its graph) and its op type.
// RUN: detect-opt %s --split-input-file --convert-onnx-to-detect --verify-diagnostics

func.func @unknown_op(%x: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  // expected-error @+1 {{node #0 (Frobnicate): no lowering for this op}}
  %0 = onnx.node "Frobnicate"(%x) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// -----

func.func @attribute_kind(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  // expected-error @+1 {{node 'flat' (Flatten): attribute 'axis' must be an integer}}
  %0 = onnx.node "Flatten"(%x) {axis = "one"} : (tensor<2x3xf32>) -> !onnx.value attributes {name = "flat"}
  return %0 : !onnx.value
}

// -----

func.func @reshape_size(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %s = arith.constant dense<[4, 2]> : tensor<2xi64>
  // expected-error @+1 {{node #0 (Reshape): shape [4, 2] does not hold the 6 elements of an input of shape [2, 3]}}
  %0 = onnx.node "Reshape"(%x, %s) : (tensor<2x3xf32>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// -----

func.func @declared_type(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  // expected-error @+1 {{node #0 (Relu): value 'r' is declared with shape [3, 2] but computes [2, 3]}}
  %0 = onnx.node "Relu"(%x) : (tensor<2x3xf32>) -> !onnx.value attributes {result_names = ["r"], declared_types = [tensor<3x2xf32>]}
  return %0 : !onnx.value
}

// -----

// expected-error @+1 {{graph output 'y' is declared with element type INT64 but computes another}}
func.func @declared_output(%x: tensor<2x3xf32>) -> (!onnx.value {onnx.name = "y", onnx.declared_type = tensor<?x3xi64>}) attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Relu"(%x) : (tensor<2x3xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// -----

func.func @value_not_shape(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  // expected-error @+1 {{node #0 (Reshape): the shape must be an integer tensor known at import time}}
  %0 = onnx.node "Reshape"(%x, %x) : (tensor<2x3xf32>, tensor<2x3xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// -----

// expected-error @+1 {{the outputs read graph input 'image' beyond its shape}}
func.func @placeholder_read(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %image = onnx.placeholder "image" : tensor<2x3xf32>
  %0 = onnx.node "Add"(%x, %image) : (tensor<2x3xf32>, tensor<2x3xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// -----

func.func @if_ranks(%c: tensor<1xi1>, %x: tensor<4xf32>, %y: tensor<2x2xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  // expected-error @+1 {{node #0 (If): output 0: the branches yield [4] and [2, 2] of different ranks or element types}}
  %0 = onnx.node "If"(%c) : (tensor<1xi1>) -> !onnx.value subgraphs {
    onnx.yield %x : tensor<4xf32>
  }, {
    onnx.yield %y : tensor<2x2xf32>
  } attributes {subgraph_names = ["then_branch", "else_branch"]}
  return %0 : !onnx.value
}

// -----

// A reshape that would move padding rows in among the valid ones is refused.
func.func @reshape_mixes_padding(%rows: tensor<6x4xf32>, %n: index) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %x = onnx.bounded %rows length(%n) {axis = 0 : i64} : tensor<6x4xf32>
  %s = arith.constant dense<[4, 6]> : tensor<2xi64>
  // expected-error @+1 {{node #0 (Reshape): reshaping [6, 4], whose axis 0 has a run-time length, to [4, 6] would mix its valid rows with padding}}
  %0 = onnx.node "Reshape"(%x, %s) : (tensor<6x4xf32>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}
