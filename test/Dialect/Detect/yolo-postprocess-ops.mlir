// detect.yolo_postprocess: round trip (custom and generic form).
// RUN: detect-opt %s --split-input-file | detect-opt --split-input-file | FileCheck %s
// RUN: detect-opt %s --split-input-file --mlir-print-op-generic | detect-opt --split-input-file | FileCheck %s

// Defaults are not printed: class_nms(offset), class_offset(7680), score_compare(gt), output_layout(xyxy).
// CHECK-LABEL: func.func @ultralytics
// CHECK: detect.yolo_postprocess %{{.+}} score_threshold(2.500000e-01) iou_threshold(4.500000e-01) max_det(300) : tensor<1x84x8400xf32> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
func.func @ultralytics(%p: tensor<1x84x8400xf32>) -> (tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(300)
      class_nms(offset) class_offset(7680.0)
      : tensor<1x84x8400xf32> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
  return %b, %s, %c, %n : tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
}

// -----

// CHECK-LABEL: func.func @int8_tflite
// CHECK: detect.yolo_postprocess %{{.+}} score_threshold(2.500000e-01) iou_threshold(4.500000e-01) max_det(100) class_nms(agnostic) max_candidates(256) image_size(6.400000e+02, 6.400000e+02) quantization(si8, 0.00392156886, -128)
func.func @int8_tflite(%p: tensor<1x84x8400xi8>) -> (tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(100)
      class_nms(agnostic) max_candidates(256) image_size(640.0, 640.0) quantization(si8, 0.00392156886, -128)
      : tensor<1x84x8400xi8> -> tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32
  return %b, %s, %c, %n : tensor<100x4xf32>, tensor<100xf32>, tensor<100xi32>, i32
}

// -----

// STMicroelectronics' od_yolov8_pp rules.
// CHECK-LABEL: func.func @st
// CHECK: detect.yolo_postprocess %{{.+}} max_det(800) class_nms(per_class) max_per_class(10) score_compare(ge) output_layout(cxcywh) quantization(ui8, 3.906250e-03, 0)
func.func @st(%p: tensor<1x84x2100xi8>) -> (tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.5) max_det(800)
      class_nms(per_class) max_per_class(10) score_compare(ge) output_layout(cxcywh) quantization(ui8, 0.00390625, 0)
      : tensor<1x84x2100xi8> -> tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32
  return %b, %s, %c, %n : tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32
}

// -----

// YOLOv5: [1, N, 5 + C], objectness x class.
// CHECK-LABEL: func.func @yolov5
// CHECK: detect.yolo_postprocess %{{.+}} head(yolov5) score_threshold(2.500000e-01) iou_threshold(4.500000e-01) max_det(300) : tensor<1x25200x85xf32>
func.func @yolov5(%p: tensor<1x25200x85xf32>) -> (tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p head(yolov5) score_threshold(0.25) iou_threshold(0.45) max_det(300)
      : tensor<1x25200x85xf32> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
  return %b, %s, %c, %n : tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
}

// -----

// Boxes mapped back from a letterboxed 640 x 640 input to the original image.
// CHECK-LABEL: func.func @letterbox
// CHECK: detect.yolo_postprocess %{{.+}} score_threshold(2.500000e-01) iou_threshold(4.500000e-01) max_det(300) letterbox(640, 640) original_size(%{{.+}}, %{{.+}}) : tensor<1x84x8400xf32>
func.func @letterbox(%p: tensor<1x84x8400xf32>, %h: i32, %w: i32) -> (tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64) {
  %b, %s, %c, %n = detect.yolo_postprocess %p score_threshold(0.25) iou_threshold(0.45) max_det(300)
      letterbox(640, 640) original_size(%h, %w)
      : tensor<1x84x8400xf32> -> tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
  return %b, %s, %c, %n : tensor<300x4xf32>, tensor<300xf32>, tensor<300xi64>, i64
}
