// Checks that both pipelines refuse dynamic shapes up front, naming the op or the public function, instead of failing later.
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-to-llvm
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-to-emitc

func.func @nms_dynamic(%b: tensor<16x4xf32>, %s: tensor<16xf32>, %n: index) -> (tensor<4xi32>, i32) {
  %d = tensor.extract_slice %b[0, 0] [%n, 4] [1, 1] : tensor<16x4xf32> to tensor<?x4xf32>
  %e = tensor.extract_slice %s[0] [%n] [1] : tensor<16xf32> to tensor<?xf32>
  // expected-error @below {{'detect.nms' op has the dynamic shape 'tensor<?x4xf32>', which the heap-free pipelines cannot place in memory; give it a static capacity and pass the run-time length as a `valid` count}}
  %k, %c = detect.nms %d, %e iou_threshold(0.5) max_output(4) : tensor<?x4xf32>, tensor<?xf32> -> tensor<4xi32>, i32
  return %k, %c : tensor<4xi32>, i32
}

// -----

// expected-error @below {{public function 'decode_dynamic' takes 'tensor<?x4xf32>': the heap-free pipelines need static shapes at the C ABI}}
func.func @decode_dynamic(%e: tensor<?x4xf32>, %a: tensor<?x4xf32>) -> tensor<16x4xf32> {
  %c = tensor.cast %e : tensor<?x4xf32> to tensor<16x4xf32>
  return %c : tensor<16x4xf32>
}

// -----

// expected-error @below {{public function 'area_dynamic_result'}}
func.func @area_dynamic_result(%b: tensor<8x4xf32>) -> tensor<?xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  %1 = tensor.cast %0 : tensor<8xf32> to tensor<?xf32>
  return %1 : tensor<?xf32>
}
