// Every verifier message of the detect dialect, with its location.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @boxes_wrong_rank(%b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'detect.box_area' op expects boxes to be a rank-2 tensor [N, 4], got 'tensor<4xf32>'}}
  %0 = detect.box_area %b : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @boxes_last_dim(%b: tensor<8x5xf32>) -> tensor<8x5xf32> {
  // expected-error @below {{'detect.box_convert' op expects the last dimension of boxes to be 4 (a box), got 5}}
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x5xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

func.func @boxes_dynamic_last_dim(%b: tensor<8x?xf32>) -> tensor<8x4xf32> {
  // expected-error @below {{'detect.box_convert' op expects the last dimension of boxes to be 4 (a box), got ?}}
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x?xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @convert_result_last_dim(%b: tensor<8x4xf32>) -> tensor<8x2xf32> {
  // expected-error @below {{'detect.box_convert' op expects the last dimension of the result to be 4 (a box), got 2}}
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x4xf32> -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

func.func @convert_mismatched_n(%b: tensor<8x4xf32>) -> tensor<7x4xf32> {
  // expected-error @below {{'detect.box_convert' op expects the number of boxes (8) and the number of result rows (7) to match}}
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x4xf32> -> tensor<7x4xf32>
  return %0 : tensor<7x4xf32>
}

// -----

func.func @convert_element_type(%b: tensor<8x4xf32>) -> tensor<8x4xf16> {
  // expected-error @below {{'detect.box_convert' op expects boxes and the result to have the same element type, got 'f32' and 'f16'}}
  %0 = detect.box_convert %b from xyxy to xywh : tensor<8x4xf32> -> tensor<8x4xf16>
  return %0 : tensor<8x4xf16>
}

// -----

func.func @integer_boxes(%b: tensor<8x4xi32>) -> tensor<8xi32> {
  // expected-error @below {{'detect.box_area' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values}}
  %0 = detect.box_area %b : tensor<8x4xi32> -> tensor<8xi32>
  return %0 : tensor<8xi32>
}

// -----

func.func @float_count(%b: tensor<8x4xf32>, %n: f32) -> tensor<8xf32> {
  // expected-error @below {{'detect.box_area' op operand #1 must be i32, i64 or index}}
  %0 = "detect.box_area"(%b, %n) : (tensor<8x4xf32>, f32) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

func.func @area_result_rank(%b: tensor<8x4xf32>) -> tensor<8x1xf32> {
  // expected-error @below {{'detect.box_area' op expects the result to be a rank-1 tensor [N], got 'tensor<8x1xf32>'}}
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8x1xf32>
  return %0 : tensor<8x1xf32>
}

// -----

func.func @area_mismatched_n(%b: tensor<8x4xf32>) -> tensor<9xf32> {
  // expected-error @below {{'detect.box_area' op expects the number of boxes (8) and the number of areas (9) to match}}
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<9xf32>
  return %0 : tensor<9xf32>
}

// -----

func.func @area_element_type(%b: tensor<8x4xf32>) -> tensor<8xf64> {
  // expected-error @below {{'detect.box_area' op expects boxes and the result to have the same element type, got 'f32' and 'f64'}}
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf64>
  return %0 : tensor<8xf64>
}

// -----

func.func @clip_missing_height(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @below {{'detect.clip_boxes' op requires the image height: an attribute or an operand}}
  %0 = detect.clip_boxes %b width(640) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @clip_width_twice(%b: tensor<8x4xf32>, %w: f32) -> tensor<8x4xf32> {
  // expected-error @below {{'detect.clip_boxes' op has the image width both as an attribute and as an operand}}
  %0 = "detect.clip_boxes"(%b, %w) <{height = 4.8e2 : f64, width = 6.4e2 : f64, operandSegmentSizes = array<i32: 1, 0, 0, 1>}> : (tensor<8x4xf32>, f32) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @clip_negative_size(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @below {{'detect.clip_boxes' op expects the image height to be finite and non-negative, got -1}}
  %0 = detect.clip_boxes %b height(-1) width(640) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @clip_size_type(%b: tensor<8x4xf32>, %h: f64) -> tensor<8x4xf32> {
  // expected-error @below {{'detect.clip_boxes' op expects the height operand to have type 'f32', got 'f64'}}
  %0 = detect.clip_boxes %b height(%h : f64) width(640) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @clip_result(%b: tensor<8x4xf32>) -> tensor<8x4xf16> {
  // expected-error @below {{'detect.clip_boxes' op expects boxes and the result to have the same element type, got 'f32' and 'f16'}}
  %0 = detect.clip_boxes %b height(1) width(1) : tensor<8x4xf32> -> tensor<8x4xf16>
  return %0 : tensor<8x4xf16>
}

// -----

func.func @iou_rhs_last_dim(%a: tensor<8x4xf32>, %b: tensor<5x3xf32>) -> tensor<8x5xf32> {
  // expected-error @below {{'detect.iou' op expects the last dimension of rhs to be 4 (a box), got 3}}
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x3xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

func.func @iou_result_rank(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<40xf32> {
  // expected-error @below {{'detect.iou' op expects the result to be a rank-2 tensor [N, M], got 'tensor<40xf32>'}}
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<40xf32>
  return %0 : tensor<40xf32>
}

// -----

func.func @iou_rows(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<5x5xf32> {
  // expected-error @below {{'detect.iou' op expects the number of lhs boxes (8) and the number of result rows (5) to match}}
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<5x5xf32>
  return %0 : tensor<5x5xf32>
}

// -----

func.func @iou_columns(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x8xf32> {
  // expected-error @below {{'detect.iou' op expects the number of rhs boxes (5) and the number of result columns (8) to match}}
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

func.func @iou_mixed_types(%a: tensor<8x4xf32>, %b: tensor<5x4xf16>) -> tensor<8x5xf32> {
  // expected-error @below {{'detect.iou' op expects lhs and rhs to have the same element type, got 'f32' and 'f16'}}
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf16> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

func.func @iou_result_type(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf64> {
  // expected-error @below {{'detect.iou' op expects lhs and the result to have the same element type, got 'f32' and 'f64'}}
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf64>
  return %0 : tensor<8x5xf64>
}

// -----

func.func @iou_negative_eps(%a: tensor<8x4xf32>) -> tensor<8x8xf32> {
  // expected-error @below {{'detect.iou' op expects eps to be finite and non-negative, got -1}}
  %0 = detect.iou %a, %a kind(diou) eps(-1.0) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

func.func @iou_eps_kind(%a: tensor<8x4xf32>) -> tensor<8x8xf32> {
  // expected-error @below {{'detect.iou' op expects eps to be 0 for kind giou (it applies to diou and ciou only)}}
  %0 = detect.iou %a, %a kind(giou) eps(1.0e-7) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// -----

func.func @decode_anchor_count(%e: tensor<10x4xf32>, %a: tensor<11x4xf32>) -> tensor<10x4xf32> {
  // expected-error @below {{'detect.decode_boxes' op expects the number of encodings (10) and the number of anchors (11) to match}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<11x4xf32> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @decode_result_rows(%e: tensor<10x4xf32>, %a: tensor<10x4xf32>) -> tensor<9x4xf32> {
  // expected-error @below {{'detect.decode_boxes' op expects the number of encodings (10) and the number of result rows (9) to match}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<10x4xf32> -> tensor<9x4xf32>
  return %0 : tensor<9x4xf32>
}

// -----

func.func @decode_anchor_rank(%e: tensor<10x4xf32>, %a: tensor<1x10x4xf32>) -> tensor<10x4xf32> {
  // expected-error @below {{'detect.decode_boxes' op expects anchors to be a rank-2 tensor [N, 4], got 'tensor<1x10x4xf32>'}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<1x10x4xf32> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @decode_anchor_type(%e: tensor<10x4xf32>, %a: tensor<10x4xf16>) -> tensor<10x4xf32> {
  // expected-error @below {{'detect.decode_boxes' op expects encodings and anchors to have the same element type, got 'f32' and 'f16'}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<10x4xf16> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @decode_result_type(%e: tensor<10x4xf32>, %a: tensor<10x4xf32>) -> tensor<10x4xf64> {
  // expected-error @below {{'detect.decode_boxes' op expects encodings and the result to have the same element type, got 'f32' and 'f64'}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) : tensor<10x4xf32>, tensor<10x4xf32> -> tensor<10x4xf64>
  return %0 : tensor<10x4xf64>
}

// -----

func.func @decode_zero_scale(%e: tensor<10x4xf32>, %a: tensor<10x4xf32>) -> tensor<10x4xf32> {
  // expected-error @below {{'detect.decode_boxes' op expects h_scale to be finite and positive, got 0}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 0.0, 5.0) : tensor<10x4xf32>, tensor<10x4xf32> -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @nms_scores_rank(%b: tensor<8x4xf32>, %s: tensor<1x8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects scores to be a rank-1 tensor [N], got 'tensor<1x8xf32>'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<1x8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_mismatched_n(%b: tensor<8x4xf32>, %s: tensor<7xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the number of boxes (8) and the number of scores (7) to match}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<7xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_score_type(%b: tensor<8x4xf32>, %s: tensor<8xf16>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects boxes and scores to have the same element type, got 'f32' and 'f16'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf16> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_indices_rank(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8x1xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the indices to be a rank-1 tensor [K], got 'tensor<8x1xi64>'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8x1xi64>, i64
  return %k, %c : tensor<8x1xi64>, i64
}

// -----

func.func @nms_index_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi16>, i16) {
  // expected-error @below {{'detect.nms' op result #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %k, %c = "detect.nms"(%b, %s) <{iou_threshold = 0.5 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<8x4xf32>, tensor<8xf32>) -> (tensor<8xi16>, i16)
  return %k, %c : tensor<8xi16>, i16
}

// -----

func.func @nms_count_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i32) {
  // expected-error @below {{'detect.nms' op expects the count to have the element type of the indices ('i64'), got 'i32'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i32
  return %k, %c : tensor<8xi64>, i32
}

// -----

func.func @nms_no_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op requires an IoU threshold: an attribute or an operand}}
  %k, %c = detect.nms %b, %s : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_threshold_twice(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f32) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op has the IoU threshold both as an attribute and as an operand}}
  %k, %c = "detect.nms"(%b, %s, %t) <{iou_threshold = 0.5 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 1, 0, 0>}> : (tensor<8x4xf32>, tensor<8xf32>, f32) -> (tensor<8xi64>, i64)
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_threshold_range(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the IoU threshold to be in [0, 1], got 1.5}}
  %k, %c = detect.nms %b, %s iou_threshold(1.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_negative_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the IoU threshold to be in [0, 1], got -1.000000e-01}}
  %k, %c = detect.nms %b, %s iou_threshold(-0.1) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_nan_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the IoU threshold to be in [0, 1], got nan}}
  %k, %c = "detect.nms"(%b, %s) <{iou_threshold = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<8x4xf32>, tensor<8xf32>) -> (tensor<8xi64>, i64)
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_threshold_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f64) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the IoU threshold operand to have type 'f32', got 'f64'}}
  %k, %c = detect.nms %b, %s iou_threshold(%t : f64) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_score_threshold_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f16) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the score threshold operand to have type 'f32', got 'f16'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) score_threshold(%t : f16) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_score_threshold_twice(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %t: f32) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op has the score threshold both as an attribute and as an operand}}
  %k, %c = "detect.nms"(%b, %s, %t) <{iou_threshold = 0.5 : f64, score_threshold = 0.1 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 1, 0>}> : (tensor<8x4xf32>, tensor<8xf32>, f32) -> (tensor<8xi64>, i64)
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_nan_score_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects the score threshold not to be NaN}}
  %k, %c = "detect.nms"(%b, %s) <{iou_threshold = 0.5 : f64, score_threshold = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<8x4xf32>, tensor<8xf32>) -> (tensor<8xi64>, i64)
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_limit_twice(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %m: i64) -> (tensor<4xi64>, i64) {
  // expected-error @below {{'detect.nms' op has the output limit both as an attribute and as an operand}}
  %k, %c = "detect.nms"(%b, %s, %m) <{iou_threshold = 0.5 : f64, max_output = 4 : i64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 1>}> : (tensor<8x4xf32>, tensor<8xf32>, i64) -> (tensor<4xi64>, i64)
  return %k, %c : tensor<4xi64>, i64
}

