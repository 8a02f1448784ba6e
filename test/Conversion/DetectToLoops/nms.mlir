// Checks that --convert-detect-nms-to-loops lowers detect.nms to scf loops over memrefs (compaction, grid, heap, greedy scan with exact pruning).
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops | FileCheck %s
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops="index-bitwidth=32" | FileCheck %s --check-prefix=I32

// torchvision's rules (score > t, IoU > t), 64-bit counters, capacity 100:
// the grid with corner buckets, scanned without branches.

// CHECK-LABEL: func.func @nms_greedy(
// CHECK-SAME: [[B:%[^:]+]]: tensor<100x4xf32>, [[S:%[^:]+]]: tensor<100xf32>) -> (tensor<100xi64>, i64)
// CHECK: [[DIM:%.+]] = tensor.dim [[B]], {{%.+}} : tensor<100x4xf32>
// CHECK-NEXT: [[NB:%.+]] = arith.index_cast [[DIM]] : index to i64
// CHECK-NEXT: [[CAP:%.+]] = arith.constant 100 : i64
// No valid count and no max_output: nothing to clamp.
// CHECK-NOT: arith.maxsi
// CHECK-NOT: arith.minsi
// No table: the boxes are read where they are.
// CHECK-NOT: linalg.generic
// CHECK: [[BOXES:%.+]] = bufferization.to_buffer [[B]] read_only : tensor<100x4xf32> to memref<100x4xf32>
// CHECK-NEXT: [[SCORES:%.+]] = bufferization.to_buffer [[S]] read_only : tensor<100xf32> to memref<100xf32>
//
// Scratch: the candidate heap holds box numbers < 100, so i16; the result
// is filled with -1.
// CHECK-NEXT: [[ORDER:%.+]] = memref.alloc() : memref<100xi16>
// CHECK-NEXT: [[KEPT:%.+]] = memref.alloc() : memref<100xi64>
// CHECK-NEXT: [[MINUS1:%.+]] = arith.constant -1 : i64
// CHECK-NEXT: linalg.fill ins([[MINUS1]] : i64) outs([[KEPT]] : memref<100xi64>)
//
// Stage 1: order[0, m) = the boxes whose score passes, in index order. The
// threshold 0.3 with `>` becomes the largest f32 below 0.3, so that
// `score > t` in f32 decides exactly as in real arithmetic.
// CHECK: [[M:%.+]] = scf.for [[I:%.+]] = {{%.+}} to [[NB]] step {{%.+}} iter_args([[ACC:%.+]] = {{%.+}}) -> (i64) : i64 {
// CHECK-NEXT: [[II:%.+]] = arith.index_cast [[I]] : i64 to index
// CHECK-NEXT: [[SC:%.+]] = memref.load [[SCORES]][[[II]]] : memref<100xf32>
// CHECK-NEXT: [[ST:%.+]] = arith.constant 0.299999982 : f32
// CHECK-NEXT: [[PASS:%.+]] = arith.cmpf ogt, [[SC]], [[ST]] : f32
// CHECK-NEXT: scf.if [[PASS]] {
// CHECK-NEXT: [[NARROW:%.+]] = arith.trunci [[I]] : i64 to i16
// CHECK-NEXT: [[AI:%.+]] = arith.index_cast [[ACC]] : i64 to index
// CHECK-NEXT: memref.store [[NARROW]], [[ORDER]][[[AI]]] : memref<100xi16>
// CHECK-NEXT: }
// CHECK: [[INC:%.+]] = arith.addi [[ACC]], {{%.+}} : i64
// CHECK-NEXT: [[NEXT:%.+]] = arith.select [[PASS]], [[INC]], [[ACC]] : i64
// CHECK-NEXT: scf.yield [[NEXT]] : i64
// CHECK-NEXT: }
// `IoU > 0.3` suppresses only intersecting boxes: pruning is exact.
// CHECK-NEXT: [[PRUNE:%.+]] = arith.constant true
//
// Stage 2: the grid. 100 / 4 = 25 cells and the outside bucket: start and
// end positions (i16), and the kept corners in four columns.
// CHECK: [[START:%.+]] = memref.alloc() : memref<26xi16>
// CHECK-NEXT: [[END:%.+]] = memref.alloc() : memref<26xi16>
// CHECK-NEXT: [[C0:%.+]] = memref.alloc() : memref<100xf32>
// CHECK-NEXT: [[C1:%.+]] = memref.alloc() : memref<100xf32>
// CHECK-NEXT: [[C2:%.+]] = memref.alloc() : memref<100xf32>
// CHECK-NEXT: [[C3:%.+]] = memref.alloc() : memref<100xf32>
// CHECK-NOT: memref.alloc
// Extent and sizes of the candidates' boxes (min/max of x1 and y1, sums
// and maxima of widths and heights, and their number).
// CHECK: {{%.+}}:9 = scf.for {{.+}} to [[M]] step {{.+}} -> (f32, f32, f32, f32, f32, f32, f32, f32, i64) : i64 {
// Coarsened until the cells fit.
// CHECK: scf.while ({{.+}}) : (f32, f32) -> (f32, f32, f32, f32) {
// CHECK: arith.divsi
// CHECK: scf.condition
// Each bucket's room: its candidates counted, then prefix sums.
// CHECK: linalg.fill ins({{%.+}} : i16) outs([[END]] : memref<26xi16>)
// CHECK: scf.for {{.+}} to [[M]] step
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (i64) : i64 {
// CHECK: memref.store {{%.+}}, [[START]][{{%.+}}] : memref<26xi16>
// CHECK: memref.store {{%.+}}, [[END]][{{%.+}}] : memref<26xi16>
//
// Stage 3: heapify, parents m/2 - 1 down to 0, each sifted down by an
// scf.while that carries (position, continue).
// CHECK: [[HALF:%.+]] = arith.shrui [[M]], {{%.+}} : i64
// CHECK: scf.for [[K:%.+]] = {{%.+}} to [[HALF]] step {{%.+}} : i64 {
// CHECK: [[LAST:%.+]] = arith.subi [[HALF]], {{%.+}} : i64
// CHECK-NEXT: [[START0:%.+]] = arith.subi [[LAST]], [[K]] : i64
// CHECK-NEXT: [[TRUE:%.+]] = arith.constant true
// CHECK-NEXT: scf.while ([[POS0:%.+]] = [[START0]], [[GO0:%.+]] = [[TRUE]]) : (i64, i1) -> i64 {
// Order: higher score first, the lower index on a tie.
// CHECK: [[HIGHER:%.+]] = arith.cmpf ogt, {{%.+}}, {{%.+}} : f32
// CHECK-NEXT: [[SAME:%.+]] = arith.cmpf oeq, {{%.+}}, {{%.+}} : f32
// CHECK-NEXT: [[LOWER:%.+]] = arith.cmpi slt, {{%.+}}, {{%.+}} : i64
// CHECK-NEXT: [[TIE:%.+]] = arith.andi [[SAME]], [[LOWER]] : i1
// CHECK-NEXT: [[BEFORE:%.+]] = arith.ori [[HIGHER]], [[TIE]] : i1
//
// Stage 4: pop candidates while there are any and fewer than the capacity
// are kept.
// CHECK: [[G:%.+]]:2 = scf.while ([[HS0:%.+]] = [[M]], [[NK0:%.+]] = {{%.+}}) : (i64, i64) -> (i64, i64) {
// CHECK: [[ROOM:%.+]] = arith.cmpi slt, [[NK0]], [[CAP]] : i64
// CHECK: } do {
// CHECK-NEXT: ^bb0([[HS:%.+]]: i64, [[NK:%.+]]: i64):
// CHECK: [[CAND16:%.+]] = memref.load [[ORDER]][{{%.+}}] : memref<100xi16>
// CHECK-NEXT: [[CAND:%.+]] = arith.extsi [[CAND16]] : i16 to i64
// The candidate's corners straight from the boxes, its area once.
// CHECK: [[CX1:%.+]] = memref.load [[BOXES]][{{%.+}}, {{%.+}}] : memref<100x4xf32>
// CHECK: [[CY1:%.+]] = memref.load [[BOXES]]
// CHECK: [[CX2:%.+]] = memref.load [[BOXES]]
// CHECK: [[CY2:%.+]] = memref.load [[BOXES]]
// CHECK-NEXT: [[CW:%.+]] = arith.subf [[CX2]], [[CX1]] : f32
// CHECK-NEXT: [[CH:%.+]] = arith.subf [[CY2]], [[CY1]] : f32
// CHECK-NEXT: [[CA:%.+]] = arith.mulf [[CW]], [[CH]] : f32
// An empty box (or a NaN corner) intersects nothing: it is inert.
// CHECK-NEXT: [[NEX:%.+]] = arith.cmpf ogt, [[CX2]], [[CX1]] : f32
// CHECK-NEXT: [[NEY:%.+]] = arith.cmpf ogt, [[CY2]], [[CY1]] : f32
// CHECK-NEXT: [[NONEMPTY:%.+]] = arith.andi [[NEX]], [[NEY]] : i1
// Its cells: floor((v - origin) * scale), clamped before the conversion.
// CHECK: arith.cmpf oge, {{%.+}}, {{%.+}} : f32
// CHECK-NEXT: arith.cmpf olt, {{%.+}}, {{%.+}} : f32
// CHECK: arith.fptosi {{%.+}} : f32 to i64
// The outside bucket, then the cells, in one loop.
// CHECK: [[SCAN:%.+]]:3 = scf.while ({{.+}}) : (i64, i64, i1) -> (i64, i64, i1) {
// CHECK: memref.load [[START]][{{%.+}}] : memref<26xi16>
// CHECK: memref.load [[END]][{{%.+}}] : memref<26xi16>
// A bucket is scanned whole, without branches (it vectorizes): a box
// suppresses if it intersects and its IoU passes.
// CHECK: scf.for {{.+}} iter_args([[HIT0:%.+]] = {{%.+}}) -> (i1) : i64 {
// CHECK-NOT: scf.if
// CHECK: [[OX1:%.+]] = memref.load [[C0]][{{%.+}}] : memref<100xf32>
// CHECK: [[OY1:%.+]] = memref.load [[C1]][{{%.+}}] : memref<100xf32>
// CHECK: [[OX2:%.+]] = memref.load [[C2]][{{%.+}}] : memref<100xf32>
// CHECK: [[OY2:%.+]] = memref.load [[C3]][{{%.+}}] : memref<100xf32>
// CHECK-NEXT: {{%.+}} = arith.cmpf ogt, [[OX2]], [[CX1]] : f32
// CHECK-NEXT: {{%.+}} = arith.cmpf ogt, [[CX2]], [[OX1]] : f32
// CHECK: {{%.+}} = arith.cmpf ogt, [[OY2]], [[CY1]] : f32
// CHECK-NEXT: {{%.+}} = arith.cmpf ogt, [[CY2]], [[OY1]] : f32
// CHECK: [[OW:%.+]] = arith.subf [[OX2]], [[OX1]] : f32
// CHECK-NEXT: [[OH:%.+]] = arith.subf [[OY2]], [[OY1]] : f32
// CHECK-NEXT: [[OA:%.+]] = arith.mulf [[OW]], [[OH]] : f32
// CHECK-NEXT: [[Z:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[I0:%.+]] = arith.minimumf [[CX2]], [[OX2]] : f32
// CHECK-NEXT: [[I1:%.+]] = arith.maximumf [[CX1]], [[OX1]] : f32
// CHECK-NEXT: [[I2:%.+]] = arith.subf [[I0]], [[I1]] : f32
// CHECK-NEXT: [[IW:%.+]] = arith.maximumf [[I2]], [[Z]] : f32
// CHECK-NEXT: [[I3:%.+]] = arith.minimumf [[CY2]], [[OY2]] : f32
// CHECK-NEXT: [[I4:%.+]] = arith.maximumf [[CY1]], [[OY1]] : f32
// CHECK-NEXT: [[I5:%.+]] = arith.subf [[I3]], [[I4]] : f32
// CHECK-NEXT: [[IH:%.+]] = arith.maximumf [[I5]], [[Z]] : f32
// CHECK-NEXT: [[INTER:%.+]] = arith.mulf [[IW]], [[IH]] : f32
// CHECK-NEXT: [[SUM:%.+]] = arith.addf [[CA]], [[OA]] : f32
// CHECK-NEXT: [[UNION:%.+]] = arith.subf [[SUM]], [[INTER]] : f32
// CHECK-NEXT: [[IOU:%.+]] = arith.divf [[INTER]], [[UNION]] : f32
// CHECK-NEXT: [[IT:%.+]] = arith.constant 0.299999982 : f32
// CHECK-NEXT: [[OVER:%.+]] = arith.cmpf ogt, [[IOU]], [[IT]] : f32
// CHECK-NEXT: [[HIT:%.+]] = arith.andi {{%.+}}, [[OVER]] : i1
// CHECK-NEXT: [[ANY:%.+]] = arith.ori [[HIT0]], [[HIT]] : i1
// CHECK-NEXT: scf.yield [[ANY]] : i1
// CHECK-NEXT: }
// Keep the candidate unless suppressed; a box that intersects something
// goes into its bucket (corners at the bucket's end).
// CHECK: [[KEEP:%.+]] = arith.xori [[SCAN]]#2, {{%.+}} : i1
// CHECK-NEXT: scf.if [[KEEP]] {
// CHECK-NEXT: [[KI:%.+]] = arith.index_cast [[NK]] : i64 to index
// CHECK-NEXT: memref.store [[CAND]], [[KEPT]][[[KI]]] : memref<100xi64>
// CHECK: scf.if
// CHECK: memref.load [[END]]
// CHECK: memref.store [[CX1]], [[C0]][{{%.+}}] : memref<100xf32>
// CHECK: memref.store [[CY1]], [[C1]][{{%.+}}] : memref<100xf32>
// CHECK: memref.store [[CX2]], [[C2]][{{%.+}}] : memref<100xf32>
// CHECK: memref.store [[CY2]], [[C3]][{{%.+}}] : memref<100xf32>
// CHECK: memref.store {{%.+}}, [[END]][{{%.+}}] : memref<26xi16>
// CHECK: [[NK1:%.+]] = arith.addi [[NK]], {{%.+}} : i64
// CHECK-NEXT: [[NK2:%.+]] = arith.select [[SCAN]]#2, [[NK]], [[NK1]] : i64
// CHECK-NEXT: scf.yield {{%.+}}, [[NK2]] : i64, i64
// CHECK-NEXT: }
// CHECK-NEXT: [[RES:%.+]] = bufferization.to_tensor [[KEPT]] restrict writable : memref<100xi64> to tensor<100xi64>
// CHECK-NEXT: return [[RES]], [[G]]#1 : tensor<100xi64>, i64

// With index-bitwidth=32 the counters are i32; below 1024 kept slots there
// is no grid: each candidate scans the kept list, newest first, and
// computes an IoU only for boxes that intersect (a branch, cheap on a
// microcontroller, where division may be a library call). The kept
// indices keep the result's i64 (sign-extended), and so does the count.
// I32-LABEL: func.func @nms_greedy(
// I32: [[DIM:%.+]] = tensor.dim
// I32-NEXT: [[NB:%.+]] = arith.index_cast [[DIM]] : index to i32
// I32-NEXT: [[CAP:%.+]] = arith.constant 100 : i32
// I32: [[ORDER:%.+]] = memref.alloc() : memref<100xi16>
// I32-NEXT: [[KEPT:%.+]] = memref.alloc() : memref<100xi64>
// I32: [[M:%.+]] = scf.for [[I:%.+]] = {{%.+}} to [[NB]] step {{%.+}} iter_args({{.+}}) -> (i32) : i32 {
// I32: memref.store {{%.+}}, [[ORDER]][{{%.+}}] : memref<100xi16>
// I32-NOT: memref.alloc
// I32: [[HALF:%.+]] = arith.shrui [[M]], {{%.+}} : i32
// I32: scf.for {{.+}} to [[HALF]] step {{.+}} : i32 {
// I32: scf.while ({{.+}}) : (i32, i1) -> i32 {
// I32: [[G:%.+]]:2 = scf.while ({{.+}} = [[M]], {{.+}}) : (i32, i32) -> (i32, i32) {
// I32: arith.cmpi slt, {{%.+}}, [[CAP]] : i32
// I32: scf.while ({{.+}}) : (i32, i1) -> (i32, i1) {
// I32: [[OTHER:%.+]] = memref.load [[KEPT]][{{%.+}}] : memref<100xi64>
// I32-NEXT: [[OTHER32:%.+]] = arith.trunci [[OTHER]] : i64 to i32
// I32: [[MAYBE:%.+]] = arith.ori {{%.+}}, {{%.+}} : i1
// I32-NEXT: {{%.+}} = scf.if [[MAYBE]] -> (i1) {
// I32: arith.divf
// I32: } else {
// I32: [[WIDE:%.+]] = arith.extsi {{%.+}} : i32 to i64
// I32: memref.store [[WIDE]], [[KEPT]][{{%.+}}] : memref<100xi64>
// I32: [[RES:%.+]] = bufferization.to_tensor [[KEPT]] restrict writable
// I32-NEXT: [[COUNT:%.+]] = arith.extsi [[G]]#1 : i32 to i64
// I32-NEXT: return [[RES]], [[COUNT]] : tensor<100xi64>, i64

func.func @nms_greedy(%b: tensor<100x4xf32>, %s: tensor<100xf32>) -> (tensor<100xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.3) score_threshold(0.3) : tensor<100x4xf32>, tensor<100xf32> -> tensor<100xi64>, i64
  return %k, %c : tensor<100xi64>, i64
}

