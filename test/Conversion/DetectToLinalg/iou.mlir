// Checks that --convert-detect-to-linalg lowers detect.iou (all kinds and degenerate rules) to two area generics and one pairwise generic.
// RUN: detect-opt %s --split-input-file --convert-detect-to-linalg | FileCheck %s

// Plain IoU, IEEE rule: the areas of each side once, over (d0); then the
// [N, M] matrix reads row d0 of lhs, row d1 of rhs and both area vectors.

// CHECK-DAG: #[[A0:.+]] = affine_map<(d0) -> (d0, 0)>
// CHECK-DAG: #[[A1:.+]] = affine_map<(d0) -> (d0, 1)>
// CHECK-DAG: #[[A2:.+]] = affine_map<(d0) -> (d0, 2)>
// CHECK-DAG: #[[A3:.+]] = affine_map<(d0) -> (d0, 3)>
// CHECK-DAG: #[[AID:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[L0:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[L1:.+]] = affine_map<(d0, d1) -> (d0, 1)>
// CHECK-DAG: #[[L2:.+]] = affine_map<(d0, d1) -> (d0, 2)>
// CHECK-DAG: #[[L3:.+]] = affine_map<(d0, d1) -> (d0, 3)>
// CHECK-DAG: #[[R0:.+]] = affine_map<(d0, d1) -> (d1, 0)>
// CHECK-DAG: #[[R1:.+]] = affine_map<(d0, d1) -> (d1, 1)>
// CHECK-DAG: #[[R2:.+]] = affine_map<(d0, d1) -> (d1, 2)>
// CHECK-DAG: #[[R3:.+]] = affine_map<(d0, d1) -> (d1, 3)>
// CHECK-DAG: #[[LA:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[RA:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @iou(
// CHECK-SAME: [[LHS:%[^:]+]]: tensor<8x4xf32>, [[RHS:%[^:]+]]: tensor<6x4xf32>) -> tensor<8x6xf32>
// CHECK: [[LINIT:%.+]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: [[LAREA:%.+]] = linalg.generic {indexing_maps = [#[[A0]], #[[A1]], #[[A2]], #[[A3]], #[[AID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins([[LHS]], [[LHS]], [[LHS]], [[LHS]] : {{.+}}) outs([[LINIT]] : tensor<8xf32>)
// CHECK-NEXT: ^bb0([[X1:%[^:]+]]: f32, [[Y1:%[^:]+]]: f32, [[X2:%[^:]+]]: f32, [[Y2:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[W:%.+]] = arith.subf [[X2]], [[X1]] : f32
// CHECK-NEXT: [[H:%.+]] = arith.subf [[Y2]], [[Y1]] : f32
// CHECK-NEXT: [[A:%.+]] = arith.mulf [[W]], [[H]] : f32
// CHECK-NEXT: linalg.yield [[A]] : f32
// CHECK-NEXT: } -> tensor<8xf32>
// CHECK-NEXT: [[RINIT:%.+]] = tensor.empty() : tensor<6xf32>
// CHECK-NEXT: [[RAREA:%.+]] = linalg.generic {indexing_maps = [#[[A0]], #[[A1]], #[[A2]], #[[A3]], #[[AID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins([[RHS]], [[RHS]], [[RHS]], [[RHS]] : {{.+}}) outs([[RINIT]] : tensor<6xf32>)
// CHECK: } -> tensor<6xf32>
// CHECK-NEXT: [[INIT:%.+]] = tensor.empty() : tensor<8x6xf32>
// CHECK-NEXT: [[R:%.+]] = linalg.generic {indexing_maps = [#[[L0]], #[[L1]], #[[L2]], #[[L3]], #[[R0]], #[[R1]], #[[R2]], #[[R3]], #[[LA]], #[[RA]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins([[LHS]], [[LHS]], [[LHS]], [[LHS]], [[RHS]], [[RHS]], [[RHS]], [[RHS]], [[LAREA]], [[RAREA]] : {{.+}}) outs([[INIT]] : tensor<8x6xf32>)
// CHECK-NEXT: ^bb0([[AX1:%[^:]+]]: f32, [[AY1:%[^:]+]]: f32, [[AX2:%[^:]+]]: f32, [[AY2:%[^:]+]]: f32, [[BX1:%[^:]+]]: f32, [[BY1:%[^:]+]]: f32, [[BX2:%[^:]+]]: f32, [[BY2:%[^:]+]]: f32, [[AA:%[^:]+]]: f32, [[BA:%[^:]+]]: f32, {{%[^:]+}}: f32):
// The eps (0 by default), then the zero of the clamps.
// CHECK-NEXT: [[EPS:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[Z:%.+]] = arith.constant 0.000000e+00 : f32
// Intersection as torchvision's _box_inter_union: clamp(min(x2) - max(x1), 0).
// CHECK-NEXT: [[T0:%.+]] = arith.minimumf [[AX2]], [[BX2]] : f32
// CHECK-NEXT: [[T1:%.+]] = arith.maximumf [[AX1]], [[BX1]] : f32
// CHECK-NEXT: [[T2:%.+]] = arith.subf [[T0]], [[T1]] : f32
// CHECK-NEXT: [[IW:%.+]] = arith.maximumf [[T2]], [[Z]] : f32
// CHECK-NEXT: [[T3:%.+]] = arith.minimumf [[AY2]], [[BY2]] : f32
// CHECK-NEXT: [[T4:%.+]] = arith.maximumf [[AY1]], [[BY1]] : f32
// CHECK-NEXT: [[T5:%.+]] = arith.subf [[T3]], [[T4]] : f32
// CHECK-NEXT: [[IH:%.+]] = arith.maximumf [[T5]], [[Z]] : f32
// CHECK-NEXT: [[INTER:%.+]] = arith.mulf [[IW]], [[IH]] : f32
// CHECK-NEXT: [[SUM:%.+]] = arith.addf [[AA]], [[BA]] : f32
// CHECK-NEXT: [[UNION:%.+]] = arith.subf [[SUM]], [[INTER]] : f32
// CHECK-NEXT: [[IOU:%.+]] = arith.divf [[INTER]], [[UNION]] : f32
// The IEEE rule guards nothing, and no count means no mask.
// CHECK-NEXT: linalg.yield [[IOU]] : f32
// CHECK-NEXT: } -> tensor<8x6xf32>
// CHECK-NEXT: return [[R]] : tensor<8x6xf32>
func.func @iou(%a: tensor<8x4xf32>, %b: tensor<6x4xf32>) -> tensor<8x6xf32> {
  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<6x4xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}