// -----

func.func @nms_negative_max_output(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects max_output to be non-negative, got -1}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(-1) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects 4 index slots (min(max_output, N)), got 8}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_capacity_above_n(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<100xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects 8 index slots (min(max_output, N)), got 100}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(100) : tensor<8x4xf32>, tensor<8xf32> -> tensor<100xi64>, i64
  return %k, %c : tensor<100xi64>, i64
}

// -----

func.func @nms_dynamic_capacity(%b: tensor<?x4xf32>, %s: tensor<?xf32>) -> (tensor<?xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects a static capacity when max_output is set}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(4) : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, i64
  return %k, %c : tensor<?xi64>, i64
}

// -----

func.func @nms_runtime_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %m: i32) -> (tensor<9xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects at most 8 index slots (N), got 9}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(%m : i32) : tensor<8x4xf32>, tensor<8xf32> -> tensor<9xi64>, i64
  return %k, %c : tensor<9xi64>, i64
}

// -----

func.func @nms_no_limit_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<4xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects 8 index slots (N, as no max_output is set), got 4}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<4xi64>, i64
  return %k, %c : tensor<4xi64>, i64
}

// -----

func.func @multiclass_boxes_rank(%b: tensor<8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects boxes to be a rank-3 tensor [B, N, 4], got 'tensor<8x4xf32>'}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<8x4xf32>, tensor<1x2x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}