// -----

// Attribute thresholds are rounded towards the side that keeps the decision
// exact: down for `>` (0.7 -> 0.699999988, the nearest is below), up for
// `>=` (0.7 -> 0.700000048; 0.3 -> 0.300000012, printed 3.000000e-01).

// CHECK-LABEL: func.func @thresholds_ge(
// CHECK: scf.for
// CHECK: [[ST:%.+]] = arith.constant 0.700000048 : f32
// CHECK-NEXT: arith.cmpf oge, {{%.+}}, [[ST]] : f32
// CHECK: arith.divf
// CHECK-NEXT: [[IT:%.+]] = arith.constant 3.000000e-01 : f32
// CHECK-NEXT: arith.cmpf oge, {{%.+}}, [[IT]] : f32
func.func @thresholds_ge(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.3) score_threshold(0.7) iou_compare(ge) score_compare(ge) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

// CHECK-LABEL: func.func @thresholds_gt(
// CHECK: scf.for
// CHECK: [[ST:%.+]] = arith.constant 0.699999988 : f32
// CHECK-NEXT: arith.cmpf ogt, {{%.+}}, [[ST]] : f32
// An exactly representable threshold stays as it is.
// CHECK: arith.divf
// CHECK-NEXT: [[IT:%.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: arith.cmpf ogt, {{%.+}}, [[IT]] : f32
func.func @thresholds_gt(%b: tensor<16x4xf32>, %s: tensor<16xf32>) -> (tensor<16xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) score_threshold(0.7) : tensor<16x4xf32>, tensor<16xf32> -> tensor<16xi64>, i64
  return %k, %c : tensor<16xi64>, i64
}

