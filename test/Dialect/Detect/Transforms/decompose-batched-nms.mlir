// detect-decompose rewrites torchvision's batched_nms into detect.nms with
// torchvision's rules (xyxy, IoU > t, plain IEEE IoU), and remove_small_boxes
// into a compaction loop.
// RUN: detect-opt %s --split-input-file --detect-decompose | FileCheck %s

// coordinate_offset: the maximum over the valid rows (NaN-propagating), the
// class converted to the element type times (max + 1) added to every
// coordinate, one NMS over the shifted boxes; a capacity below N is its
// max_output.
// CHECK-LABEL: func.func @offset
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>, %[[S:.+]]: tensor<8xf32>, %[[C:.+]]: tensor<8xi64>, %[[N:.+]]: i32)
// CHECK-DAG: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[NINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : i32 to index
// CHECK: %[[LO:.+]] = arith.maxsi %[[NI]], %{{.+}} : index
// CHECK: %[[ROWS:.+]] = arith.minsi %[[LO]], %{{.+}} : index
// CHECK: %[[MAX:.+]] = scf.for %{{.+}} = %{{.+}} to %[[ROWS]] step %{{.+}} iter_args(%{{.+}} = %[[NINF]]) -> (f32)
// CHECK-COUNT-4: arith.maximumf
// CHECK: %[[STEP:.+]] = arith.addf %[[MAX]], %[[ONE]] : f32
// CHECK: %[[SHIFTED:.+]] = tensor.generate
// CHECK-NEXT: ^bb0(%[[I:.+]]: index, %[[J:.+]]: index):
// CHECK-NEXT:   %[[CLS:.+]] = tensor.extract %[[C]][%[[I]]] : tensor<8xi64>
// CHECK-NEXT:   %[[CF:.+]] = arith.sitofp %[[CLS]] : i64 to f32
// CHECK-NEXT:   %[[OFF:.+]] = arith.mulf %[[CF]], %[[STEP]] : f32
// CHECK-NEXT:   %[[V:.+]] = tensor.extract %[[B]][%[[I]], %[[J]]] : tensor<8x4xf32>
// CHECK-NEXT:   %[[SUM:.+]] = arith.addf %[[V]], %[[OFF]] : f32
// CHECK-NEXT:   tensor.yield %[[SUM]]
// CHECK: %[[K:.+]], %[[CNT:.+]] = detect.nms %[[SHIFTED]], %[[S]] valid(%[[ROWS]] : index) iou_threshold(5.000000e-01) max_output(3) : tensor<8x4xf32>, tensor<8xf32> -> tensor<3xi64>, i64
// CHECK: return %[[K]], %[[CNT]]
func.func @offset(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi64>, %n: i32) -> (tensor<3xi64>, i64) {
  %0, %1 = detect.batched_nms %b, %s, %c valid(%n : i32) iou_threshold(0.5) strategy(coordinate_offset)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi64> -> tensor<3xi64>, i64
  return %0, %1 : tensor<3xi64>, i64
}

// -----