// -----

func.func @multiclass_box_size(%b: tensor<1x8x5xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects the last dimension of boxes to be 4 (a box), got 5}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x5xf32>, tensor<1x2x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}

// -----

func.func @multiclass_batches(%b: tensor<2x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects the number of box batches (2) and the number of score batches (1) to match}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<2x8x4xf32>, tensor<1x2x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}

// -----

func.func @multiclass_spatial(%b: tensor<1x8x4xf32>, %s: tensor<1x2x7xf32>) -> (tensor<0x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects the number of boxes (8) and the number of scores per class (7) to match}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x2x7xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}

// -----

func.func @multiclass_row_width(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x2xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects rows of 3 selected indices (batch, class, box), got 2}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<0x2xi64>, i64
  return %0, %1 : tensor<0x2xi64>, i64
}

// -----

func.func @multiclass_count_type(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x3xi64>, i32) {
  // expected-error @below {{'detect.multiclass_nms' op expects the count to have the element type of the selected indices ('i64'), got 'i32'}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<0x3xi64>, i32
  return %0, %1 : tensor<0x3xi64>, i32
}

// -----

func.func @multiclass_capacity(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<16x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects 6 selected rows (B * C * min(max_output_boxes_per_class, N)), got 16}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(3) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<16x3xi64>, i64
  return %0, %1 : tensor<16x3xi64>, i64
}

