//===- DetectDialect.h - the detect dialect ---------------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECTDIALECT_H
#define DETECT_DIALECT_DETECT_IR_DETECTDIALECT_H

#include "mlir/IR/Dialect.h"

#include "detect/Dialect/Detect/IR/DetectDialect.h.inc"

#endif // DETECT_DIALECT_DETECT_IR_DETECTDIALECT_H
