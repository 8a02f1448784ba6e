//===- Passes.h - C ABI passes ----------------------------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_BACKEND_CABI_PASSES_H
#define DETECT_BACKEND_CABI_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir::detect {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "detect/Backend/CAbi/Passes.h.inc"

} // namespace mlir::detect

#endif // DETECT_BACKEND_CABI_PASSES_H