// -----

func.func @multiclass_default_limit(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<16x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects 0 selected rows (B * C * min(max_output_boxes_per_class, N)), got 16}}
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<16x3xi64>, i64
  return %0, %1 : tensor<16x3xi64>, i64
}

// -----

func.func @multiclass_negative_limit(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<0x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects max_output_boxes_per_class to be non-negative, got -1}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(-1) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}

// -----

func.func @multiclass_runtime_capacity(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>, %m: i64) -> (tensor<17x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects at most 16 selected rows (B * C * N), got 17}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<17x3xi64>, i64
  return %0, %1 : tensor<17x3xi64>, i64
}

// -----

func.func @multiclass_iou_range(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<2x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects the IoU threshold to be in [0, 1], got 1.5}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(1) iou_threshold(1.5) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<2x3xi64>, i64
  return %0, %1 : tensor<2x3xi64>, i64
}

// -----

func.func @multiclass_threshold_type(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>, %t: f64) -> (tensor<2x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects the IoU threshold operand to have type 'f32', got 'f64'}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(1) iou_threshold(%t : f64) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<2x3xi64>, i64
  return %0, %1 : tensor<2x3xi64>, i64
}

// -----

func.func @multiclass_score_nan(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>) -> (tensor<2x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects the score threshold not to be NaN}}
  %0, %1 = "detect.multiclass_nms"(%b, %s) <{max_output_boxes_per_class = 1 : i64, score_threshold = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 1, 0, 0, 0, 0>}> : (tensor<1x8x4xf32>, tensor<1x2x8xf32>) -> (tensor<2x3xi64>, i64)
  return %0, %1 : tensor<2x3xi64>, i64
}

