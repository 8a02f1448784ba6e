//===- Passes.h - the example plugin's pass ---------------------*- C++ -*-===//
//
// Part of detect-mlir's example plugin (docs/Extending.md, step 2).
//
//===----------------------------------------------------------------------===//

#ifndef DISJOINTIOU_PASSES_H
#define DISJOINTIOU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace disjoint_iou {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "DisjointIou/Passes.h.inc"

} // namespace disjoint_iou

#endif // DISJOINTIOU_PASSES_H
