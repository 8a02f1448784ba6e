// TopK, NonZero and NonMaxSuppression (DataDependent.cpp): static capacities with run-time lengths, returned as i64 results.
// RUN: detect-opt %s --convert-onnx-to-detect | FileCheck %s

// CHECK-LABEL: func.func @topk(
// CHECK-SAME: -> (tensor<1x3xf32>, tensor<1x3xi64>)
// CHECK: arith.minsi
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: arith.cmpi sge
// CHECK: arith.maxsi
// CHECK: tensor.extract
// CHECK: arith.cmpi sgt
// CHECK: arith.xori
// CHECK: tensor.insert
// CHECK: arith.minsi
// CHECK: return {{.*}} : tensor<1x3xf32>, tensor<1x3xi64>
func.func @topk(%x: tensor<1x10xf32>) -> (!onnx.value, !onnx.value) attributes {onnx.opset = 13 : i64} {
  %k = arith.constant dense<[3]> : tensor<1xi64>
  %0:2 = onnx.node "TopK"(%x, %k) {axis = -1 : i64} : (tensor<1x10xf32>, tensor<1xi64>) -> (!onnx.value, !onnx.value)
  return %0#0, %0#1 : !onnx.value, !onnx.value
}

// A k known only at run time: the capacity is the axis, the length min(k, 10).

// CHECK-LABEL: func.func @topk_runtime_k(
// CHECK-SAME: -> (tensor<10xf32>, tensor<10xi64>, i64, i64)
// CHECK: tensor.extract
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: tensor.extract
// CHECK: arith.minsi
// CHECK: arith.minsi
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: arith.cmpi sge
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: tensor.extract
// CHECK: return {{.*}} : tensor<10xf32>, tensor<10xi64>, i64, i64
func.func @topk_runtime_k(%x: tensor<10xf32>, %k: tensor<1xi64>) -> (!onnx.value, !onnx.value) attributes {onnx.opset = 13 : i64} {
  %0:2 = onnx.node "TopK"(%x, %k) {axis = 0 : i64} : (tensor<10xf32>, tensor<1xi64>) -> (!onnx.value, !onnx.value)
  return %0#0, %0#1 : !onnx.value, !onnx.value
}

// CHECK-LABEL: func.func @nonzero(
// CHECK-SAME: -> (tensor<2x6xi64>, i64)
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel"]
// CHECK: tensor.extract
// CHECK: arith.constant 0 : i64
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: tensor.extract
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.cmpf une
// CHECK: scf.if
// CHECK: tensor.insert
// CHECK: tensor.insert
// CHECK: return {{.*}} : tensor<2x6xi64>, i64
func.func @nonzero(%x: tensor<2x3xf32>) -> !onnx.value attributes {onnx.opset = 13 : i64} {
  %0 = onnx.node "NonZero"(%x) : (tensor<2x3xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// CHECK-LABEL: func.func @nms(
// CHECK-SAME: -> (tensor<10x3xi64>, i64)
// CHECK: detect.multiclass_nms
// CHECK: return {{.*}} : tensor<10x3xi64>, i64
func.func @nms(%boxes: tensor<1x8x4xf32>, %scores: tensor<1x2x8xf32>) -> !onnx.value attributes {onnx.opset = 11 : i64} {
  %max = arith.constant dense<[5]> : tensor<1xi64>
  %iou = arith.constant dense<[0.5]> : tensor<1xf32>
  %thr = arith.constant dense<[0.05]> : tensor<1xf32>
  %0 = onnx.node "NonMaxSuppression"(%boxes, %scores, %max, %iou, %thr) {center_point_box = 1 : i64} : (tensor<1x8x4xf32>, tensor<1x2x8xf32>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>) -> !onnx.value
  return %0 : !onnx.value
}

// Boxes with a run-time length (one batch): only the valid ones compete.

// CHECK-LABEL: func.func @nms_bounded(
// CHECK-SAME: -> (tensor<5x3xi64>, i64)
// CHECK: detect.multiclass_nms
// CHECK: return {{.*}} : tensor<5x3xi64>, i64
func.func @nms_bounded(%rows: tensor<1x8x4xf32>, %n: index, %scores: tensor<1x1x8xf32>) -> !onnx.value attributes {onnx.opset = 11 : i64} {
  %boxes = onnx.bounded %rows length(%n) {axis = 1 : i64} : tensor<1x8x4xf32>
  %max = arith.constant dense<[5]> : tensor<1xi64>
  %iou = arith.constant dense<[0.5]> : tensor<1xf32>
  %0 = onnx.node "NonMaxSuppression"(%boxes, %scores, %max, %iou) : (tensor<1x8x4xf32>, tensor<1x1x8xf32>, tensor<1xi64>, tensor<1xf32>) -> !onnx.value
  return %0 : !onnx.value
}