// -----

func.func @multiclass_dynamic_capacity(%b: tensor<1x8x4xf32>, %s: tensor<1x2x8xf32>, %m: i64) -> (tensor<?x3xi64>, i64) {
  // expected-error @below {{'detect.multiclass_nms' op expects a static capacity K of selected rows}}
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64) : tensor<1x8x4xf32>, tensor<1x2x8xf32> -> tensor<?x3xi64>, i64
  return %0, %1 : tensor<?x3xi64>, i64
}

// -----

func.func @pp_columns(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects 5 or 6 (with background) class columns, got 4}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(5) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_num_classes(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects num_classes to be positive, got 0}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(0) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_max_det(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects max_detections to be positive, got 0}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(0) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x0x4xf32>, tensor<1x0xf32>, tensor<1x0xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_per_anchor(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects max_classes_per_detection to be positive, got -1}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) max_classes_per_detection(-1) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_per_class(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects detections_per_class to be positive, got 0}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) detections_per_class(0) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_iou_zero(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects the IoU threshold to be in (0, 1] (as TFLite), got 0}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.0) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_scale(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects h_scale to be finite and positive, got -5}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, -5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_decode_type(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects decode_type f32 or f64, got 'f16'}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0) decode_type(f16)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_rows(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects detection_boxes of type 'tensor<1x6x4xf32>' (M = max_detections * max_classes_per_detection), got 'tensor<1x3x4xf32>'}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) max_classes_per_detection(2) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_batch(%e: tensor<2x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects a batch of 1 in box_encodings (as TFLite), got 2}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<2x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_encoding_width(%e: tensor<1x8x3xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects at least 4 values per box encoding, got 3}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x3xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_anchors(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<7x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects the number of box encodings (8) and the number of anchors (7) to match}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<7x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @pp_f16(%e: tensor<1x8x4xf16>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects f32 box_encodings, or i8 with box_quantization, got 'f16'}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf16>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @decode_compute_type(%e: tensor<8x4xf32>, %a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  // expected-error @below {{'detect.decode_boxes' op expects the compute type to be at least as wide as the element type 'f32', got 'f16'}}
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) compute_type(f16)
      : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

func.func @batched_idxs_rank(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8x1xi64>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects idxs to be a rank-1 tensor [N], got 'tensor<8x1xi64>'}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32>, tensor<8x1xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @batched_idxs_count(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<7xi64>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects the number of boxes (8) and the number of class indices (7) to match}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32>, tensor<7xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @batched_scores(%b: tensor<8x4xf32>, %s: tensor<7xf32>, %c: tensor<8xi64>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects the number of boxes (8) and the number of scores (7) to match}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<7xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @batched_no_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op requires an IoU threshold: an attribute or an operand}}
  %0, %1 = detect.batched_nms %b, %s, %c : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @batched_threshold_range(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects the IoU threshold to be in [0, 1], got 1.5}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(1.5) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @batched_threshold_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>, %t: f64) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects the IoU threshold operand to have type 'f32', got 'f64'}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(%t : f64) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @batched_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>) -> (tensor<9xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects at most 8 index slots (N), got 9}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<9xi64>, i64
  return %0, %1 : tensor<9xi64>, i64
}

