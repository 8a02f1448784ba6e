// Verifier messages of detect.yolo_postprocess.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @rank(%p: tensor<84x8400xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects predictions of static shape [1, 4 + C, N], got 'tensor<84x8400xf32>'}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<84x8400xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @batch(%p: tensor<2x84x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects a batch of 1, got 2}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<2x84x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @no_class(%p: tensor<1x4x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects at least one class row after the 4 box rows, got 4 rows}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<1x4x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @float_quantized(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op has a quantization for f32 predictions}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) quantization(si8, 0.5, 0)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @int8_unquantized(%p: tensor<1x5x16xi8>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects quantization(ui8 | si8, scale, zero_point) for i8 predictions}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<1x5x16xi8> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @storage(%p: tensor<1x5x16xi8>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects the quantization storage to be ui8 or si8}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) quantization(i8, 0.5, 0)
      : tensor<1x5x16xi8> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @scale(%p: tensor<1x5x16xi8>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects a positive, normal scale, got 0}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) quantization(si8, 0.0, 0)
      : tensor<1x5x16xi8> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @zero_point(%p: tensor<1x5x16xi8>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects the zero point in [0, 255], got -1}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) quantization(ui8, 0.5, -1)
      : tensor<1x5x16xi8> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @iou(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects iou_threshold in [0, 1], got 1.5}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(1.5) max_det(4)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @offset_unread(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op has a class_offset, which only class_nms(offset) reads}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) class_nms(agnostic) class_offset(4096.0)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @max_per_class(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op has max_per_class, which only class_nms(per_class) reads}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) max_per_class(2)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @candidates(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects max_candidates >= 1, got 0}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) max_candidates(0)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @image(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects a positive, finite image_size, got 0}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) image_size(0.0, 640.0)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @layout(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects output_layout xyxy or cxcywh}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) output_layout(yxyx)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @results(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects results [max_det, 4], [max_det], [max_det] with max_det = 4}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<1x5x16xf32> -> tensor<5x4xf32>, tensor<5xf32>, tensor<5xi64>, i64
  return
}

// -----

func.func @count_type(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects classes and count of the same integer type}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i32
  return
}

// -----

func.func @v5_no_class(%p: tensor<1x16x5xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects at least one class after the box and the objectness, got 5 values per anchor}}
  %0:4 = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<1x16x5xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @v5_rank(%p: tensor<16x85xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects predictions of static shape [1, N, 5 + C], got 'tensor<16x85xf32>'}}
  %0:4 = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(4)
      : tensor<16x85xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @letterbox_size(%p: tensor<1x5x16xf32>, %h: i32, %w: i32) {
  // expected-error @below {{'detect.yolo_postprocess' op expects a positive letterbox size}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) letterbox(0, 640) original_size(%h, %w)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @letterbox_layout(%p: tensor<1x5x16xf32>, %h: i32, %w: i32) {
  // expected-error @below {{'detect.yolo_postprocess' op maps only xyxy boxes back through a letterbox}}
  %0:4 = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(4) output_layout(cxcywh) letterbox(640, 640) original_size(%h, %w)
      : tensor<1x5x16xf32> -> tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64
  return
}

// -----

func.func @letterbox_half(%p: tensor<1x5x16xf32>) {
  // expected-error @below {{'detect.yolo_postprocess' op expects letterbox(H, W) and original_size(%h0, %w0) together}}
  %0:4 = "detect.yolo_postprocess"(%p) <{score_threshold = 0.25 : f64, iou_threshold = 0.45 : f64, max_det = 4 : i64, letterbox_height = 640 : i64, letterbox_width = 640 : i64, operandSegmentSizes = array<i32: 1, 0, 0>}>
      : (tensor<1x5x16xf32>) -> (tensor<4x4xf32>, tensor<4xf32>, tensor<4xi64>, i64)
  return
}
