//===- Passes.td - detect conversion passes -----------------*- tablegen -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_PASSES_TD
#define DETECT_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDetectToLinalg : Pass<"convert-detect-to-linalg"> {
  let summary = "Lower the data-parallel detect ops to linalg.generic";
  let description = [{
    Rewrites `detect.box_convert`, `detect.box_area`, `detect.clip_boxes`,
    `detect.iou` and `detect.decode_boxes` into `linalg.generic` ops on
    tensors, so that upstream fusion, tiling, vectorisation and the affine
    loop optimisations apply to them instead of a hand-written kernel.

    Box ops that produce boxes iterate over `(row, coordinate)` of the
    `[N, 4]` result and read the four coordinates of their row through four
    indexing maps; the coordinate is selected by `linalg.index 1`, so that
    after the loops are unrolled (the coordinate loop has 4 iterations)
    canonicalization leaves only the arithmetic of each coordinate.
    `detect.iou` computes both area vectors once and then the `[N, M]`
    pairwise matrix. A `valid` count becomes a mask on `linalg.index`: rows
    past the count are 0.

    The arithmetic is built by `BoxMath` (Conversion/Utils), the same code
    the NMS lowering uses, and performs the IEEE operations of torchvision
    in the same order.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertDetectNmsToLoops : Pass<"convert-detect-nms-to-loops"> {
  let summary = "Lower detect.nms to linalg (data-parallel part) and scf loops";
  let description = [{
    Lowers greedy NMS in three stages:

    1. A `linalg.generic` computes, once per box, its corners (normalised
       with min/max when asked) and its area.
    2. `scf` loops over memrefs do the sequential part: a compaction of the
       boxes that pass the score test (a NaN score never passes), a binary
       max-heap of the candidates ordered by (score descending, index
       ascending) — built in O(n) and popped lazily, so that only the
       candidates visited before the output limit is reached are ordered —
       and the greedy selection, in which each candidate is compared with
       the boxes already kept, newest first, stopping at the first overlap.
    3. The kept indices are written in order; unused slots hold -1.

    The result is identical to the plain greedy definition (visit all boxes
    by decreasing score, keep a box unless its IoU with a kept box passes
    the test). The sequential part is written on memrefs obtained with
    `bufferization.to_buffer`, and its scratch space is `memref.alloc` of
    static size, which the pipelines place on the stack, in a static buffer
    or in a caller-provided workspace (`detect-plan-scratch`).
  }];
  let options = [
    Option<"indexBitwidth", "index-bitwidth", "unsigned", /*default=*/"64",
           "bit width of the loop counters and of the candidate scratch">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // DETECT_CONVERSION_PASSES_TD
