//===- DetectOps.h - detect dialect operations ------------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECTOPS_H
#define DETECT_DIALECT_DETECT_IR_DETECTOPS_H

#include "detect/Dialect/Detect/IR/DetectAttrs.h"
#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "detect/Dialect/Detect/IR/DetectOps.h.inc"

#endif // DETECT_DIALECT_DETECT_IR_DETECTOPS_H