// -----

// GIoU with degenerate(zero_area) and a dynamic rhs: the rhs area vector and
// the matrix take their size from the rhs; a pair with a non-positive area
// has IoU 0 (cmpf ole on each area, ori, select), and so does an empty
// enclosing box.

// CHECK-LABEL: func.func @giou_zero_area_dynamic(
// CHECK-SAME: [[LHS:%[^:]+]]: tensor<8x4xf32>, [[RHS:%[^:]+]]: tensor<?x4xf32>) -> tensor<8x?xf32>
// CHECK: [[LINIT:%.+]] = tensor.empty() : tensor<8xf32>
// CHECK: [[LAREA:%.+]] = linalg.generic
// CHECK: [[RDIM:%.+]] = tensor.dim [[RHS]], {{%.+}} : tensor<?x4xf32>
// CHECK-NEXT: [[RINIT:%.+]] = tensor.empty([[RDIM]]) : tensor<?xf32>
// CHECK-NEXT: [[RAREA:%.+]] = linalg.generic {{.+}} ins([[RHS]], [[RHS]], [[RHS]], [[RHS]] : {{.+}}) outs([[RINIT]] : tensor<?xf32>)
// CHECK: [[MDIM:%.+]] = tensor.dim [[RHS]], {{%.+}} : tensor<?x4xf32>
// CHECK-NEXT: [[INIT:%.+]] = tensor.empty([[MDIM]]) : tensor<8x?xf32>
// CHECK-NEXT: [[R:%.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]} ins({{.+}}, [[LAREA]], [[RAREA]] : {{.+}}) outs([[INIT]] : tensor<8x?xf32>)
// CHECK-NEXT: ^bb0([[AX1:%[^:]+]]: f32, [[AY1:%[^:]+]]: f32, [[AX2:%[^:]+]]: f32, [[AY2:%[^:]+]]: f32, [[BX1:%[^:]+]]: f32, [[BY1:%[^:]+]]: f32, [[BX2:%[^:]+]]: f32, [[BY2:%[^:]+]]: f32, [[AA:%[^:]+]]: f32, [[BA:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[EPS:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[Z:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK: [[INTER:%.+]] = arith.mulf {{%.+}}, {{%.+}} : f32
// CHECK-NEXT: [[SUM:%.+]] = arith.addf [[AA]], [[BA]] : f32
// CHECK-NEXT: [[UNION:%.+]] = arith.subf [[SUM]], [[INTER]] : f32
// CHECK-NEXT: [[DA:%.+]] = arith.cmpf ole, [[AA]], [[Z]] : f32
// CHECK-NEXT: [[DB:%.+]] = arith.cmpf ole, [[BA]], [[Z]] : f32
// CHECK-NEXT: [[DEGENERATE:%.+]] = arith.ori [[DA]], [[DB]] : i1
// CHECK-NEXT: [[Q:%.+]] = arith.divf [[INTER]], [[UNION]] : f32
// CHECK-NEXT: [[Z2:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[IOU:%.+]] = arith.select [[DEGENERATE]], [[Z2]], [[Q]] : f32
// The smallest enclosing box: clamp(max(x2) - min(x1), 0).
// CHECK-NEXT: [[E0:%.+]] = arith.maximumf [[AX2]], [[BX2]] : f32
// CHECK-NEXT: [[E1:%.+]] = arith.minimumf [[AX1]], [[BX1]] : f32
// CHECK-NEXT: [[E2:%.+]] = arith.subf [[E0]], [[E1]] : f32
// CHECK-NEXT: [[EW:%.+]] = arith.maximumf [[E2]], [[Z]] : f32
// CHECK-NEXT: [[E3:%.+]] = arith.maximumf [[AY2]], [[BY2]] : f32
// CHECK-NEXT: [[E4:%.+]] = arith.minimumf [[AY1]], [[BY1]] : f32
// CHECK-NEXT: [[E5:%.+]] = arith.subf [[E3]], [[E4]] : f32
// CHECK-NEXT: [[EH:%.+]] = arith.maximumf [[E5]], [[Z]] : f32
// CHECK-NEXT: [[ENCL:%.+]] = arith.mulf [[EW]], [[EH]] : f32
// iou - (enclosing - union) / enclosing, guarded by enclosing <= 0.
// CHECK-NEXT: [[GAP:%.+]] = arith.subf [[ENCL]], [[UNION]] : f32
// CHECK-NEXT: [[EMPTY:%.+]] = arith.cmpf ole, [[ENCL]], [[Z]] : f32
// CHECK-NEXT: [[Q2:%.+]] = arith.divf [[GAP]], [[ENCL]] : f32
// CHECK-NEXT: [[Z3:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[PENALTY:%.+]] = arith.select [[EMPTY]], [[Z3]], [[Q2]] : f32
// CHECK-NEXT: [[GIOU:%.+]] = arith.subf [[IOU]], [[PENALTY]] : f32
// CHECK-NEXT: linalg.yield [[GIOU]] : f32
// CHECK-NEXT: } -> tensor<8x?xf32>
// CHECK-NEXT: return [[R]]
func.func @giou_zero_area_dynamic(%a: tensor<8x4xf32>, %b: tensor<?x4xf32>) -> tensor<8x?xf32> {
  %0 = detect.iou %a, %b kind(giou) degenerate(zero_area) : tensor<8x4xf32>, tensor<?x4xf32> -> tensor<8x?xf32>
  return %0 : tensor<8x?xf32>
}

