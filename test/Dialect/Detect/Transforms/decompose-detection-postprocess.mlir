// detect-decompose rewrites TFLite_Detection_PostProcess into decode_boxes, a
// class ranking (linalg) and detect.nms with TFLite's rules.
// RUN: detect-opt %s --split-input-file --detect-decompose | FileCheck %s

// Fast path: one NMS over the anchors' best scores; double-precision decoding.
// TFLite's thresholds are floats: 0.6 is compared as the float 0.6f.
// CHECK-LABEL: func.func @fast
// CHECK: %[[ENC:.+]] = tensor.collapse_shape %{{.+}} {{\[\[}}0, 1], [2]] : tensor<1x8x4xf32> into tensor<8x4xf32>
// CHECK: %[[BOXES:.+]] = detect.decode_boxes %[[ENC]], %{{.+}} scales(1.000000e+01, 1.000000e+01, 5.000000e+00, 5.000000e+00) layout(yxyx) compute_type(f64) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
// CHECK: %[[RANK0:.+]]:2 = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK: %[[RANK1:.+]]:2 = linalg.generic {{.+}} ins(%{{.+}}, %[[RANK0]]#0, %[[RANK0]]#1 : tensor<1x8x4xf32>, tensor<8xf32>, tensor<8xi32>)
// CHECK: %[[KEEP:.+]], %[[N:.+]] = detect.nms %[[BOXES]], %[[RANK0]]#0 iou_threshold(0.60000002384185791) score_threshold(5.000000e-01) max_output(3) score_compare(ge) layout(yxyx) degenerate(zero_area) : tensor<8x4xf32>, tensor<8xf32> -> tensor<3xi32>, i32
// CHECK: scf.for
// CHECK: tensor.from_elements
func.func @fast(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>)
    -> (tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3) max_classes_per_detection(2)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32>
      -> tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x6x4xf32>, tensor<1x6xf32>, tensor<1x6xf32>, tensor<1xf32>
}

// -----

// Regular path: one NMS per class in a loop; decoding in f32 on request.
// CHECK-LABEL: func.func @regular
// CHECK: detect.decode_boxes {{.+}} layout(yxyx) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
// CHECK-NOT: linalg.generic
// CHECK: scf.for %[[CLS:.+]] = %{{.+}} to %{{.+}} step
// CHECK: detect.nms {{.+}} max_output(5) score_compare(ge) layout(yxyx) degenerate(zero_area) : tensor<8x4xf32>, tensor<8xf32> -> tensor<5xi32>, i32
func.func @regular(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xf32>, %a: tensor<8x4xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(3) detections_per_class(5)
      score_threshold(0.0) iou_threshold(1.0) scales(10.0, 10.0, 5.0, 5.0) use_regular_nms decode_type(f32)
      : tensor<1x8x4xf32>, tensor<1x8x4xf32>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}

// -----

// One class per anchor (TFLite's default): the ranking stores only the best
// scores (a plain maximum, the background column skipped); each kept anchor's
// class is found again by an ascending scan of its scores.
// CHECK-LABEL: func.func @one_class
// CHECK: %[[BEST:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<1x8x5xf32>) outs(%{{.+}} : tensor<8xf32>)
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpi sge
// CHECK: linalg.yield
// CHECK-NOT: linalg.generic
// CHECK: %[[KEEP:.+]], %[[N:.+]] = detect.nms %{{.+}}, %[[BEST]] iou_threshold
// CHECK: scf.for
// CHECK: %[[SCAN:.+]]:2 = scf.for %[[C:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpi eq, %[[SCAN]]#1
func.func @one_class(%e: tensor<1x8x4xf32>, %c: tensor<1x8x5xf32>, %a: tensor<8x4xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(3)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      : tensor<1x8x4xf32>, tensor<1x8x5xf32>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}

// -----

// Encodings with keypoint columns after the box: the box columns are copied
// out of the batch row, not reshaped.
// CHECK-LABEL: func.func @keypoints
// CHECK: %[[ENC:.+]] = tensor.generate
// CHECK: tensor.extract %{{.+}} : tensor<1x8x6xf32>
// CHECK: detect.decode_boxes %[[ENC]], %{{.+}} : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
func.func @keypoints(%e: tensor<1x8x6xf32>, %c: tensor<1x8x5xf32>, %a: tensor<8x4xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(4) max_detections(3)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0) decode_type(f32)
      : tensor<1x8x6xf32>, tensor<1x8x5xf32>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}
