//===- Passes.h - detect conversion passes ----------------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_PASSES_H
#define DETECT_CONVERSION_PASSES_H

#include "detect/Conversion/DetectToLinalg/DetectToLinalg.h"
#include "detect/Conversion/DetectToLoops/DetectToLoops.h"
#include "detect/Conversion/OnnxToDetect/OnnxToDetect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Pass/Pass.h"

namespace mlir::detect {

#define GEN_PASS_DECL
#define GEN_PASS_REGISTRATION
#include "detect/Conversion/Passes.h.inc"

} // namespace mlir::detect

#endif // DETECT_CONVERSION_PASSES_H