// -----

// DIoU with degenerate(zero_union): a pair with union <= 0 has IoU 0; the
// centre distance over the enclosing diagonal (+ eps), both squared.

// CHECK-LABEL: func.func @diou_zero_union(
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0([[AX1:%[^:]+]]: f32, [[AY1:%[^:]+]]: f32, [[AX2:%[^:]+]]: f32, [[AY2:%[^:]+]]: f32, [[BX1:%[^:]+]]: f32, [[BY1:%[^:]+]]: f32, [[BX2:%[^:]+]]: f32, [[BY2:%[^:]+]]: f32, [[AA:%[^:]+]]: f32, [[BA:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[EPS:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[Z:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK: [[INTER:%.+]] = arith.mulf {{%.+}}, {{%.+}} : f32
// CHECK-NEXT: [[SUM:%.+]] = arith.addf [[AA]], [[BA]] : f32
// CHECK-NEXT: [[UNION:%.+]] = arith.subf [[SUM]], [[INTER]] : f32
// CHECK-NEXT: [[EMPTY:%.+]] = arith.cmpf ole, [[UNION]], [[Z]] : f32
// CHECK-NEXT: [[Q:%.+]] = arith.divf [[INTER]], [[UNION]] : f32
// CHECK-NEXT: [[Z2:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[IOU:%.+]] = arith.select [[EMPTY]], [[Z2]], [[Q]] : f32
// CHECK-NOT: arith.ori
// CHECK: [[EW:%.+]] = arith.maximumf {{%.+}}, [[Z]] : f32
// CHECK: [[EH:%.+]] = arith.maximumf {{%.+}}, [[Z]] : f32
// CHECK-NEXT: [[EW2:%.+]] = arith.mulf [[EW]], [[EW]] : f32
// CHECK-NEXT: [[EH2:%.+]] = arith.mulf [[EH]], [[EH]] : f32
// CHECK-NEXT: [[D0:%.+]] = arith.addf [[EW2]], [[EH2]] : f32
// CHECK-NEXT: [[DIAG:%.+]] = arith.addf [[D0]], [[EPS]] : f32
// Centres ((x1 + x2) / 2) of each box, then their squared distance.
// CHECK-NEXT: [[TWO:%.+]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: [[C0:%.+]] = arith.addf [[AX1]], [[AX2]] : f32
// CHECK-NEXT: [[ACX:%.+]] = arith.divf [[C0]], [[TWO]] : f32
// CHECK-NEXT: [[C1:%.+]] = arith.addf [[BX1]], [[BX2]] : f32
// CHECK-NEXT: [[BCX:%.+]] = arith.divf [[C1]], [[TWO]] : f32
// CHECK-NEXT: [[DX:%.+]] = arith.subf [[ACX]], [[BCX]] : f32
// CHECK-NEXT: [[C2:%.+]] = arith.addf [[AY1]], [[AY2]] : f32
// CHECK-NEXT: [[ACY:%.+]] = arith.divf [[C2]], [[TWO]] : f32
// CHECK-NEXT: [[C3:%.+]] = arith.addf [[BY1]], [[BY2]] : f32
// CHECK-NEXT: [[BCY:%.+]] = arith.divf [[C3]], [[TWO]] : f32
// CHECK-NEXT: [[DY:%.+]] = arith.subf [[ACY]], [[BCY]] : f32
// CHECK-NEXT: [[DX2:%.+]] = arith.mulf [[DX]], [[DX]] : f32
// CHECK-NEXT: [[DY2:%.+]] = arith.mulf [[DY]], [[DY]] : f32
// CHECK-NEXT: [[CENTRES:%.+]] = arith.addf [[DX2]], [[DY2]] : f32
// CHECK-NEXT: [[FLAT:%.+]] = arith.cmpf ole, [[DIAG]], [[Z]] : f32
// CHECK-NEXT: [[Q2:%.+]] = arith.divf [[CENTRES]], [[DIAG]] : f32
// CHECK-NEXT: [[Z3:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[PENALTY:%.+]] = arith.select [[FLAT]], [[Z3]], [[Q2]] : f32
// CHECK-NEXT: [[DIOU:%.+]] = arith.subf [[IOU]], [[PENALTY]] : f32
// CHECK-NEXT: linalg.yield [[DIOU]] : f32
// CHECK-NOT: math.atan
// CHECK: return
func.func @diou_zero_union(%a: tensor<8x4xf32>, %b: tensor<6x4xf32>) -> tensor<8x6xf32> {
  %0 = detect.iou %a, %b kind(diou) degenerate(zero_union) : tensor<8x4xf32>, tensor<6x4xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}

// -----

// CIoU in yxyx with normalize_corners, eps and both valid counts: the area
// generics normalise too; the aspect term uses math.atan of w / h of each
// box; rows past lhs_valid (linalg.index 0) and columns past rhs_valid
// (linalg.index 1) are 0.

// CHECK-LABEL: func.func @ciou_masks(
// CHECK-SAME: [[LHS:%[^:]+]]: tensor<8x4xf32>, [[RHS:%[^:]+]]: tensor<6x4xf32>, [[N:%[^:]+]]: i64, [[M:%[^:]+]]: i32)
// CHECK: linalg.generic {{.+}} ins([[LHS]], [[LHS]], [[LHS]], [[LHS]] : {{.+}})
// CHECK-NEXT: ^bb0([[Y1:%[^:]+]]: f32, [[X1:%[^:]+]]: f32, [[Y2:%[^:]+]]: f32, [[X2:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[LX:%.+]] = arith.minimumf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[LY:%.+]] = arith.minimumf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[HX:%.+]] = arith.maximumf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[HY:%.+]] = arith.maximumf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[W:%.+]] = arith.subf [[HX]], [[LX]] : f32
// CHECK-NEXT: [[H:%.+]] = arith.subf [[HY]], [[LY]] : f32
// CHECK-NEXT: arith.mulf [[W]], [[H]] : f32
// CHECK: linalg.generic {{.+}} ins([[RHS]], [[RHS]], [[RHS]], [[RHS]] : {{.+}})
// CHECK-COUNT-2: arith.minimumf
// CHECK-COUNT-2: arith.maximumf
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0([[AY1:%[^:]+]]: f32, [[AX1:%[^:]+]]: f32, [[AY2:%[^:]+]]: f32, [[AX2:%[^:]+]]: f32, [[BY1:%[^:]+]]: f32, [[BX1:%[^:]+]]: f32, [[BY2:%[^:]+]]: f32, [[BX2:%[^:]+]]: f32, {{%[^:]+}}: f32, {{%[^:]+}}: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[NAX1:%.+]] = arith.minimumf [[AX1]], [[AX2]] : f32
// CHECK-NEXT: [[NAY1:%.+]] = arith.minimumf [[AY1]], [[AY2]] : f32
// CHECK-NEXT: [[NAX2:%.+]] = arith.maximumf [[AX1]], [[AX2]] : f32
// CHECK-NEXT: [[NAY2:%.+]] = arith.maximumf [[AY1]], [[AY2]] : f32
// CHECK-NEXT: [[NBX1:%.+]] = arith.minimumf [[BX1]], [[BX2]] : f32
// CHECK-NEXT: [[NBY1:%.+]] = arith.minimumf [[BY1]], [[BY2]] : f32
// CHECK-NEXT: [[NBX2:%.+]] = arith.maximumf [[BX1]], [[BX2]] : f32
// CHECK-NEXT: [[NBY2:%.+]] = arith.maximumf [[BY1]], [[BY2]] : f32
// CHECK-NEXT: [[EPS:%.+]] = arith.constant 1.000000e-07 : f32
// CHECK: [[IOU:%.+]] = arith.divf {{%.+}}, {{%.+}} : f32
// CHECK: [[DIAG:%.+]] = arith.addf {{%.+}}, [[EPS]] : f32
// CHECK: [[DIOU:%.+]] = arith.subf [[IOU]], {{%.+}} : f32
// v = 4 / pi^2 * (atan(wa / ha) - atan(wb / hb))^2.
// CHECK-NEXT: [[WA:%.+]] = arith.subf [[NAX2]], [[NAX1]] : f32
// CHECK-NEXT: [[HA:%.+]] = arith.subf [[NAY2]], [[NAY1]] : f32
// CHECK-NEXT: [[RA:%.+]] = arith.divf [[WA]], [[HA]] : f32
// CHECK-NEXT: [[TA:%.+]] = math.atan [[RA]] : f32
// CHECK-NEXT: [[WB:%.+]] = arith.subf [[NBX2]], [[NBX1]] : f32
// CHECK-NEXT: [[HB:%.+]] = arith.subf [[NBY2]], [[NBY1]] : f32
// CHECK-NEXT: [[RB:%.+]] = arith.divf [[WB]], [[HB]] : f32
// CHECK-NEXT: [[TB:%.+]] = math.atan [[RB]] : f32
// CHECK-NEXT: [[ANGLE:%.+]] = arith.subf [[TA]], [[TB]] : f32
// CHECK-NEXT: [[K:%.+]] = arith.constant 0.405284733 : f32
// CHECK-NEXT: [[ANGLE2:%.+]] = arith.mulf [[ANGLE]], [[ANGLE]] : f32
// CHECK-NEXT: [[V:%.+]] = arith.mulf [[K]], [[ANGLE2]] : f32
// alpha = v / (1 - iou + v + eps); ciou = diou - alpha * v.
// CHECK-NEXT: [[ONE:%.+]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: [[T0:%.+]] = arith.subf [[ONE]], [[IOU]] : f32
// CHECK-NEXT: [[T1:%.+]] = arith.addf [[T0]], [[V]] : f32
// CHECK-NEXT: [[ADEN:%.+]] = arith.addf [[T1]], [[EPS]] : f32
// CHECK-NEXT: arith.cmpf ole, [[ADEN]]
// CHECK-NEXT: [[ALPHA:%.+]] = arith.divf [[V]], [[ADEN]] : f32
// CHECK-NEXT: [[AV:%.+]] = arith.mulf [[ALPHA]], [[V]] : f32
// CHECK-NEXT: [[CIOU:%.+]] = arith.subf [[DIOU]], [[AV]] : f32
// CHECK-NEXT: [[ROW:%.+]] = linalg.index 0 : index
// CHECK-NEXT: [[ROWN:%.+]] = arith.index_cast [[ROW]] : index to i64
// CHECK-NEXT: [[ROWOK:%.+]] = arith.cmpi slt, [[ROWN]], [[N]] : i64
// CHECK-NEXT: [[Z0:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[M0:%.+]] = arith.select [[ROWOK]], [[CIOU]], [[Z0]] : f32
// CHECK-NEXT: [[COL:%.+]] = linalg.index 1 : index
// CHECK-NEXT: [[COLN:%.+]] = arith.index_cast [[COL]] : index to i32
// CHECK-NEXT: [[COLOK:%.+]] = arith.cmpi slt, [[COLN]], [[M]] : i32
// CHECK-NEXT: [[Z1:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[M1:%.+]] = arith.select [[COLOK]], [[M0]], [[Z1]] : f32
// CHECK-NEXT: linalg.yield [[M1]] : f32
func.func @ciou_masks(%a: tensor<8x4xf32>, %b: tensor<6x4xf32>, %n: i64, %m: i32) -> tensor<8x6xf32> {
  %0 = detect.iou %a, %b lhs_valid(%n : i64) rhs_valid(%m : i32) kind(ciou) layout(yxyx) normalize_corners eps(1.0e-7) : tensor<8x4xf32>, tensor<6x4xf32> -> tensor<8x6xf32>
  return %0 : tensor<8x6xf32>
}

// -----

// A cxcywh IoU converts both sides to corners in the pairwise body as well
// as in the area generics (0.5 * w, cx -/+ half).

// CHECK-LABEL: func.func @iou_cxcywh(
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0([[CX:%[^:]+]]: f32, [[CY:%[^:]+]]: f32, [[W:%[^:]+]]: f32, [[H:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[HALF:%.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: [[HW:%.+]] = arith.mulf [[HALF]], [[W]] : f32
// CHECK-NEXT: [[HH:%.+]] = arith.mulf [[HALF]], [[H]] : f32
// CHECK-NEXT: [[X1:%.+]] = arith.subf [[CX]], [[HW]] : f32
// CHECK-NEXT: [[Y1:%.+]] = arith.subf [[CY]], [[HH]] : f32
// CHECK-NEXT: [[X2:%.+]] = arith.addf [[CX]], [[HW]] : f32
// CHECK-NEXT: [[Y2:%.+]] = arith.addf [[CY]], [[HH]] : f32
// CHECK-NEXT: [[AW:%.+]] = arith.subf [[X2]], [[X1]] : f32
// CHECK-NEXT: [[AH:%.+]] = arith.subf [[Y2]], [[Y1]] : f32
// CHECK-NEXT: arith.mulf [[AW]], [[AH]] : f32
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-COUNT-2: arith.constant 5.000000e-01 : f32
// CHECK: arith.divf
// CHECK-NEXT: linalg.yield
func.func @iou_cxcywh(%a: tensor<8x4xf32>) -> tensor<8x8xf32> {
  %0 = detect.iou %a, %a layout(cxcywh) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
