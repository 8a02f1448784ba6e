// Verifier messages of quantized detect.detection_postprocess inputs.
// RUN: detect-opt %s --split-input-file --verify-diagnostics

func.func @missing(%e: tensor<1x8x4xi8>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects box_quantization(ui8 | si8, scale, zero_point) for the i8 box_encodings}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xi8>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @on_float(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op has class_quantization for f32 class_predictions: only i8 inputs are quantized}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      class_quantization(ui8, 0.5, 0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @signless(%e: tensor<1x8x4xi8>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects box_quantization to read bytes as ui8 or si8, got 'i8'}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      box_quantization(i8, 0.5, 0)
      : tensor<1x8x4xi8>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @zero_point(%e: tensor<1x8x4xi8>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects the box_quantization zero point in [-128, 127], got 200}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      box_quantization(si8, 0.5, 200)
      : tensor<1x8x4xi8>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @scale(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xi8>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects the class_quantization scale to be finite and positive, got 0}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      class_quantization(ui8, 0.0, 0)
      : tensor<1x8x4xf32>, tensor<1x8x4xi8>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}

// -----

func.func @wide(%e: tensor<1x8x4xf16>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>) {
  // expected-error @below {{'detect.detection_postprocess' op expects f32 box_encodings, or i8 with box_quantization, got 'f16'}}
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf16>, tensor<1x8x4xf32>, tensor<8x4xf32> -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return
}
