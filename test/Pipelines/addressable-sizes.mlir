// Tensors whose byte size the 64-bit index cannot hold are refused by both
// pipelines up front (detect-require-addressable-sizes), naming the op and
// the function. They used to compile: detect.nms on 2^62 boxes reported a
// scratch of 0 bytes, on 2^63 - 1 boxes of -8. The 32-bit limit is in
// addressable-sizes-32.mlir.
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-to-llvm
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-to-emitc

// expected-error @below {{'func.func' op argument #0: tensor<4611686018427387904x4xf32> takes more than 2^63 - 1 bytes; the 64-bit index of the target addresses at most 9223372036854775807}}
func.func @nms_2_62(%b: tensor<4611686018427387904x4xf32>, %s: tensor<4611686018427387904xf32>) -> (tensor<4611686018427387904xi64>, i64) {
  // expected-error @below {{'detect.nms' op operand #0: tensor<4611686018427387904x4xf32> takes more than 2^63 - 1 bytes}}
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<4611686018427387904x4xf32>, tensor<4611686018427387904xf32> -> tensor<4611686018427387904xi64>, i64
  return %k, %n : tensor<4611686018427387904xi64>, i64
}

// -----

// expected-error @below {{'func.func' op argument #0: tensor<9223372036854775807x4xf32> takes more than 2^63 - 1 bytes}}
func.func @nms_2_63(%b: tensor<9223372036854775807x4xf32>, %s: tensor<9223372036854775807xf32>) -> (tensor<9223372036854775807xi64>, i64) {
  // expected-error @below {{'detect.nms' op operand #0: tensor<9223372036854775807x4xf32> takes more than 2^63 - 1 bytes}}
  %k, %n = detect.nms %b, %s iou_threshold(0.5) : tensor<9223372036854775807x4xf32>, tensor<9223372036854775807xf32> -> tensor<9223372036854775807xi64>, i64
  return %k, %n : tensor<9223372036854775807xi64>, i64
}

// -----

// The product of the dims overflows although each fits: 2^32 * 2^32 rows.
// expected-error @below {{'func.func' op argument #1: tensor<4294967296x1x4294967296xf32> takes more than 2^63 - 1 bytes}}
func.func @multiclass(%b: tensor<1x8x4xf32>, %s: tensor<4294967296x1x4294967296xf32>) {
  return
}

// -----

// The verifier accepts 2^32 * (2^31 - 1) rows (the product fits in 64
// bits); their bytes do not.
// expected-error @below {{'func.func' op result #0: tensor<1x9223372032559808512x4xf32> takes more than 2^63 - 1 bytes}}
func.func @pp_rows(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) -> tensor<1x9223372032559808512x4xf32> {
  // expected-error @below {{'detect.detection_postprocess' op result #0: tensor<1x9223372032559808512x4xf32> takes more than 2^63 - 1 bytes}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(4294967296) max_classes_per_detection(2147483647) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x9223372032559808512x4xf32>, tensor<1x9223372032559808512xf32>, tensor<1x9223372032559808512xf32>, tensor<1xf32>
  return %0#0 : tensor<1x9223372032559808512x4xf32>
}
