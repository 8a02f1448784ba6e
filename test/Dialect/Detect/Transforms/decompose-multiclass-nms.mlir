// detect-decompose rewrites ONNX NonMaxSuppression into one detect.nms per
// (batch, class), with ONNX Runtime's rules as attributes.
// RUN: detect-opt %s --split-input-file --detect-decompose | FileCheck %s

// CHECK-LABEL: func.func @runtime_rules
// CHECK-SAME: (%[[B:.+]]: tensor<2x8x4xf32>, %[[S:.+]]: tensor<2x3x8xf32>, %[[M:.+]]: i64, %[[T:.+]]: f32, %[[ST:.+]]: f32)
// CHECK-DAG: %[[EMPTY:.+]] = tensor.empty() : tensor<48x3xi64>
// CHECK-DAG: %[[FILL:.+]] = linalg.fill ins(%{{.+}} : i64) outs(%[[EMPTY]] : tensor<48x3xi64>)
// CHECK: %[[R:.+]]:2 = scf.for %[[BATCH:.+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %[[FILL]], %{{.+}} = %{{.+}})
// CHECK:   %[[BB:.+]] = tensor.generate
// CHECK-NEXT: ^bb0(%[[I:.+]]: index, %[[J:.+]]: index):
// CHECK-NEXT:   %[[X:.+]] = tensor.extract %[[B]][%[[BATCH]], %[[I]], %[[J]]] : tensor<2x8x4xf32>
// CHECK-NEXT:   tensor.yield %[[X]]
// CHECK-NEXT: } : tensor<8x4xf32>
// CHECK:   scf.for %[[CLS:.+]] = %{{.+}} to %{{.+}} step
// CHECK:     %[[SS:.+]] = tensor.generate
// CHECK-NEXT: ^bb0(%[[I2:.+]]: index):
// CHECK-NEXT:   %[[Y:.+]] = tensor.extract %[[S]][%[[BATCH]], %[[CLS]], %[[I2]]] : tensor<2x3x8xf32>
// CHECK-NEXT:   tensor.yield %[[Y]]
// CHECK-NEXT: } : tensor<8xf32>
// CHECK:     %[[K:.+]], %[[N:.+]] = detect.nms %[[BB]], %[[SS]] iou_threshold(%[[T]] : f32) score_threshold(%[[ST]] : f32) max_output(%[[M]] : i64) layout(cxcywh) degenerate(zero_union) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
// CHECK:     %[[KEPT:.+]] = arith.index_cast %[[N]] : i64 to index
// CHECK:     %[[ROWS:.+]] = arith.minsi %[[KEPT]], %{{.+}} : index
// CHECK:     scf.for %[[J:.+]] = %{{.+}} to %[[ROWS]] step
// CHECK:       tensor.extract %[[K]][%[[J]]] : tensor<8xi64>
// CHECK-COUNT-3: tensor.insert
// CHECK: %[[COUNT:.+]] = arith.index_cast %[[R]]#1 : index to i64
// CHECK: return %[[R]]#0, %[[COUNT]]
func.func @runtime_rules(%b: tensor<2x8x4xf32>, %s: tensor<2x3x8xf32>, %m: i64, %t: f32, %st: f32)
    -> (tensor<48x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64) iou_threshold(%t : f32)
      score_threshold(%st : f32) layout(cxcywh)
      : tensor<2x8x4xf32>, tensor<2x3x8xf32> -> tensor<48x3xi64>, i64
  return %0, %1 : tensor<48x3xi64>, i64
}

// -----

// Corner layouts are normalised (ONNX Runtime's min/max); the IoU threshold
// defaults to 0; the per-class capacity is min(limit, N).
// CHECK-LABEL: func.func @attributes
// CHECK: detect.nms %{{.+}}, %{{.+}} iou_threshold(0.000000e+00) max_output(2) layout(yxyx) normalize_corners degenerate(zero_union) : tensor<8x4xf32>, tensor<8xf32> -> tensor<2xi32>, i32
func.func @attributes(%b: tensor<1x8x4xf32>, %s: tensor<1x3x8xf32>) -> (tensor<6x3xi32>, i32) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(2)
      : tensor<1x8x4xf32>, tensor<1x3x8xf32> -> tensor<6x3xi32>, i32
  return %0, %1 : tensor<6x3xi32>, i32
}

// -----

// A smaller run-time capacity bounds each class's NMS too.
// CHECK-LABEL: func.func @small_capacity
// CHECK: detect.nms {{.+}} -> tensor<5xi64>, i64
func.func @small_capacity(%b: tensor<1x8x4xf32>, %s: tensor<1x3x8xf32>, %m: i64) -> (tensor<5x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(%m : i64)
      : tensor<1x8x4xf32>, tensor<1x3x8xf32> -> tensor<5x3xi64>, i64
  return %0, %1 : tensor<5x3xi64>, i64
}

// -----

// ONNX's default limit is 0: no rows, no NMS.
// CHECK-LABEL: func.func @default_limit
// CHECK-NOT: detect.nms
// CHECK-NOT: scf.for
// CHECK: %[[ZERO:.+]] = arith.constant 0 : i64
// CHECK: return %{{.+}}, %[[ZERO]]
func.func @default_limit(%b: tensor<1x8x4xf32>, %s: tensor<1x3x8xf32>) -> (tensor<0x3xi64>, i64) {
  %0, %1 = detect.multiclass_nms %b, %s : tensor<1x8x4xf32>, tensor<1x3x8xf32> -> tensor<0x3xi64>, i64
  return %0, %1 : tensor<0x3xi64>, i64
}

// -----

// A lowering strategy chosen on the framework op (detect.strategy,
// docs/Extending.md) goes to the detect.nms ops that do its work.
// CHECK-LABEL: func.func @strategy
// CHECK: detect.nms {{.*}}{detect.strategy = "fixed-point"}
func.func @strategy(%b: tensor<1x8x4xf32>, %s: tensor<1x3x8xf32>) -> (tensor<6x3xi32>, i32) {
  %0, %1 = detect.multiclass_nms %b, %s max_output_boxes_per_class(2) {detect.strategy = "fixed-point"}
      : tensor<1x8x4xf32>, tensor<1x3x8xf32> -> tensor<6x3xi32>, i32
  return %0, %1 : tensor<6x3xi32>, i32
}
