// A strategy name that nothing registered, on an op or as the pass option,
// is an error with the op's location and the registered names.
// RUN: detect-opt %s --split-input-file --convert-detect-to-linalg --verify-diagnostics
// RUN: not detect-opt %s --split-input-file --convert-detect-to-linalg="iou-strategy=fixd" 2>&1 | FileCheck %s
// CHECK: error: unknown lowering strategy 'fixd' for detect.iou (registered: float fixed-point)

func.func @bad_name(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  // expected-error @below {{unknown lowering strategy 'integer' for detect.iou (registered: float fixed-point)}}
  %0 = detect.iou %a, %b {detect.strategy = "integer"} : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

func.func @not_a_string(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  // expected-error @below {{'detect.strategy' must be a string naming a lowering strategy}}
  %0 = detect.iou %a, %b {detect.strategy = 1 : i32} : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}
