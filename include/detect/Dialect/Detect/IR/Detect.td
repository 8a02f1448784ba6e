//===- Detect.td - the detect dialect, all of it ------------*- tablegen -*-===//
//
// Part of detect-mlir. Single entry point for documentation generation.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECT_TD
#define DETECT_DIALECT_DETECT_IR_DETECT_TD

include "detect/Dialect/Detect/IR/DetectDialect.td"
include "detect/Dialect/Detect/IR/DetectAttrs.td"
include "detect/Dialect/Detect/IR/DetectOps.td"

#endif // DETECT_DIALECT_DETECT_IR_DETECT_TD
