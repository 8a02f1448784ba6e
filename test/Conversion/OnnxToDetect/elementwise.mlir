// Each elementwise ONNX op (Elementwise.cpp) as IR in, IR out: one linalg.generic over the broadcast shape with the op's scalar arithmetic; operands known at conversion time fold.
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// CHECK-LABEL: func.func @add(
// CHECK-SAME: -> tensor<2x3xf32>
// CHECK: linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.addf
func.func @add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Add"(%a, %b) : (tensor<2x3xf32>, tensor<3xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// Integer Mod (fmod = 0) takes the divisor's sign; x mod 0 is 0.
// CHECK-LABEL: func.func @mod(
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK: %[[IS0:.*]] = arith.cmpi eq, %[[D:.*]], %[[ZERO]]
// CHECK: %[[SAFE:.*]] = arith.select %[[IS0]], %[[ONE]], %[[D]]
// CHECK: %[[R:.*]] = arith.remsi %{{.*}}, %[[SAFE]]
// CHECK: arith.xori
// CHECK: %[[FIX:.*]] = arith.addi %[[R]], %[[SAFE]]
// CHECK: arith.select %{{.*}}, %[[FIX]], %[[R]]
func.func @mod(%a: tensor<4xi64>, %b: tensor<4xi64>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Mod"(%a, %b) : (tensor<4xi64>, tensor<4xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// Operands known at conversion time: the result is a constant.
// CHECK-LABEL: func.func @fold(
// CHECK-NEXT: %[[C:.*]] = arith.constant dense<[8, 15]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @fold() -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %c = arith.constant dense<[2, 3]> : tensor<2xi64>
  %d = arith.constant dense<[4, 5]> : tensor<2xi64>
  %0 = onnx.node "Mul"(%c, %d) : (tensor<2xi64>, tensor<2xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @sub(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.subf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @sub(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Sub"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @mul(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.mulf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @mul(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Mul"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @div(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.divf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @div(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Div"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @pow(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.powf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @pow(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Pow"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @and(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.andi
// CHECK: return {{.*}} : tensor<4xi1>
func.func @and(%a: tensor<4xi1>, %b: tensor<4xi1>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "And"(%a, %b) : (tensor<4xi1>, tensor<4xi1>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @or(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.ori
// CHECK: return {{.*}} : tensor<4xi1>
func.func @or(%a: tensor<4xi1>, %b: tensor<4xi1>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Or"(%a, %b) : (tensor<4xi1>, tensor<4xi1>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @xor(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.xori
// CHECK: return {{.*}} : tensor<4xi1>
func.func @xor(%a: tensor<4xi1>, %b: tensor<4xi1>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Xor"(%a, %b) : (tensor<4xi1>, tensor<4xi1>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @div_int(
// CHECK-SAME: -> tensor<4xi64>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.constant 0 : i64
// CHECK: arith.constant 1 : i64
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.divsi
// CHECK: return {{.*}} : tensor<4xi64>
func.func @div_int(%a: tensor<4xi64>, %b: tensor<4xi64>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Div"(%a, %b) : (tensor<4xi64>, tensor<4xi64>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @mod_fmod(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.remf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @mod_fmod(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Mod"(%a, %b) {fmod = 1 : i64} : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @min(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.minimumf
// CHECK: arith.minimumf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @min(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Min"(%a, %b, %c) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @max(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.maximumf
// CHECK: arith.maximumf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @max(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Max"(%a, %b, %c) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @sum(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.addf
// CHECK: arith.addf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @sum(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Sum"(%a, %b, %c) : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @greater(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.cmpf ogt
// CHECK: return {{.*}} : tensor<4xi1>
func.func @greater(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Greater"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @less(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.cmpf olt
// CHECK: return {{.*}} : tensor<4xi1>
func.func @less(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Less"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @greaterorequal(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.cmpf oge
// CHECK: return {{.*}} : tensor<4xi1>
func.func @greaterorequal(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "GreaterOrEqual"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @lessorequal(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.cmpf ole
// CHECK: return {{.*}} : tensor<4xi1>
func.func @lessorequal(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "LessOrEqual"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @equal(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.cmpf oeq
// CHECK: return {{.*}} : tensor<4xi1>
func.func @equal(%a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Equal"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @exp(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.exp
// CHECK: return {{.*}} : tensor<4xf32>
func.func @exp(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Exp"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @log(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.log
// CHECK: return {{.*}} : tensor<4xf32>
func.func @log(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Log"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @sqrt(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.sqrt
// CHECK: return {{.*}} : tensor<4xf32>
func.func @sqrt(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Sqrt"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @neg(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.negf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @neg(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Neg"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @abs(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.absf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @abs(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Abs"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @relu(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @relu(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Relu"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @sigmoid(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @sigmoid(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Sigmoid"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @tanh(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.tanh
// CHECK: return {{.*}} : tensor<4xf32>
func.func @tanh(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Tanh"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @floor(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.floor
// CHECK: return {{.*}} : tensor<4xf32>
func.func @floor(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Floor"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @ceil(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: math.ceil
// CHECK: return {{.*}} : tensor<4xf32>
func.func @ceil(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Ceil"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @reciprocal(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.divf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @reciprocal(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Reciprocal"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @hardswish(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.constant 0.166666672 : f32
// CHECK: arith.mulf
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.addf
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.minimumf
// CHECK: arith.mulf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @hardswish(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "HardSwish"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @identity(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: return {{.*}} : tensor<4xf32>
func.func @identity(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Identity"(%a) : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @hardsigmoid(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: arith.mulf
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.addf
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.minimumf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @hardsigmoid(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "HardSigmoid"(%a) {alpha = 2.500000e-01 : f32, beta = 5.000000e-01 : f32} : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @not(
// CHECK-SAME: -> tensor<4xi1>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.constant true
// CHECK: arith.xori
// CHECK: return {{.*}} : tensor<4xi1>
func.func @not(%a: tensor<4xi1>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Not"(%a) : (tensor<4xi1>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @cast(
// CHECK-SAME: -> tensor<4xi64>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.fptosi
// CHECK: return {{.*}} : tensor<4xi64>
func.func @cast(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Cast"(%a) {to = 7 : i64} : (tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @clip(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK: arith.constant dense<6.000000e+00> : tensor<f32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @clip(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %lo = arith.constant dense<0.0> : tensor<f32>
  %hi = arith.constant dense<6.0> : tensor<f32>
  %0 = onnx.node "Clip"(%a, %lo, %hi) : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @clip_no_min(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: arith.constant dense<6.000000e+00> : tensor<f32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.minimumf
// CHECK: return {{.*}} : tensor<4xf32>
func.func @clip_no_min(%a: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %none = onnx.none
  %hi = arith.constant dense<6.0> : tensor<f32>
  %0 = onnx.node "Clip"(%a, %none, %hi) : (tensor<4xf32>, none, tensor<f32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @where(
// CHECK-SAME: -> tensor<4xf32>
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: arith.select
// CHECK: return {{.*}} : tensor<4xf32>
func.func @where(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Where"(%c, %a, %b) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @constant(
// CHECK-SAME: -> tensor<2xi64>
// CHECK: arith.constant dense<[1, 2]> : tensor<2xi64>
// CHECK: return {{.*}} : tensor<2xi64>
func.func @constant() -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Constant"() {value_ints = array<i64: 1, 2>} : () -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @constant_tensor(
// CHECK-SAME: -> tensor<2xf32>
// CHECK: arith.constant dense<[1.500000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK: return {{.*}} : tensor<2xf32>
func.func @constant_tensor() -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "Constant"() {value = dense<[1.5, 2.5]> : tensor<2xf32>} : () -> !onnx.value
  return %0 : !onnx.value
}

