// On a 32-bit target a buffer holds at most 2^31 - 1 bytes: 2^27 boxes
// (2^31 bytes of f32 corners) are refused by both pipelines, naming the op,
// and by detect-compile for the Cortex-M4, while the host compiles them (its
// --report states the scratch, 22 bytes per box, without wrapping).
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-to-llvm=index-bitwidth=32
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-to-emitc=index-bitwidth=32
// RUN: not detect-compile %s --target=cortex-m4 -o /dev/null 2>&1 | FileCheck %s --check-prefix=M4
// M4: error: 'detect.nms' op operand #0: tensor<134217728x4xf32> takes 2147483648 bytes; the 32-bit index of the target addresses at most 2147483647
// RUN: detect-compile %s --target=host --report -o /dev/null 2>&1 | FileCheck %s --check-prefix=HOST
// HOST: nms_2_27 {{[0-9]+}} 2952790024

// expected-error @below {{'func.func' op argument #0: tensor<134217728x4xf32> takes 2147483648 bytes; the 32-bit index of the target addresses at most 2147483647}}
func.func @nms_2_27(%b: tensor<134217728x4xf32>, %s: tensor<134217728xf32>) -> (tensor<134217728xi32>, i32) {
  // expected-error @below {{'detect.nms' op operand #0: tensor<134217728x4xf32> takes 2147483648 bytes}}
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<134217728x4xf32>, tensor<134217728xf32> -> tensor<134217728xi32>, i32
  return %k, %n : tensor<134217728xi32>, i32
}
