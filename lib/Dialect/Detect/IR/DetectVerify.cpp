//===- DetectVerify.cpp - checks shared by the op verifiers ---------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "DetectVerify.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::detect;

bool verify::isFinite(FloatAttr attr) {
  return attr && std::isfinite(attr.getValueAsDouble());
}

LogicalResult verify::checkOnce(Operation *op, Attribute attr, Value value,
                                StringRef name) {
  if (attr && value)
    return op->emitOpError()
           << "has the " << name << " both as an attribute and as an operand";
  return success();
}

LogicalResult verify::checkThresholds(Operation *op, FloatAttr iou,
                                      FloatAttr score) {
  if (iou) {
    double t = iou.getValueAsDouble();
    if (!(t >= 0.0 && t <= 1.0))
      return op->emitOpError()
             << "expects the IoU threshold to be in [0, 1], got " << t;
  }
  if (score && std::isnan(score.getValueAsDouble()))
    return op->emitOpError("expects the score threshold not to be NaN");
  return success();
}

std::optional<int64_t> verify::mulDims(std::initializer_list<int64_t> dims) {
  int64_t product = 1;
  for (int64_t d : dims)
    if (ShapedType::isDynamic(d))
      return ShapedType::kDynamic;
  for (int64_t d : dims) {
    std::optional<int64_t> next = llvm::checkedMul(product, d);
    if (!next)
      return std::nullopt;
    product = *next;
  }
  return product;
}

LogicalResult verify::checkComputeType(Operation *op,
                                       std::optional<Type> compute,
                                       Type elementType) {
  if (!compute)
    return success();
  auto computeFloat = dyn_cast<FloatType>(*compute);
  if (!computeFloat || !(computeFloat.isF32() || computeFloat.isF64()) ||
      computeFloat.getWidth() < elementType.getIntOrFloatBitWidth())
    return op->emitOpError() << "expects compute_type to be f32 or f64, at "
                                "least as wide as the element type "
                             << elementType << ", got " << *compute;
  return success();
}

LogicalResult verify::checkIndexSlots(Operation *op, int64_t n, int64_t k,
                                      std::optional<int64_t> maxOutput) {
  if (maxOutput) {
    int64_t capacity =
        ShapedType::isDynamic(n) ? *maxOutput : std::min(*maxOutput, n);
    if (!ShapedType::isDynamic(k) && k != capacity)
      return op->emitOpError()
             << "expects " << capacity
             << " index slots (min(max_output, N)), got " << k;
    return success();
  }
  if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(k) && k != n)
    return op->emitOpError()
           << "expects " << n
           << " index slots (N, as no max_output is set), got " << k;
  return success();
}
