//===- DetectDialect.cpp - the detect dialect -----------------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Detect/IR/DetectAttrs.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::detect;

#include "detect/Dialect/Detect/IR/DetectDialect.cpp.inc"
#include "detect/Dialect/Detect/IR/DetectEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "detect/Dialect/Detect/IR/DetectAttrs.cpp.inc"

void DetectDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "detect/Dialect/Detect/IR/DetectAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "detect/Dialect/Detect/IR/DetectOps.cpp.inc"
      >();
}