// -----

// Operand thresholds, a valid count, a run-time max_output, cxcywh boxes
// with normalize_corners and degenerate(zero_area).

// CHECK-LABEL: func.func @nms_all_rules(
// CHECK-SAME: [[B:%[^:]+]]: tensor<100x4xf32>, [[S:%[^:]+]]: tensor<100xf32>, [[IT:%[^:]+]]: f32, [[ST:%[^:]+]]: f32, [[N:%[^:]+]]: i32, [[MAXOUT:%[^:]+]]: i64)
// CHECK: [[NB:%.+]] = arith.index_cast {{%.+}} : index to i64
// CHECK-NEXT: [[CAP:%.+]] = arith.constant 10 : i64
// valid: clamp(n, 0, N), after widening the i32 count.
// CHECK-NEXT: [[NW:%.+]] = arith.extsi [[N]] : i32 to i64
// CHECK-NEXT: [[Z0:%.+]] = arith.constant 0 : i64
// CHECK-NEXT: [[NV0:%.+]] = arith.maxsi [[NW]], [[Z0]] : i64
// CHECK-NEXT: [[NVALID:%.+]] = arith.minsi [[NV0]], [[NB]] : i64
// max_output: clamp(m, 0, K).
// CHECK-NEXT: [[Z1:%.+]] = arith.constant 0 : i64
// CHECK-NEXT: [[L0:%.+]] = arith.maxsi [[MAXOUT]], [[Z1]] : i64
// CHECK-NEXT: [[LIMIT:%.+]] = arith.minsi [[L0]], [[CAP]] : i64
// The scratch result has the capacity of max_output and the i32 element
// type of the result.
// CHECK: memref.alloc() : memref<100xi16>
// CHECK-NEXT: [[KEPT:%.+]] = memref.alloc() : memref<10xi32>
// CHECK-NEXT: [[MINUS1:%.+]] = arith.constant -1 : i32
// CHECK-NEXT: linalg.fill ins([[MINUS1]] : i32) outs([[KEPT]] : memref<10xi32>)
// The compaction runs up to the clamped count, against the score operand.
// CHECK: scf.for {{.+}} to [[NVALID]] step
// CHECK: arith.cmpf oge, {{%.+}}, [[ST]] : f32
// Pruning is exact when `IoU >= t` has t > 0 (or t is NaN): a run-time
// test of the operand. Ten kept slots: no grid.
// CHECK: [[ZT:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[PRUNE:%.+]] = arith.cmpf ugt, [[IT]], [[ZT]] : f32
// CHECK-NOT: memref.alloc
// The greedy loop stops at the clamped limit.
// CHECK: scf.while
// CHECK: scf.while
// CHECK: arith.cmpi slt, {{%.+}}, [[LIMIT]] : i64
// The candidate's corners: cxcywh converted, then normalised.
// CHECK: scf.while
// CHECK: [[HALF:%.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: [[HW:%.+]] = arith.mulf [[HALF]], [[W:%.+]] : f32
// CHECK-NEXT: [[HH:%.+]] = arith.mulf [[HALF]], [[H:%.+]] : f32
// CHECK-NEXT: [[X1:%.+]] = arith.subf [[CX:%.+]], [[HW]] : f32
// CHECK-NEXT: [[Y1:%.+]] = arith.subf [[CY:%.+]], [[HH]] : f32
// CHECK-NEXT: [[X2:%.+]] = arith.addf [[CX]], [[HW]] : f32
// CHECK-NEXT: [[Y2:%.+]] = arith.addf [[CY]], [[HH]] : f32
// CHECK-NEXT: [[NX1:%.+]] = arith.minimumf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[NY1:%.+]] = arith.minimumf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[NX2:%.+]] = arith.maximumf [[X1]], [[X2]] : f32
// CHECK-NEXT: [[NY2:%.+]] = arith.maximumf [[Y1]], [[Y2]] : f32
// CHECK-NEXT: [[NW2:%.+]] = arith.subf [[NX2]], [[NX1]] : f32
// CHECK-NEXT: [[NH2:%.+]] = arith.subf [[NY2]], [[NY1]] : f32
// CHECK-NEXT: [[CAREA:%.+]] = arith.mulf [[NW2]], [[NH2]] : f32
// An inert candidate (empty, or a NaN corner) scans nothing.
// CHECK-NEXT: [[NEX:%.+]] = arith.cmpf ogt, [[NX2]], [[NX1]] : f32
// CHECK-NEXT: [[NEY:%.+]] = arith.cmpf ogt, [[NY2]], [[NY1]] : f32
// CHECK-NEXT: [[NONEMPTY:%.+]] = arith.andi [[NEX]], [[NEY]] : i1
// CHECK: [[INERT:%.+]] = arith.andi [[PRUNE]], {{%.+}} : i1
// CHECK: [[UPTO:%.+]] = arith.select [[INERT]], {{%.+}}, {{%.+}} : i64
// The scan of the kept list: the IoU only for boxes that intersect (or
// every box when pruning is not exact); zero_area guards it, then `>=`
// the operand.
// CHECK: scf.while ({{.+}} = [[UPTO]], {{.+}}) : (i64, i1) -> (i64, i1) {
// CHECK: [[MAYBE:%.+]] = arith.ori {{%.+}}, {{%.+}} : i1
// CHECK-NEXT: {{%.+}} = scf.if [[MAYBE]] -> (i1) {
// CHECK: [[OAREA:%.+]] = arith.mulf
// CHECK: [[INTER:%.+]] = arith.mulf
// CHECK: [[DA:%.+]] = arith.cmpf ole, [[CAREA]], {{%.+}} : f32
// CHECK-NEXT: [[DB:%.+]] = arith.cmpf ole, [[OAREA]], {{%.+}} : f32
// CHECK-NEXT: [[DEG:%.+]] = arith.ori [[DA]], [[DB]] : i1
// CHECK-NEXT: [[Q:%.+]] = arith.divf [[INTER]], {{%.+}} : f32
// CHECK-NEXT: [[ZF:%.+]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: [[IOU:%.+]] = arith.select [[DEG]], [[ZF]], [[Q]] : f32
// CHECK-NEXT: [[OVER:%.+]] = arith.cmpf oge, [[IOU]], [[IT]] : f32
// CHECK-NEXT: scf.yield [[OVER]] : i1
// Kept indices and the count narrow to the i32 result type.
// CHECK: arith.trunci {{%.+}} : i64 to i32
// CHECK: memref.store {{%.+}}, [[KEPT]][{{%.+}}] : memref<10xi32>
// CHECK: [[RES:%.+]] = bufferization.to_tensor [[KEPT]] restrict writable : memref<10xi32> to tensor<10xi32>
// CHECK-NEXT: [[COUNT:%.+]] = arith.trunci {{%.+}}#1 : i64 to i32
// CHECK-NEXT: return [[RES]], [[COUNT]] : tensor<10xi32>, i32

