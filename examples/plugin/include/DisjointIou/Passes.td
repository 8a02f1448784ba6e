//===- Passes.td - the example plugin's pass ----------------*- tablegen -*-===//
//
// Part of detect-mlir's example plugin (docs/Extending.md, step 2).
//
//===----------------------------------------------------------------------===//

#ifndef DISJOINTIOU_PASSES_TD
#define DISJOINTIOU_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerIouSkipDisjoint : Pass<"lower-iou-skip-disjoint"> {
  let summary = "Lower detect.iou kind(iou), skipping the division for "
                "disjoint boxes";
  let description = [{
    Rewrites `detect.iou` with `kind(iou)` into `linalg.generic` ops, like
    `convert-detect-to-linalg`, except that each pair first computes its
    intersection and, when the boxes are disjoint (intersection exactly 0,
    sum of the areas > 0), yields 0 without the union and the division. On a
    core that divides in software (Cortex-M0+) most pairs of a detector's
    boxes are disjoint, and a division costs far more than a comparison.

    The result is identical to the built-in lowering under every degenerate
    rule: with a zero intersection and a positive union, `ieee` gives
    `+0 / union = +0`, `zero_area` and `zero_union` give 0. Other pairs (an
    intersection, an empty or NaN box) take the built-in formula.

    Ops with valid counts, dynamic shapes or another kind are left to the
    built-in lowering.
  }];
  // detect: disjoint_iou.iou becomes detect.iou, which the input may not
  // have loaded.
  let dependentDialects = [
    "::mlir::detect::DetectDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // DISJOINTIOU_PASSES_TD
