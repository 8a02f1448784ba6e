// Quantized inputs of detect.detection_postprocess: round trip, verifier
// messages, and the dequantization detect-decompose inserts.
// RUN: detect-opt %s --split-input-file | detect-opt --split-input-file | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: detect-opt %s --split-input-file --mlir-print-op-generic | detect-opt --split-input-file | FileCheck %s --check-prefix=ROUNDTRIP
// RUN: detect-opt %s --split-input-file --detect-decompose | FileCheck %s

// ROUNDTRIP-LABEL: func.func @uint8
// ROUNDTRIP: detect.detection_postprocess %{{.+}}, %{{.+}}, %{{.+}} num_classes(3) max_detections(3) score_threshold(5.000000e-01) iou_threshold(6.000000e-01) scales(1.000000e+01, 1.000000e+01, 5.000000e+00, 5.000000e+00) box_quantization(ui8, 3.125000e-02, 128) class_quantization(si8, 3.906250e-03, -128) : tensor<1x8x4xi8>, tensor<1x8x4xi8>, tensor<8x4xf32>
// Box bytes read as uint8, class bytes as int8: (float(q) - zero_point) * scale
// in f32, then the float op.
// CHECK-LABEL: func.func @uint8
// CHECK-DAG: %[[ZP:.+]] = arith.constant 1.280000e+02 : f32
// CHECK-DAG: %[[S:.+]] = arith.constant 3.125000e-02 : f32
// CHECK-DAG: %[[CZP:.+]] = arith.constant -1.280000e+02 : f32
// CHECK-DAG: %[[CS:.+]] = arith.constant 3.906250e-03 : f32
// CHECK: linalg.generic {{.+}} ins(%arg0 : tensor<1x8x4xi8>) outs(%{{.+}} : tensor<1x8x4xf32>)
// CHECK: arith.extui %{{.+}} : i8 to i32
// CHECK-NEXT: %[[V:.+]] = arith.sitofp %{{.+}} : i32 to f32
// CHECK-NEXT: %[[D:.+]] = arith.subf %[[V]], %[[ZP]] : f32
// CHECK-NEXT: arith.mulf %[[D]], %[[S]] : f32
// CHECK: linalg.generic {{.+}} ins(%arg1 : tensor<1x8x4xi8>) outs(%{{.+}} : tensor<1x8x4xf32>)
// CHECK: arith.extsi %{{.+}} : i8 to i32
// CHECK-NEXT: %[[CV:.+]] = arith.sitofp %{{.+}} : i32 to f32
// CHECK-NEXT: %[[CD:.+]] = arith.subf %[[CV]], %[[CZP]] : f32
// CHECK-NEXT: arith.mulf %[[CD]], %[[CS]] : f32
// CHECK-NOT: detect.detection_postprocess
// CHECK: detect.decode_boxes
// CHECK: detect.nms
func.func @uint8(%e: tensor<1x8x4xi8>, %c: tensor<1x8x4xi8>, %a: tensor<8x4xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0)
      box_quantization(ui8, 0.03125, 128) class_quantization(si8, 0.00390625, -128)
      : tensor<1x8x4xi8>, tensor<1x8x4xi8>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}

// -----

// Only the class predictions quantized.
// ROUNDTRIP-LABEL: func.func @classes_only
// ROUNDTRIP: class_quantization(ui8, 3.906250e-03, 0) : tensor<1x8x4xf32>, tensor<1x8x4xi8>
// CHECK-LABEL: func.func @classes_only
// CHECK-COUNT-1: linalg.generic {{.+}} ins(%{{.+}} : tensor<1x8x4xi8>)
// CHECK: detect.decode_boxes
func.func @classes_only(%e: tensor<1x8x4xf32>, %c: tensor<1x8x4xi8>, %a: tensor<8x4xf32>)
    -> (tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>) {
  %0:4 = detect.detection_postprocess %e, %c, %a num_classes(3) max_detections(3)
      score_threshold(0.5) iou_threshold(0.6) scales(10.0, 10.0, 5.0, 5.0) use_regular_nms
      class_quantization(ui8, 0.00390625, 0)
      : tensor<1x8x4xf32>, tensor<1x8x4xi8>, tensor<8x4xf32>
      -> tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
  return %0#0, %0#1, %0#2, %0#3 : tensor<1x3x4xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<1xf32>
}
