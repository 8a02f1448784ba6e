// Checks the linalg.generic that --convert-detect-to-linalg builds for box_convert, box_area, clip_boxes and decode_boxes.
// RUN: detect-opt %s --split-input-file --convert-detect-to-linalg | FileCheck %s

// A [N, 4] result is one generic over (row, coordinate); each of the four
// coordinates of the row is read through its own map, and the coordinate is
// chosen by a select chain on `linalg.index 1` (3, then 2, 1, 0).

// CHECK-DAG: #[[C0:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[C1:.+]] = affine_map<(d0, d1) -> (d0, 1)>
// CHECK-DAG: #[[C2:.+]] = affine_map<(d0, d1) -> (d0, 2)>
// CHECK-DAG: #[[C3:.+]] = affine_map<(d0, d1) -> (d0, 3)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @convert_xyxy_to_cxcywh(
// CHECK-SAME: [[B:%[^:]+]]: tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK-NOT: tensor.dim
// CHECK: [[INIT:%.+]] = tensor.empty() : tensor<8x4xf32>
// CHECK: [[R:%.+]] = linalg.generic {indexing_maps = [#[[C0]], #[[C1]], #[[C2]], #[[C3]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins([[B]], [[B]], [[B]], [[B]] : tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>, tensor<8x4xf32>) outs([[INIT]] : tensor<8x4xf32>)
// CHECK-NEXT: ^bb0([[X1:%[^:]+]]: f32, [[Y1:%[^:]+]]: f32, [[X2:%[^:]+]]: f32, [[Y2:%[^:]+]]: f32, {{%[^:]+}}: f32):
// cx = (x1 + x2) / 2, cy = (y1 + y2) / 2, w = x2 - x1, h = y2 - y1.
// CHECK-NEXT: [[TWO:%.+]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: [[SX:%.+]] = arith.addf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[CX:%.+]] = arith.divf [[SX]], [[TWO]] : f32
// CHECK-NEXT: [[SY:%.+]] = arith.addf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[CY:%.+]] = arith.divf [[SY]], [[TWO]] : f32
// CHECK-NEXT: [[W:%.+]] = arith.subf [[X2]], [[X1]] : f32
// CHECK-NEXT: [[H:%.+]] = arith.subf [[Y2]], [[Y1]] : f32
// CHECK-NEXT: [[COL:%.+]] = linalg.index 1 : index
// CHECK-NEXT: [[K2:%.+]] = arith.constant 2 : index
// CHECK-NEXT: [[IS2:%.+]] = arith.cmpi eq, [[COL]], [[K2]] : index
// CHECK-NEXT: [[S2:%.+]] = arith.select [[IS2]], [[W]], [[H]] : f32
// CHECK-NEXT: [[K1:%.+]] = arith.constant 1 : index
// CHECK-NEXT: [[IS1:%.+]] = arith.cmpi eq, [[COL]], [[K1]] : index
// CHECK-NEXT: [[S1:%.+]] = arith.select [[IS1]], [[CY]], [[S2]] : f32
// CHECK-NEXT: [[K0:%.+]] = arith.constant 0 : index
// CHECK-NEXT: [[IS0:%.+]] = arith.cmpi eq, [[COL]], [[K0]] : index
// CHECK-NEXT: [[S0:%.+]] = arith.select [[IS0]], [[CX]], [[S1]] : f32
// No valid count: no row mask.
// CHECK-NOT: linalg.index 0
// CHECK-NEXT: linalg.yield [[S0]] : f32
// CHECK-NEXT: } -> tensor<8x4xf32>
// CHECK-NEXT: return [[R]] : tensor<8x4xf32>
func.func @convert_xyxy_to_cxcywh(%b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = detect.box_convert %b from xyxy to cxcywh : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// A valid count masks the rows at or past it (linalg.index 0, compared in the
// count's own type) to 0. A dynamic N sizes the init with
// tensor.dim.

// CHECK-DAG: #[[C0:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[C1:.+]] = affine_map<(d0, d1) -> (d0, 1)>
// CHECK-DAG: #[[C2:.+]] = affine_map<(d0, d1) -> (d0, 2)>
// CHECK-DAG: #[[C3:.+]] = affine_map<(d0, d1) -> (d0, 3)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @convert_valid_dynamic(
// CHECK-SAME: [[B:%[^:]+]]: tensor<?x4xf16>, [[N:%[^:]+]]: i32) -> tensor<?x4xf16>
// CHECK: [[ZERO:%.+]] = arith.constant 0 : index
// CHECK-NEXT: [[DIM:%.+]] = tensor.dim [[B]], [[ZERO]] : tensor<?x4xf16>
// CHECK-NEXT: [[INIT:%.+]] = tensor.empty([[DIM]]) : tensor<?x4xf16>
// CHECK-NEXT: [[R:%.+]] = linalg.generic {indexing_maps = [#[[C0]], #[[C1]], #[[C2]], #[[C3]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins([[B]], [[B]], [[B]], [[B]] : {{.+}}) outs([[INIT]] : tensor<?x4xf16>)
// yxyx -> xywh: (y1, x1, y2, x2) -> (x1, y1, x2 - x1, y2 - y1).
// CHECK-NEXT: ^bb0([[Y1:%[^:]+]]: f16, [[X1:%[^:]+]]: f16, [[Y2:%[^:]+]]: f16, [[X2:%[^:]+]]: f16, {{%[^:]+}}: f16):
// CHECK-NEXT: [[W:%.+]] = arith.subf [[X2]], [[X1]] : f16
// CHECK-NEXT: [[H:%.+]] = arith.subf [[Y2]], [[Y1]] : f16
// CHECK-NEXT: [[COL:%.+]] = linalg.index 1 : index
// CHECK: arith.select {{%.+}}, [[W]], [[H]] : f16
// CHECK: arith.select {{%.+}}, [[Y1]], {{%.+}} : f16
// CHECK: [[COORD:%.+]] = arith.select {{%.+}}, [[X1]], {{%.+}} : f16
// CHECK-NEXT: [[ROW:%.+]] = linalg.index 0 : index
// CHECK-NEXT: [[ROWN:%.+]] = arith.index_cast [[ROW]] : index to i32
// CHECK-NEXT: [[VALID:%.+]] = arith.cmpi slt, [[ROWN]], [[N]] : i32
// CHECK-NEXT: [[FZERO:%.+]] = arith.constant 0.000000e+00 : f16
// CHECK-NEXT: [[MASKED:%.+]] = arith.select [[VALID]], [[COORD]], [[FZERO]] : f16
// CHECK-NEXT: linalg.yield [[MASKED]] : f16
// CHECK-NEXT: } -> tensor<?x4xf16>
// CHECK-NEXT: return [[R]]
func.func @convert_valid_dynamic(%b: tensor<?x4xf16>, %n: i32) -> tensor<?x4xf16> {
  %0 = detect.box_convert %b valid(%n : i32) from yxyx to xywh : tensor<?x4xf16> -> tensor<?x4xf16>
  return %0 : tensor<?x4xf16>
}

// -----

// box_area is a generic over rows only: four (d0) -> (d0, k) maps and an
// identity output.

// CHECK-DAG: #[[A0:.+]] = affine_map<(d0) -> (d0, 0)>
// CHECK-DAG: #[[A1:.+]] = affine_map<(d0) -> (d0, 1)>
// CHECK-DAG: #[[A2:.+]] = affine_map<(d0) -> (d0, 2)>
// CHECK-DAG: #[[A3:.+]] = affine_map<(d0) -> (d0, 3)>
// CHECK-DAG: #[[AID:.+]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @area_xyxy(
// CHECK-SAME: [[B:%[^:]+]]: tensor<8x4xf32>) -> tensor<8xf32>
// CHECK: [[INIT:%.+]] = tensor.empty() : tensor<8xf32>
// CHECK-NEXT: [[R:%.+]] = linalg.generic {indexing_maps = [#[[A0]], #[[A1]], #[[A2]], #[[A3]], #[[AID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins([[B]], [[B]], [[B]], [[B]] : {{.+}}) outs([[INIT]] : tensor<8xf32>)
// CHECK-NEXT: ^bb0([[X1:%[^:]+]]: f32, [[Y1:%[^:]+]]: f32, [[X2:%[^:]+]]: f32, [[Y2:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[W:%.+]] = arith.subf [[X2]], [[X1]] : f32
// CHECK-NEXT: [[H:%.+]] = arith.subf [[Y2]], [[Y1]] : f32
// CHECK-NEXT: [[A:%.+]] = arith.mulf [[W]], [[H]] : f32
// CHECK-NEXT: linalg.yield [[A]] : f32
// CHECK-NEXT: } -> tensor<8xf32>
// CHECK-NEXT: return [[R]]
func.func @area_xyxy(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// normalize_corners on a corner layout: min/max of each axis before the
// subtraction; an index valid count masks rows without a cast.
// CHECK-LABEL: func.func @area_xyxy_normalized(
// CHECK-SAME: [[B:%[^:]+]]: tensor<8x4xf32>, [[N:%[^:]+]]: index)
// CHECK-NOT: arith.index_cast
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0([[X1:%[^:]+]]: f32, [[Y1:%[^:]+]]: f32, [[X2:%[^:]+]]: f32, [[Y2:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[LX:%.+]] = arith.minimumf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[LY:%.+]] = arith.minimumf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[HX:%.+]] = arith.maximumf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[HY:%.+]] = arith.maximumf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[W:%.+]] = arith.subf [[HX]], [[LX]] : f32
// CHECK-NEXT: [[H:%.+]] = arith.subf [[HY]], [[LY]] : f32
// CHECK-NEXT: [[A:%.+]] = arith.mulf [[W]], [[H]] : f32
// CHECK-NEXT: [[ROW:%.+]] = linalg.index 0 : index
// CHECK-NEXT: [[VALID:%.+]] = arith.cmpi slt, [[ROW]], [[N]] : index
// CHECK-NEXT: [[FZERO:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[MASKED:%.+]] = arith.select [[VALID]], [[A]], [[FZERO]] : f32
// CHECK-NEXT: linalg.yield [[MASKED]] : f32
func.func @area_xyxy_normalized(%b: tensor<8x4xf32>, %n: index) -> tensor<8xf32> {
  %0 = detect.box_area %b valid(%n : index) normalize_corners : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// A size layout multiplies w by h directly (no corners).
// CHECK-LABEL: func.func @area_xywh(
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0({{%[^:]+}}: f32, {{%[^:]+}}: f32, [[W:%[^:]+]]: f32, [[H:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[A:%.+]] = arith.mulf [[W]], [[H]] : f32
// CHECK-NEXT: linalg.yield [[A]] : f32
func.func @area_xywh(%b: tensor<8x4xf32>) -> tensor<8xf32> {
  %0 = detect.box_area %b layout(xywh) : tensor<8x4xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// normalize_corners on a size layout takes |w| * |h|; dynamic N.
// CHECK-LABEL: func.func @area_cxcywh_normalized_dynamic(
// CHECK-SAME: [[B:%[^:]+]]: tensor<?x4xbf16>) -> tensor<?xbf16>
// CHECK: [[ZERO:%.+]] = arith.constant 0 : index
// CHECK-NEXT: [[DIM:%.+]] = tensor.dim [[B]], [[ZERO]] : tensor<?x4xbf16>
// CHECK-NEXT: [[INIT:%.+]] = tensor.empty([[DIM]]) : tensor<?xbf16>
// CHECK-NEXT: linalg.generic {{.+}} outs([[INIT]] : tensor<?xbf16>)
// CHECK-NEXT: ^bb0({{%[^:]+}}: bf16, {{%[^:]+}}: bf16, [[W:%[^:]+]]: bf16, [[H:%[^:]+]]: bf16, {{%[^:]+}}: bf16):
// CHECK-NEXT: [[AW:%.+]] = math.absf [[W]] : bf16
// CHECK-NEXT: [[AH:%.+]] = math.absf [[H]] : bf16
// CHECK-NEXT: [[A:%.+]] = arith.mulf [[AW]], [[AH]] : bf16
// CHECK-NEXT: linalg.yield [[A]] : bf16
func.func @area_cxcywh_normalized_dynamic(%b: tensor<?x4xbf16>) -> tensor<?xbf16> {
  %0 = detect.box_area %b layout(cxcywh) normalize_corners : tensor<?x4xbf16> -> tensor<?xbf16>
  return %0 : tensor<?xbf16>
}

// -----

// clip_boxes with attribute sizes: the sizes become constants of the
// element type outside the generic; each coordinate is min(max(v, 0), limit),
// with the width for x and the height for y.

// CHECK-LABEL: func.func @clip_attributes(
// CHECK-SAME: [[B:%[^:]+]]: tensor<8x4xf64>)
// CHECK-DAG: [[HEIGHT:%.+]] = arith.constant 4.800000e+02 : f64
// CHECK-DAG: [[WIDTH:%.+]] = arith.constant 6.400000e+02 : f64
// CHECK: linalg.generic {indexing_maps = [{{.+}}], iterator_types = ["parallel", "parallel"]} ins([[B]], [[B]], [[B]], [[B]] : {{.+}})
// CHECK-NEXT: ^bb0([[X1:%[^:]+]]: f64, [[Y1:%[^:]+]]: f64, [[X2:%[^:]+]]: f64, [[Y2:%[^:]+]]: f64, {{%[^:]+}}: f64):
// CHECK-NEXT: [[Z:%.+]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: [[T0:%.+]] = arith.maximumf [[X1]], [[Z]] : f64
// CHECK-NEXT: [[CX1:%.+]] = arith.minimumf [[T0]], [[WIDTH]] : f64
// CHECK-NEXT: [[T1:%.+]] = arith.maximumf [[Y1]], [[Z]] : f64
// CHECK-NEXT: [[CY1:%.+]] = arith.minimumf [[T1]], [[HEIGHT]] : f64
// CHECK-NEXT: [[T2:%.+]] = arith.maximumf [[X2]], [[Z]] : f64
// CHECK-NEXT: [[CX2:%.+]] = arith.minimumf [[T2]], [[WIDTH]] : f64
// CHECK-NEXT: [[T3:%.+]] = arith.maximumf [[Y2]], [[Z]] : f64
// CHECK-NEXT: [[CY2:%.+]] = arith.minimumf [[T3]], [[HEIGHT]] : f64
// CHECK-NEXT: [[COL:%.+]] = linalg.index 1 : index
// CHECK: arith.select {{%.+}}, [[CX2]], [[CY2]] : f64
// CHECK: arith.select {{%.+}}, [[CY1]], {{%.+}} : f64
// CHECK: [[S0:%.+]] = arith.select {{%.+}}, [[CX1]], {{%.+}} : f64
// CHECK-NEXT: linalg.yield [[S0]] : f64
func.func @clip_attributes(%b: tensor<8x4xf64>) -> tensor<8x4xf64> {
  %0 = detect.clip_boxes %b height(480) width(640.0) : tensor<8x4xf64> -> tensor<8x4xf64>
  return %0 : tensor<8x4xf64>
}

// clip_boxes with operand sizes, in yxyx: the operands are used directly,
// y coordinates (columns 0 and 2) against the height.
// CHECK-LABEL: func.func @clip_operands_yxyx(
// CHECK-SAME: [[B:%[^:]+]]: tensor<8x4xf32>, [[HEIGHT:%[^:]+]]: f32, [[WIDTH:%[^:]+]]: f32)
// CHECK-NOT: arith.constant {{.+}} : f32
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0([[Y1:%[^:]+]]: f32, [[X1:%[^:]+]]: f32, [[Y2:%[^:]+]]: f32, [[X2:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[Z:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[T0:%.+]] = arith.maximumf [[X1]], [[Z]] : f32
// CHECK-NEXT: [[CX1:%.+]] = arith.minimumf [[T0]], [[WIDTH]] : f32
// CHECK-NEXT: [[T1:%.+]] = arith.maximumf [[Y1]], [[Z]] : f32
// CHECK-NEXT: [[CY1:%.+]] = arith.minimumf [[T1]], [[HEIGHT]] : f32
// CHECK-NEXT: [[T2:%.+]] = arith.maximumf [[X2]], [[Z]] : f32
// CHECK-NEXT: [[CX2:%.+]] = arith.minimumf [[T2]], [[WIDTH]] : f32
// CHECK-NEXT: [[T3:%.+]] = arith.maximumf [[Y2]], [[Z]] : f32
// CHECK-NEXT: [[CY2:%.+]] = arith.minimumf [[T3]], [[HEIGHT]] : f32
// CHECK-NEXT: linalg.index 1 : index
// Written back as (y1, x1, y2, x2).
// CHECK: arith.select {{%.+}}, [[CY2]], [[CX2]] : f32
// CHECK: arith.select {{%.+}}, [[CX1]], {{%.+}} : f32
// CHECK: [[S0:%.+]] = arith.select {{%.+}}, [[CY1]], {{%.+}} : f32
// CHECK-NEXT: linalg.yield [[S0]] : f32
func.func @clip_operands_yxyx(%b: tensor<8x4xf32>, %h: f32, %w: f32) -> tensor<8x4xf32> {
  %0 = detect.clip_boxes %b height(%h : f32) width(%w : f32) layout(yxyx) : tensor<8x4xf32> -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// -----

// decode_boxes reads the encodings and the anchors through the same four
// column maps, and computes TFLite's formula:
//   yc = ty / y_scale * ah + ay;  hh = 0.5 * exp(th / h_scale) * ah.

// CHECK-DAG: #[[C0:.+]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[C1:.+]] = affine_map<(d0, d1) -> (d0, 1)>
// CHECK-DAG: #[[C2:.+]] = affine_map<(d0, d1) -> (d0, 2)>
// CHECK-DAG: #[[C3:.+]] = affine_map<(d0, d1) -> (d0, 3)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @decode_yxyx(
// CHECK-SAME: [[E:%[^:]+]]: tensor<16x4xf32>, [[A:%[^:]+]]: tensor<16x4xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[C0]], #[[C1]], #[[C2]], #[[C3]], #[[C0]], #[[C1]], #[[C2]], #[[C3]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins([[E]], [[E]], [[E]], [[E]], [[A]], [[A]], [[A]], [[A]] : {{.+}})
// CHECK-NEXT: ^bb0([[TY:%[^:]+]]: f32, [[TX:%[^:]+]]: f32, [[TH:%[^:]+]]: f32, [[TW:%[^:]+]]: f32, [[AY:%[^:]+]]: f32, [[AX:%[^:]+]]: f32, [[AH:%[^:]+]]: f32, [[AW:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-NEXT: [[YS:%.+]] = arith.constant 1.000000e+01 : f32
// CHECK-NEXT: [[T0:%.+]] = arith.divf [[TY]], [[YS]] : f32
// CHECK-NEXT: [[T1:%.+]] = arith.mulf [[T0]], [[AH]] : f32
// CHECK-NEXT: [[YC:%.+]] = arith.addf [[T1]], [[AY]] : f32
// CHECK-NEXT: [[XS:%.+]] = arith.constant 2.000000e+01 : f32
// CHECK-NEXT: [[T2:%.+]] = arith.divf [[TX]], [[XS]] : f32
// CHECK-NEXT: [[T3:%.+]] = arith.mulf [[T2]], [[AW]] : f32
// CHECK-NEXT: [[XC:%.+]] = arith.addf [[T3]], [[AX]] : f32
// CHECK-NEXT: [[HALF:%.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: [[HS:%.+]] = arith.constant 5.000000e+00 : f32
// CHECK-NEXT: [[T4:%.+]] = arith.divf [[TH]], [[HS]] : f32
// CHECK-NEXT: [[T5:%.+]] = math.exp [[T4]] : f32
// CHECK-NEXT: [[T6:%.+]] = arith.mulf [[HALF]], [[T5]] : f32
// CHECK-NEXT: [[HH:%.+]] = arith.mulf [[T6]], [[AH]] : f32
// CHECK-NEXT: [[WS:%.+]] = arith.constant 2.500000e+00 : f32
// CHECK-NEXT: [[T7:%.+]] = arith.divf [[TW]], [[WS]] : f32
// CHECK-NEXT: [[T8:%.+]] = math.exp [[T7]] : f32
// CHECK-NEXT: [[T9:%.+]] = arith.mulf [[HALF]], [[T8]] : f32
// CHECK-NEXT: [[HW:%.+]] = arith.mulf [[T9]], [[AW]] : f32
// Corners x1 = xc - hw, y1 = yc - hh, x2 = xc + hw, y2 = yc + hh ...
// CHECK-NEXT: [[X1:%.+]] = arith.subf [[XC]], [[HW]] : f32
// CHECK-NEXT: [[Y1:%.+]] = arith.subf [[YC]], [[HH]] : f32
// CHECK-NEXT: [[X2:%.+]] = arith.addf [[XC]], [[HW]] : f32
// CHECK-NEXT: [[Y2:%.+]] = arith.addf [[YC]], [[HH]] : f32
// ... written back in yxyx order.
// CHECK-NEXT: [[COL:%.+]] = linalg.index 1 : index
// CHECK-NEXT: arith.constant 2 : index
// CHECK-NEXT: arith.cmpi eq, [[COL]]
// CHECK-NEXT: [[S2:%.+]] = arith.select {{%.+}}, [[Y2]], [[X2]] : f32
// CHECK-NEXT: arith.constant 1 : index
// CHECK-NEXT: arith.cmpi eq, [[COL]]
// CHECK-NEXT: [[S1:%.+]] = arith.select {{%.+}}, [[X1]], [[S2]] : f32
// CHECK-NEXT: arith.constant 0 : index
// CHECK-NEXT: arith.cmpi eq, [[COL]]
// CHECK-NEXT: [[S0:%.+]] = arith.select {{%.+}}, [[Y1]], [[S1]] : f32
// CHECK-NEXT: linalg.yield [[S0]] : f32
func.func @decode_yxyx(%e: tensor<16x4xf32>, %a: tensor<16x4xf32>) -> tensor<16x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 20.0, 5.0, 2.5) layout(yxyx) : tensor<16x4xf32>, tensor<16x4xf32> -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}

// Dynamic N and a valid count: the init is sized from the encodings, and
// the rows past the count are masked after the coordinate select.
// CHECK-LABEL: func.func @decode_dynamic_valid(
// CHECK-SAME: [[E:%[^:]+]]: tensor<?x4xf32>, [[A:%[^:]+]]: tensor<?x4xf32>, [[N:%[^:]+]]: i64)
// CHECK: [[DIM:%.+]] = tensor.dim [[E]], {{%.+}} : tensor<?x4xf32>
// CHECK-NEXT: [[INIT:%.+]] = tensor.empty([[DIM]]) : tensor<?x4xf32>
// CHECK-NEXT: linalg.generic {{.+}} outs([[INIT]] : tensor<?x4xf32>)
// CHECK-COUNT-2: math.exp
// CHECK: arith.constant 0 : index
// CHECK-NEXT: arith.cmpi eq
// CHECK-NEXT: [[COORD:%.+]] = arith.select {{%.+}}, {{%.+}}, {{%.+}} : f32
// CHECK-NEXT: [[ROW:%.+]] = linalg.index 0 : index
// CHECK-NEXT: [[ROWN:%.+]] = arith.index_cast [[ROW]] : index to i64
// CHECK-NEXT: [[VALID:%.+]] = arith.cmpi slt, [[ROWN]], [[N]] : i64
// CHECK-NEXT: [[FZERO:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[MASKED:%.+]] = arith.select [[VALID]], [[COORD]], [[FZERO]] : f32
// CHECK-NEXT: linalg.yield [[MASKED]] : f32
func.func @decode_dynamic_valid(%e: tensor<?x4xf32>, %a: tensor<?x4xf32>, %n: i64) -> tensor<?x4xf32> {
  %0 = detect.decode_boxes %e, %a valid(%n : i64) scales(10.0, 10.0, 5.0, 5.0) : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// compute_type(f64): TFLite's double-precision decoding. The centre and the
// half sizes are computed in f64 and each rounded to f32; the corners are
// formed in f32.
// CHECK-LABEL: func.func @decode_f64(
// CHECK: ^bb0([[TY:%[^:]+]]: f32, [[TX:%[^:]+]]: f32, [[TH:%[^:]+]]: f32, [[TW:%[^:]+]]: f32, [[AY:%[^:]+]]: f32, [[AX:%[^:]+]]: f32, [[AH:%[^:]+]]: f32, [[AW:%[^:]+]]: f32, {{%[^:]+}}: f32):
// CHECK-DAG: [[TYD:%.+]] = arith.extf [[TY]] : f32 to f64
// CHECK-DAG: [[AHD:%.+]] = arith.extf [[AH]] : f32 to f64
// CHECK-DAG: [[AYD:%.+]] = arith.extf [[AY]] : f32 to f64
// CHECK-DAG: [[THD:%.+]] = arith.extf [[TH]] : f32 to f64
// CHECK: [[YS:%.+]] = arith.constant 1.000000e+01 : f64
// CHECK-NEXT: [[T0:%.+]] = arith.divf [[TYD]], [[YS]] : f64
// CHECK-NEXT: [[T1:%.+]] = arith.mulf [[T0]], [[AHD]] : f64
// CHECK-NEXT: [[T2:%.+]] = arith.addf [[T1]], [[AYD]] : f64
// CHECK-NEXT: [[YC:%.+]] = arith.truncf [[T2]] : f64 to f32
// CHECK: [[HALF:%.+]] = arith.constant 5.000000e-01 : f64
// CHECK-NEXT: [[HS:%.+]] = arith.constant 5.000000e+00 : f64
// CHECK-NEXT: [[T4:%.+]] = arith.divf [[THD]], [[HS]] : f64
// CHECK-NEXT: [[T5:%.+]] = math.exp [[T4]] : f64
// CHECK-NEXT: [[T6:%.+]] = arith.mulf [[HALF]], [[T5]] : f64
// CHECK-NEXT: [[T7:%.+]] = arith.mulf [[T6]], [[AHD]] : f64
// CHECK-NEXT: [[HH:%.+]] = arith.truncf [[T7]] : f64 to f32
// CHECK: arith.subf [[YC]], [[HH]] : f32
func.func @decode_f64(%e: tensor<16x4xf32>, %a: tensor<16x4xf32>) -> tensor<16x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 20.0, 5.0, 2.5) layout(yxyx) compute_type(f64) : tensor<16x4xf32>, tensor<16x4xf32> -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}
