// Checks that --detect-require-static-shapes names every dynamic detect op and dynamic public argument, and leaves static IR unchanged.
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-require-static-shapes | FileCheck %s

func.func @dynamic_op(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %d = tensor.cast %b : tensor<8x4xf32> to tensor<?x4xf32>
  // expected-error @below {{'detect.box_convert' op has the dynamic shape 'tensor<?x4xf32>', which the heap-free pipelines cannot place in memory; give it a static capacity and pass the run-time length as a `valid` count}}
  %0 = detect.box_convert %d from xyxy to cxcywh : tensor<?x4xf32> -> tensor<?x4xf32>
  %1 = tensor.cast %0 : tensor<?x4xf32> to tensor<8x4xf32>
  return %1 : tensor<8x4xf32>
}

// -----

// A dynamic result is reported too (the operands here are static).
func.func @dynamic_result(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> i64 {
  // expected-error @below {{'detect.nms' op has the dynamic shape 'tensor<?xi64>'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<?xi64>, i64
  return %c : i64
}

// -----

// expected-error @below {{public function 'dynamic_argument' takes 'tensor<?x4xf32>': the heap-free pipelines need static shapes at the C ABI}}
func.func @dynamic_argument(%b: tensor<?x4xf32>) -> index {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %b, %c0 : tensor<?x4xf32>
  return %n : index
}

// -----

// Every problem is reported, not only the first one.
// expected-error @below {{public function 'both' takes 'tensor<?xf32>'}}
func.func @both(%b: tensor<16x4xf32>, %s: tensor<?xf32>) -> (tensor<4xi32>, i32) {
  %d = tensor.cast %b : tensor<16x4xf32> to tensor<?x4xf32>
  // expected-error @below {{'detect.nms' op has the dynamic shape 'tensor<?x4xf32>'}}
  %k, %c = detect.nms %d, %s iou_threshold(0.5) max_output(4) : tensor<?x4xf32>, tensor<?xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}

// -----

// Static public functions, private helpers and declarations with dynamic
// shapes (they are not part of the C ABI), and non-detect ops with dynamic
// shapes are accepted and left unchanged.

// CHECK-LABEL: func.func @static_nms(
// CHECK-SAME: [[B:%[^:]+]]: tensor<16x4xf32>, [[S:%[^:]+]]: tensor<16xf32>) -> (tensor<4xi32>, i32)
// CHECK-NEXT: [[K:%.+]], [[C:%.+]] = detect.nms [[B]], [[S]] iou_threshold(5.000000e-01) max_output(4) : tensor<16x4xf32>, tensor<16xf32> -> tensor<4xi32>, i32
// CHECK-NEXT: return [[K]], [[C]] : tensor<4xi32>, i32
func.func @static_nms(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<4xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<16x4xf32>, tensor<16xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}

// CHECK-LABEL: func.func private @helper(
// CHECK-SAME: tensor<?x4xf32>
// CHECK-NEXT: tensor.cast
// CHECK-NEXT: return
func.func private @helper(%b: tensor<?x4xf32>) -> tensor<8x4xf32> {
  %0 = tensor.cast %b : tensor<?x4xf32> to tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// CHECK-LABEL: func.func private @external(tensor<?x4xf32>)
func.func private @external(%b: tensor<?x4xf32>)
