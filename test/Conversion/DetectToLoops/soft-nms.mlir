// Checks that --convert-detect-soft-nms-to-loops lowers detect.soft_nms to scf
// loops over memrefs: TensorFlow's lazy rescoring through a heap, OpenCV's
// eager rescoring through a scan.
// RUN: detect-opt %s --split-input-file --convert-detect-soft-nms-to-loops | FileCheck %s
// RUN: detect-opt %s --split-input-file --convert-detect-soft-nms-to-loops="index-bitwidth=32" | FileCheck %s --check-prefix=I32

// TensorFlow (tfjs) rules, computed in f64.
// CHECK-LABEL: func.func @soft_lazy(
// Scratch: box numbers (i16), running scores in the compute type, the first
// selection not yet compared with (i16); results: indices (-1) and scores (0).
// CHECK: [[IDX:%.+]] = memref.alloc() : memref<8xi16>
// CHECK-NEXT: [[SCORE:%.+]] = memref.alloc() : memref<8xf64>
// CHECK-NEXT: [[BEGIN:%.+]] = memref.alloc() : memref<8xi16>
// CHECK-NEXT: [[OUT:%.+]] = memref.alloc() : memref<8xi32>
// CHECK-NEXT: [[OUTS:%.+]] = memref.alloc() : memref<8xf32>
// CHECK: linalg.fill ins({{%.+}} : i32) outs([[OUT]] : memref<8xi32>)
// CHECK: linalg.fill ins({{%.+}} : f32) outs([[OUTS]] : memref<8xf32>)
// Candidates: score > 0 in f64.
// CHECK: scf.for
// CHECK: [[EXT:%.+]] = arith.extf {{%.+}} : f32 to f64
// CHECK: arith.cmpf ogt, [[EXT]], {{%.+}} : f64
// Heapify, then the selection loop over (candidates, selected).
// CHECK: scf.for
// CHECK: scf.while
// CHECK: scf.while ({{%.+}} = {{%.+}}, {{%.+}} = {{%.+}}) : (i64, i64) -> (i64, i64)
// The top candidate is rescored newest first: (j, score, dropped, going).
// CHECK: scf.while ({{.+}}) : (i64, f64, i1, i1) -> (i64, f64, i1, i1)
// CHECK: memref.load [[OUT]]
// IoU >= 0.5 drops; otherwise score *= exp((-0.5 / sigma) * iou * iou).
// CHECK: arith.cmpf oge, [[IOU:%.+]], {{%.+}} : f64
// CHECK: [[SCALE:%.+]] = arith.constant -1.000000e+00 : f64
// CHECK-NEXT: [[A:%.+]] = arith.mulf [[SCALE]], [[IOU]] : f64
// CHECK-NEXT: [[B:%.+]] = arith.mulf [[A]], [[IOU]] : f64
// CHECK-NEXT: math.exp [[B]] : f64
// Selected when unchanged, with the score rounded to f32.
// CHECK: arith.cmpf oeq
// CHECK: arith.truncf {{%.+}} : f64 to f32
// Back among the candidates (sift down) or removed.
// CHECK: scf.if {{%.+}} -> (i64)
// CHECK: memref.store {{%.+}}, [[BEGIN]]
// CHECK: scf.while
// CHECK: } else {
// CHECK: scf.while
// CHECK: bufferization.to_tensor [[OUT]]
// CHECK: bufferization.to_tensor [[OUTS]]
// I32-LABEL: func.func @soft_lazy(
// I32: scf.while ({{%.+}} = {{%.+}}, {{%.+}} = {{%.+}}) : (i32, i32) -> (i32, i32)
func.func @soft_lazy(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<8xi32>, tensor<8xf32>, i32) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores sigma(0.5) iou_threshold(0.5) score_threshold(0.0)
      iou_compare(ge) layout(yxyx) normalize_corners degenerate(zero_area) compute_type(f64)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return %keep, %s, %count : tensor<8xi32>, tensor<8xf32>, i32
}

// -----

