//===- Dialect.h - the example plugin's dialect -----------------*- C++ -*-===//
//
// Part of detect-mlir's example plugin.
//
//===----------------------------------------------------------------------===//

#ifndef DISJOINTIOU_DIALECT_H
#define DISJOINTIOU_DIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "DisjointIou/Dialect.h.inc"

#define GET_OP_CLASSES
#include "DisjointIou/Ops.h.inc"

#endif // DISJOINTIOU_DIALECT_H
