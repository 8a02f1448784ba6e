//===- Passes.h - detect transformation passes ------------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_H
#define DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::detect {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"

} // namespace mlir::detect

#endif // DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_H
