//===- Passes.h - the example plugin's pass ---------------------*- C++ -*-===//
//
// Part of detect-mlir's example plugin (docs/Extending.md, step 2).
//
//===----------------------------------------------------------------------===//

#ifndef DISJOINTIOU_PASSES_H
#define DISJOINTIOU_PASSES_H

#include "detect/Dialect/Detect/IR/DetectDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::detect {
class StrategySelection;
} // namespace mlir::detect

namespace disjoint_iou {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "DisjointIou/Passes.h.inc"

/// The same lowering as a strategy of detect.iou ("skip-disjoint"): the
/// pattern, matching the ops that select it.
void populateSkipDisjointStrategy(
    mlir::RewritePatternSet &patterns,
    const mlir::detect::StrategySelection &selection,
    mlir::PatternBenefit benefit);

} // namespace disjoint_iou

#endif // DISJOINTIOU_PASSES_H