// With 32-bit counters, counts are clamped in i64 and only then narrowed.
// I32-LABEL: func.func @nms_all_rules(
// I32-SAME: [[N:%[^:]+]]: i32, [[MAXOUT:%[^:]+]]: i64)
// I32: [[NW:%.+]] = arith.extsi [[N]] : i32 to i64
// I32: [[NV0:%.+]] = arith.maxsi [[NW]], {{%.+}} : i64
// I32-NEXT: [[NV1:%.+]] = arith.minsi [[NV0]], {{%.+}} : i64
// I32-NEXT: arith.trunci [[NV1]] : i64 to i32
// I32: [[MV0:%.+]] = arith.maxsi [[MAXOUT]], {{%.+}} : i64
// I32-NEXT: [[MV1:%.+]] = arith.minsi [[MV0]], {{%.+}} : i64
// I32-NEXT: arith.trunci [[MV1]] : i64 to i32
// I32: memref.alloc() : memref<100xi16>
// I32-NEXT: memref.alloc() : memref<10xi32>
// I32: return {{%.+}}, {{%.+}}#1 : tensor<10xi32>, i32
func.func @nms_all_rules(%b: tensor<100x4xf32>, %s: tensor<100xf32>, %t: f32, %st: f32, %n: i32, %m: i64) -> (tensor<10xi32>, i32) {
  %k, %c = detect.nms %b, %s valid(%n : i32) iou_threshold(%t : f32) score_threshold(%st : f32) max_output(%m : i64) iou_compare(ge) score_compare(ge) layout(cxcywh) normalize_corners degenerate(zero_area) : tensor<100x4xf32>, tensor<100xf32> -> tensor<10xi32>, i32
  return %k, %c : tensor<10xi32>, i32
}