// per_class: the distinct classes are counted; then for each, by increasing
// value, one NMS with the other classes' scores NaN (never selected), its
// kept boxes merged into a list of K + min(K, N) slots by (score desc,
// index asc); the result is the list's first K entries, -1 after the count.
// CHECK-LABEL: func.func @per_class
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>, %[[S:.+]]: tensor<8xf32>, %[[C:.+]]: tensor<8xi32>, %[[T:.+]]: f32)
// CHECK-DAG: %[[NAN:.+]] = arith.constant 0x7FC00000 : f32
// CHECK: %[[COUNTED:.+]]:3 = scf.for {{.+}} -> (i32, i1, index)
// CHECK: scf.if
// CHECK: scf.for {{.+}} -> (i32, i1)
// CHECK: arith.cmpi sgt
// CHECK: arith.cmpi slt
// CHECK: %[[LIST:.+]] = linalg.fill {{.+}} -> tensor<16xi32>
// CHECK: %[[R:.+]]:3 = scf.for %{{.+}} = %{{.+}} to %[[COUNTED]]#2 step %{{.+}} iter_args(%{{.+}} = %[[LIST]], {{.+}}) -> (tensor<16xi32>, index, i32)
// CHECK:   %[[CLS:.+]]:2 = scf.for {{.+}} -> (i32, i1)
// CHECK:   %[[MASKED:.+]] = tensor.generate
// CHECK:     %[[X:.+]] = tensor.extract %[[C]]
// CHECK:     %[[Y:.+]] = tensor.extract %[[S]]
// CHECK:     %[[SAME:.+]] = arith.cmpi eq, %[[X]], %[[CLS]]#0 : i32
// CHECK:     arith.select %[[SAME]], %[[Y]], %[[NAN]] : f32
// CHECK:   %[[K:.+]], %[[CNT:.+]] = detect.nms %[[B]], %[[MASKED]] valid(%{{.+}} : index) iou_threshold(%[[T]] : f32) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, i32
// CHECK:   scf.for
// CHECK:     scf.if
// CHECK:       arith.cmpf olt
// CHECK:       arith.cmpf oeq
// CHECK:       tensor.insert
// CHECK: %[[OUT:.+]] = tensor.generate
// CHECK:   arith.cmpi slt, %{{.+}}, %[[R]]#1 : index
// CHECK: } : tensor<8xi32>
// CHECK: %[[COUNT:.+]] = arith.index_cast %[[R]]#1 : index to i32
// CHECK: return %[[OUT]], %[[COUNT]]
func.func @per_class(%b: tensor<8x4xf32>, %s: tensor<8xf32>, %c: tensor<8xi32>, %t: f32) -> (tensor<8xi32>, i32) {
  %0, %1 = detect.batched_nms %b, %s, %c iou_threshold(%t : f32)
      : tensor<8x4xf32>, tensor<8xf32>, tensor<8xi32> -> tensor<8xi32>, i32
  return %0, %1 : tensor<8xi32>, i32
}

// -----

// remove_small_boxes: both sides `>=` the size rounded to the element type
// (0.7 becomes 0.699999988 in f32, as torch compares), indices compacted.
// CHECK-LABEL: func.func @small
// CHECK-SAME: (%[[B:.+]]: tensor<8x4xf32>)
// CHECK-DAG: %[[M:.+]] = arith.constant 0.699999988 : f32
// CHECK-DAG: %[[EIGHT:.+]] = arith.constant 8 : index
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<5xi64>
// CHECK: %[[R:.+]]:2 = scf.for %[[I:.+]] = %{{.+}} to %[[EIGHT]] step %{{.+}} iter_args(%[[OUT:.+]] = %[[INIT]], %[[CNT:.+]] = %{{.+}})
// CHECK:   %[[X2:.+]] = tensor.extract %[[B]][%[[I]], %{{.+}}]
// CHECK:   %[[X1:.+]] = tensor.extract %[[B]][%[[I]], %{{.+}}]
// CHECK:   %[[W:.+]] = arith.subf %[[X2]], %[[X1]] : f32
// CHECK:   %[[H:.+]] = arith.subf
// CHECK:   %[[WOK:.+]] = arith.cmpf oge, %[[W]], %[[M]] : f32
// CHECK:   %[[HOK:.+]] = arith.cmpf oge, %[[H]], %[[M]] : f32
// CHECK:   scf.if
// CHECK:     %[[IDX:.+]] = arith.index_cast %[[I]] : index to i64
// CHECK:     tensor.insert %[[IDX]] into %[[OUT]][%[[CNT]]] : tensor<5xi64>
// CHECK: %[[COUNT:.+]] = arith.index_cast %[[R]]#1 : index to i64
// CHECK: return %[[R]]#0, %[[COUNT]]
func.func @small(%b: tensor<8x4xf32>) -> (tensor<5xi64>, i64) {
  %0, %1 = detect.remove_small_boxes %b min_size(0.7) : tensor<8x4xf32> -> tensor<5xi64>, i64
  return %0, %1 : tensor<5xi64>, i64
}
