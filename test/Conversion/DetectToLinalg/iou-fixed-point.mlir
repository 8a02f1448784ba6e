// Lowering strategies of detect.iou: the fixed-point strategy (selected by
// the pass option or by the op's detect.strategy attribute), the forms it
// leaves to the reference lowering, and unknown names.
// RUN: detect-opt %s --split-input-file --convert-detect-to-linalg="iou-strategy=fixed-point" | FileCheck %s
// RUN: detect-opt %s --split-input-file --convert-detect-to-linalg | FileCheck %s --check-prefix=FLOAT

// Per box: corners read as i32 from their bits (exact: an integer of
// magnitude at most 1024, i.e. no significand bit below the binary point);
// the integer area; the float area. Per pair: integer path for two exact boxes, the float formula
// otherwise.
// CHECK-LABEL: func.func @iou
// CHECK:      %[[T:.+]]:7 = linalg.generic
// CHECK-SAME:   outs({{.*}} : tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi32>, tensor<8xi1>, tensor<8xf32>)
// CHECK:        %[[BITS:.+]] = arith.bitcast %{{.+}} : f32 to i32
// CHECK:        arith.andi %[[BITS]]
// CHECK:        arith.cmpi ule, %{{.+}}, %c1149239296_i32
// CHECK:        arith.shrui
// CHECK:        arith.muli
// CHECK:      linalg.generic
// CHECK-SAME:   outs({{.*}} : tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi1>, tensor<5xf32>)
// CHECK:      linalg.generic
// CHECK-SAME:   ins(%{{.*}}, %[[T]]#0, %[[T]]#1, %[[T]]#2, %[[T]]#3, %[[T]]#4, %[[T]]#5, %[[T]]#6,
// CHECK:        %[[BOTH:.+]] = arith.andi
// CHECK:        scf.if %[[BOTH]] -> (f32)
// CHECK:          arith.minsi
// CHECK:          arith.maxsi
// CHECK:          %[[INTER:.+]] = arith.muli
// CHECK:          %[[UNION:.+]] = arith.subi
// CHECK:          %[[N:.+]] = arith.sitofp %[[INTER]] : i32 to f32
// CHECK:          %[[D:.+]] = arith.sitofp %[[UNION]] : i32 to f32
// CHECK:          %[[Q:.+]] = arith.divf %[[N]], %[[D]]
// CHECK:          arith.cmpi sle
// CHECK:          arith.select %{{.+}}, %{{.+}}, %[[Q]]
// CHECK:        } else {
// CHECK:          arith.minimumf
// CHECK:          arith.divf
// CHECK:        }
// FLOAT-LABEL: func.func @iou
// FLOAT-NOT:   arith.bitcast
// FLOAT-NOT:   scf.if
// FLOAT:       return
func.func @iou(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.iou %a, %b degenerate(zero_union) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

// The attribute wins over the pass option, both ways.
// CHECK-LABEL: func.func @attribute_float
// CHECK-NOT:   arith.bitcast
// CHECK:       return
// FLOAT-LABEL: func.func @attribute_float
// FLOAT-NOT:   arith.bitcast
// FLOAT:       return
func.func @attribute_float(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.iou %a, %b {detect.strategy = "float"} : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

// CHECK-LABEL: func.func @attribute_fixed_point
// CHECK:       arith.bitcast
// CHECK:       scf.if
// FLOAT-LABEL: func.func @attribute_fixed_point
// FLOAT:       arith.bitcast
// FLOAT:       scf.if
func.func @attribute_fixed_point(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {
  %0 = detect.iou %a, %b {detect.strategy = "fixed-point"} : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  return %0 : tensor<8x5xf32>
}

// -----

// Forms the strategy does not handle take the reference lowering: another
// kind, valid counts, f64.
// CHECK-LABEL: func.func @reference_forms
// CHECK-NOT:   arith.bitcast
// CHECK-NOT:   detect.iou
// CHECK:       return
func.func @reference_forms(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>, %n: i32,
                           %c: tensor<8x4xf64>, %d: tensor<5x4xf64>)
    -> (tensor<8x5xf32>, tensor<8x5xf32>, tensor<8x5xf64>) {
  %0 = detect.iou %a, %b kind(giou) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  %1 = detect.iou %a, %b lhs_valid(%n : i32) : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>
  %2 = detect.iou %c, %d : tensor<8x4xf64>, tensor<5x4xf64> -> tensor<8x5xf64>
  return %0, %1, %2 : tensor<8x5xf32>, tensor<8x5xf32>, tensor<8x5xf64>
}
