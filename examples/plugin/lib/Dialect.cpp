//===- Dialect.cpp - the example plugin's dialect -------------------------===//
//
// Part of detect-mlir's example plugin.
//
//===----------------------------------------------------------------------===//

#include "DisjointIou/Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;

#include "DisjointIou/Dialect.cpp.inc"

void disjoint_iou::DisjointIouDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "DisjointIou/Ops.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "DisjointIou/Ops.cpp.inc"