// -----

// No score threshold: every score but NaN is a candidate (cmpf ord). A
// dynamic N sizes both scratch buffers with tensor.dim (and no grid: its
// buckets are sized at compile time).

// CHECK-LABEL: func.func @nms_dynamic_no_score_threshold(
// CHECK-SAME: [[B:%[^:]+]]: tensor<?x4xf32>, [[S:%[^:]+]]: tensor<?xf32>, [[MAXOUT:%[^:]+]]: i64)
// CHECK: [[NB:%.+]] = arith.index_cast {{%.+}} : index to i64
// max_output is clamped to the capacity, which is N here.
// CHECK: [[L0:%.+]] = arith.maxsi [[MAXOUT]], {{%.+}} : i64
// CHECK-NEXT: [[LIMIT:%.+]] = arith.minsi [[L0]], [[NB]] : i64
// CHECK: [[BOXES:%.+]] = bufferization.to_buffer [[B]] read_only : tensor<?x4xf32> to memref<?x4xf32>
// CHECK-NEXT: [[SCORES:%.+]] = bufferization.to_buffer [[S]] read_only : tensor<?xf32> to memref<?xf32>
// CHECK: [[D1:%.+]] = tensor.dim [[B]], {{%.+}} : tensor<?x4xf32>
// CHECK-NEXT: [[ORDER:%.+]] = memref.alloc([[D1]]) : memref<?xi64>
// CHECK: [[D2:%.+]] = tensor.dim [[B]], {{%.+}} : tensor<?x4xf32>
// CHECK-NEXT: [[KEPT:%.+]] = memref.alloc([[D2]]) : memref<?xi64>
// CHECK: scf.for
// CHECK-NEXT: arith.index_cast
// CHECK-NEXT: [[SC:%.+]] = memref.load [[SCORES]][{{%.+}}] : memref<?xf32>
// CHECK-NEXT: [[PASS:%.+]] = arith.cmpf ord, [[SC]], [[SC]] : f32
// CHECK-NEXT: scf.if [[PASS]] {
// CHECK: arith.cmpi slt, {{%.+}}, [[LIMIT]] : i64
// CHECK: bufferization.to_tensor [[KEPT]] restrict writable : memref<?xi64> to tensor<?xi64>
func.func @nms_dynamic_no_score_threshold(%b: tensor<?x4xf32>, %s: tensor<?xf32>, %m: i64) -> (tensor<?xi64>, i64) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) max_output(%m : i64) : tensor<?x4xf32>, tensor<?xf32> -> tensor<?xi64>, i64
  return %k, %c : tensor<?xi64>, i64
}

// -----

// Only detect.nms is rewritten: the data-parallel box ops stay for
// --convert-detect-to-linalg.

// CHECK-LABEL: func.func @other_ops_untouched(
// CHECK: detect.box_area
// CHECK-NOT: detect.nms
// CHECK: return
func.func @other_ops_untouched(%b: tensor<8x4xf32>, %s: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xi64>, i64) {
  %a = detect.box_area %b : tensor<8x4xf32> -> tensor<8xf32>
  %k, %c = detect.nms %b, %s iou_threshold(0.5) : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi64>, i64
  return %a, %k, %c : tensor<8xf32>, tensor<8xi64>, i64
}
