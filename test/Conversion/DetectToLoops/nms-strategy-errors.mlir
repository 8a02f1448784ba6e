// A strategy of detect.nms that nothing registered, on an op or as the pass
// option, is an error with the op's location and the registered names.
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops --verify-diagnostics
// RUN: not detect-opt %s --split-input-file --convert-detect-nms-to-loops="nms-strategy=integer" 2>&1 | FileCheck %s
// CHECK: error: unknown lowering strategy 'integer' for detect.nms (registered: float fixed-point)

func.func @bad_name(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi32>, i32) {
  // expected-error @below {{unknown lowering strategy 'fixd' for detect.nms (registered: float fixed-point)}}
  %k, %n = detect.nms %b, %s iou_threshold(0.5) {detect.strategy = "fixd"} : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi32>, i32
  return %k, %n : tensor<16xi32>, i32
}
