// Every verifier message of detect.combined_nms, with its location.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @q(%b: tensor<1x8x2x4xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects q (dimension 2 of boxes) to be 1 or the number of classes (3), got 2}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x2x4xf32>, tensor<1x8x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @box_dim(%b: tensor<1x8x1x5xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects the last dimension of boxes to be 4 (a box), got 5}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x1x5xf32>, tensor<1x8x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @scores_shape(%b: tensor<1x8x1x4xf32>, %s: tensor<1x7x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects scores [1, 8, C] to match boxes, got 'tensor<1x7x3xf32>'}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x1x4xf32>, tensor<1x7x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @limits(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects max_output_size_per_class and max_total_size to be positive, got 0 and 5}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(0) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x1x4xf32>, tensor<1x8x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @iou(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects the IoU threshold to be in [0, 1], got -5.000000e-01}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(-0.5)
      : tensor<1x8x1x4xf32>, tensor<1x8x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @rows(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects nmsed_boxes [1, 5, 4] (M = max_total_size), got 'tensor<1x4x4xf32>'}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x1x4xf32>, tensor<1x8x3xf32> -> tensor<1x4x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @rows_padded(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects nmsed_scores [1, 6] (M = min(max_total_size, max_output_size_per_class * C)), got 'tensor<1x50xf32>'}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(2) max_total_size(50) iou_threshold(0.5) pad_per_class
      : tensor<1x8x1x4xf32>, tensor<1x8x3xf32> -> tensor<1x6x4xf32>, tensor<1x50xf32>, tensor<1x50xf32>, tensor<1xi32>
  return
}

// -----

func.func @valid(%b: tensor<2x8x1x4xf32>, %s: tensor<2x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects valid_detections [2], got 'tensor<1xi32>'}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<2x8x1x4xf32>, tensor<2x8x3xf32> -> tensor<2x5x4xf32>, tensor<2x5xf32>, tensor<2x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @dynamic(%b: tensor<1x?x1x4xf32>, %s: tensor<1x?x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects static shapes (the result size M is determined by the limits and the number of classes)}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x?x1x4xf32>, tensor<1x?x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @compute_type(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x3xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects compute_type to be f32 or f64, at least as wide as the element type 'f32', got 'f16'}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5) compute_type(f16)
      : tensor<1x8x1x4xf32>, tensor<1x8x3xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}

// -----

func.func @no_classes(%b: tensor<1x8x1x4xf32>, %s: tensor<1x8x0xf32>) {
  // expected-error @below {{'detect.combined_nms' op expects at least one batch and one class, got 1 and 0}}
  %0:4 = detect.combined_nms %b, %s max_output_size_per_class(4) max_total_size(5) iou_threshold(0.5)
      : tensor<1x8x1x4xf32>, tensor<1x8x0xf32> -> tensor<1x5x4xf32>, tensor<1x5xf32>, tensor<1x5xf32>, tensor<1xi32>
  return
}
