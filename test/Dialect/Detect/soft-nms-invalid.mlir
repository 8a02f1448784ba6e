// Every verifier message of detect.soft_nms, with its location.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @scores_count(%b: tensor<8x4xf32>, %s: tensor<7xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects the number of boxes (8) and the number of scores (7) to match}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<7xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @scores_slots(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects the number of indices (8) and the number of selected scores (4) to match}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<4xf32>, i32
  return
}

// -----

func.func @scores_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects boxes and the selected scores to have the same element type, got 'f32' and 'f64'}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf64>, i32
  return
}

// -----

func.func @count_type(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects the count to have the element type of the indices ('i32'), got 'i64'}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i64
  return
}

// -----

func.func @negative_sigma(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects sigma to be finite and >= 0, got -1}}
  %k, %v, %n = detect.soft_nms %b, %s sigma(-1.0) iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @lazy_linear(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op has no linear method with update(lazy): TensorFlow's soft-NMS is Gaussian; use update(eager)}}
  %k, %v, %n = detect.soft_nms %b, %s method(linear) iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @eager_gaussian_sigma(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects sigma > 0 for update(eager) method(gaussian) (OpenCV divides by it)}}
  %k, %v, %n = detect.soft_nms %b, %s update(eager) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @missing_iou(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op requires an iou_threshold}}
  %k, %v, %n = detect.soft_nms %b, %s sigma(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @unused_iou(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op has an iou_threshold, which update(eager) method(gaussian) does not use}}
  %k, %v, %n = detect.soft_nms %b, %s update(eager) sigma(0.5) iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @iou_range(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects the IoU threshold to be in [0, 1], got 1.5}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(1.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @nan_score_threshold(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects the score threshold not to be NaN}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) score_threshold(0x7FF8000000000000) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @compute_type_narrow(%b: tensor<8x4xf64>, %s: tensor<8xf64>) {
  // expected-error @below {{'detect.soft_nms' op expects compute_type to be f32 or f64, at least as wide as the element type 'f64', got 'f32'}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) compute_type(f32) : tensor<8x4xf64>, tensor<8xf64> -> tensor<8xi32>, tensor<8xf64>, i32
  return
}

// -----

func.func @capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects 3 index slots (min(max_output, N)), got 8}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) max_output(3) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @capacity_default(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects 8 index slots (N, as no max_output is set), got 4}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<4xi32>, tensor<4xf32>, i32
  return
}

// -----

func.func @negative_max_output(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects max_output to be non-negative, got -1}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) max_output(-1) : tensor<8x4xf32>, tensor<8xf32> -> tensor<0xi32>, tensor<0xf32>, i32
  return
}

// -----

func.func @pad_without_limit(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects max_output with pad_to_max_output}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) pad_to_max_output : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}

// -----

func.func @pad_capacity(%b: tensor<8x4xf32>, %s: tensor<8xf32>) {
  // expected-error @below {{'detect.soft_nms' op expects 12 index slots (max_output, padded), got 8}}
  %k, %v, %n = detect.soft_nms %b, %s iou_threshold(0.5) max_output(12) pad_to_max_output : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return
}
