// Malformed custom syntax gives a located diagnostic, never a crash.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @unknown_layout(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @below {{unknown value 'xyz'}}
  %0 = detect.box_convert %b from xyz to xyxy : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @unknown_kind(%b: tensor<8x4xf32>) -> tensor<8x8xf32> {
  // expected-error @below {{unknown value 'siou'}}
  %0 = detect.iou %b, %b kind(siou) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

func.func @threshold_not_a_number(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{expected iou_threshold to be a number or an SSA value}}
  %k, %c = detect.nms %b, %s iou_threshold("half") : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @max_output_float(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{expected max_output to be a number or an SSA value}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(2.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @missing_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f32) -> (tensor<8xi64>, i64) {
  // expected-error @below {{expected ':'}}
  %k, %c = detect.nms %b, %s iou_threshold(%t) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @unclosed_rule(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  // expected-error @below {{expected ')'}}
  %0 = detect.box_area %b layout(yxyx : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @unranked(%b: tensor<*xf32>) -> tensor<8xf32> {
  // expected-error @below {{'detect.box_area' op operand #0 must be ranked tensor}}
  %0 = "detect.box_area"(%b) : (tensor<*xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @generic_bad_enum(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{expected valid keyword}}
  // expected-error @+1 {{failed to parse Detect_BoxLayoutAttr parameter 'value'}}
  %0 = "detect.box_area"(%b) <{layout = #detect<layout 7>}> : (tensor<8x4xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