// OpenCV rules: linear, no begin array, capacity 3.
// CHECK-LABEL: func.func @soft_eager_linear(
// CHECK: [[IDX:%.+]] = memref.alloc() : memref<8xi16>
// CHECK-NEXT: [[SCORE:%.+]] = memref.alloc() : memref<8xf32>
// CHECK-NEXT: [[OUT:%.+]] = memref.alloc() : memref<3xi64>
// CHECK-NEXT: [[OUTS:%.+]] = memref.alloc() : memref<3xf32>
// Candidates: score >= 0.001.
// CHECK: arith.cmpf oge
// CHECK: scf.while
// The best candidate by a scan.
// CHECK: scf.for
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// OpenCV's overlap: 1 - f32(1 - IoU in f64), 0 distance for empty pairs.
// CHECK: arith.divf {{%.+}}, {{%.+}} : f64
// CHECK: arith.truncf {{%.+}} : f64 to f32
// CHECK: [[OV:%.+]] = arith.subf {{%.+}}, {{%.+}} : f32
// The linear decay when the overlap passes 0.3.
// CHECK: arith.cmpf ogt, [[OV]], {{%.+}} : f32
// CHECK: arith.subf {{%.+}}, [[OV]] : f32
// CHECK: arith.mulf
// Survivors are compacted in place.
// CHECK: arith.cmpf oge
// CHECK: scf.if
// CHECK-NOT: math.exp
// CHECK: return
func.func @soft_eager_linear(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<3xi64>, tensor<3xf32>, i64) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores method(linear) update(eager) iou_threshold(0.3)
      score_threshold(0.001) max_output(3) score_compare(ge) layout(xywh) overlap(jaccard_distance)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<3xi64>, tensor<3xf32>, i64
  return %keep, %s, %count : tensor<3xi64>, tensor<3xf32>, i64
}

// -----

// OpenCV Gaussian: s *= exp(-(ov * ov) / sigma) in f32.
// CHECK-LABEL: func.func @soft_eager_gaussian(
// CHECK: [[SQ:%.+]] = arith.mulf [[OV:%.+]], [[OV]] : f32
// CHECK-NEXT: [[NEG:%.+]] = arith.negf [[SQ]] : f32
// CHECK-NEXT: [[SIGMA:%.+]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: [[Q:%.+]] = arith.divf [[NEG]], [[SIGMA]] : f32
// CHECK-NEXT: [[W:%.+]] = math.exp [[Q]] : f32
// CHECK-NEXT: arith.mulf {{%.+}}, [[W]] : f32
func.func @soft_eager_gaussian(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<8xi32>, tensor<8xf32>, i32) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores update(eager) sigma(0.5)
      score_compare(ge) layout(xywh) overlap(jaccard_distance)
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<8xi32>, tensor<8xf32>, i32
  return %keep, %s, %count : tensor<8xi32>, tensor<8xf32>, i32
}

// -----

// TensorFlow V4 padding: 12 index slots for 8 boxes, filled with 0.
// CHECK-LABEL: func.func @soft_padded(
// CHECK: [[OUT:%.+]] = memref.alloc() : memref<12xi32>
// CHECK-NEXT: [[OUTS:%.+]] = memref.alloc() : memref<12xf32>
// CHECK-NEXT: [[ZERO:%.+]] = arith.constant 0 : i32
// CHECK-NEXT: linalg.fill ins([[ZERO]] : i32) outs([[OUT]] : memref<12xi32>)
func.func @soft_padded(%boxes: tensor<8x4xf32>, %scores: tensor<8xf32>) -> (tensor<12xi32>, tensor<12xf32>, i32) {
  %keep, %s, %count = detect.soft_nms %boxes, %scores iou_threshold(0.5) max_output(12) iou_compare(ge)
      layout(yxyx) normalize_corners degenerate(zero_area) compute_type(f64) pad_to_max_output
      : tensor<8x4xf32>, tensor<8xf32> -> tensor<12xi32>, tensor<12xf32>, i32
  return %keep, %s, %count : tensor<12xi32>, tensor<12xf32>, i32
}
