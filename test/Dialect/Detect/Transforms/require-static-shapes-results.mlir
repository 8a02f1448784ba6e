// Checks that --detect-require-static-shapes also rejects a dynamic shape in a public function's results.
// Without the check, such a module passes and --detect-to-llvm leaves an
// unconverted func.func behind.
// RUN: detect-opt %s --verify-diagnostics --detect-require-static-shapes

// expected-error @below {{public function 'dynamic_result'}}
func.func @dynamic_result(%b: tensor<8x4xf32>) -> tensor<?x4xf32> {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  %1 = tensor.cast %0 : tensor<8x4xf32> to tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
