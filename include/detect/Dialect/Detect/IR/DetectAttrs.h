//===- DetectAttrs.h - rules shared by all detect ops -----------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_IR_DETECTATTRS_H
#define DETECT_DIALECT_DETECT_IR_DETECTATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "detect/Dialect/Detect/IR/DetectEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "detect/Dialect/Detect/IR/DetectAttrs.h.inc"

namespace mlir::detect {

/// True for the layouts that store two corners (`xyxy`, `yxyx`).
inline bool isCornerLayout(BoxLayout layout) {
  return layout == BoxLayout::xyxy || layout == BoxLayout::yxyx;
}

/// True when converting between the two layouts only permutes coordinates,
/// so the conversion is exact in floating point.
inline bool isPermutation(BoxLayout from, BoxLayout to) {
  return from == to || (isCornerLayout(from) && isCornerLayout(to));
}

} // namespace mlir::detect

#endif // DETECT_DIALECT_DETECT_IR_DETECTATTRS_H