// -----

func.func @batched_dynamic_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>) -> (tensor<?xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects a static capacity K of indices}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<?xi64>, i64
  return %0, %1 : tensor<?xi64>, i64
}

// -----

func.func @batched_count_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>) -> (tensor<8xi64>, i32) {
  // expected-error @below {{'detect.batched_nms' op expects the count to have the element type of the indices ('i64'), got 'i32'}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<8xi64>, i32
  return %0, %1 : tensor<8xi64>, i32
}

// -----

func.func @batched_element_types(%b: tensor<8x4xf32>, %s: tensor<8xf64>, %c: tensor<8xi64>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.batched_nms' op expects boxes and scores to have the same element type, got 'f32' and 'f64'}}
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf64>, tensor<8xi64> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @small_boxes_last_dim(%b: tensor<8x3xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.remove_small_boxes' op expects the last dimension of boxes to be 4 (a box), got 3}}
  %0, %1 = detect.remove_small_boxes %b min_size(1.0) : tensor<8x3xf32> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @small_boxes_no_size(%b: tensor<8x4xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.remove_small_boxes' op requires a minimum size: an attribute or an operand}}
  %0, %1 = detect.remove_small_boxes %b : tensor<8x4xf32> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @small_boxes_nan(%b: tensor<8x4xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.remove_small_boxes' op expects the minimum size not to be NaN}}
  %0, %1 = "detect.remove_small_boxes"(%b) <{min_size = 0x7FF8000000000000 : f64, operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<8x4xf32>) -> (tensor<8xi64>, i64)
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @small_boxes_size_type(%b: tensor<8x4xf32>, %m: f16) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.remove_small_boxes' op expects the minimum size operand to have type 'f32', got 'f16'}}
  %0, %1 = detect.remove_small_boxes %b min_size(%m : f16) : tensor<8x4xf32> -> tensor<8xi64>, i64
  return %0, %1 : tensor<8xi64>, i64
}

// -----

func.func @small_boxes_capacity(%b: tensor<8x4xf32>) -> (tensor<9xi32>, i32) {
  // expected-error @below {{'detect.remove_small_boxes' op expects at most 8 index slots (N), got 9}}
  %0, %1 = detect.remove_small_boxes %b min_size(1.0) : tensor<8x4xf32> -> tensor<9xi32>, i32
  return %0, %1 : tensor<9xi32>, i32
}

// -----

func.func @small_boxes_indices_rank(%b: tensor<8x4xf32>) -> (tensor<8x1xi64>, i64) {
  // expected-error @below {{'detect.remove_small_boxes' op expects the indices to be a rank-1 tensor [K], got 'tensor<8x1xi64>'}}
  %0, %1 = detect.remove_small_boxes %b min_size(1.0) : tensor<8x4xf32> -> tensor<8x1xi64>, i64
  return %0, %1 : tensor<8x1xi64>, i64
}

// -----

func.func @nms_eta(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects eta to be in (0, 1], got 1.5}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) eta(1.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_max_candidates(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects max_candidates to be positive, got 0}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_candidates(0) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}

// -----

func.func @nms_jaccard_f16(%b: tensor<8x4xf16>, %s: tensor<8xf16>) -> (tensor<8xi64>, i64) {
  // expected-error @below {{'detect.nms' op expects f32 or f64 boxes with overlap(jaccard_distance), got 'f16'}}
  %k, %c = detect.nms %b, %s iou_threshold(0.5) overlap(jaccard_distance) : tensor<8x4xf16>, tensor<8xf16> -> tensor<8xi64>, i64
  return %k, %c : tensor<8xi64>, i64
}
