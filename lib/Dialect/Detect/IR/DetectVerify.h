//===- DetectVerify.h - checks shared by the op verifiers -------*- C++ -*-===//
//
// Part of detect-mlir. The verifiers of the box ops (BoxOps.cpp), the NMS
// family (NmsOps.cpp) and the framework ops (FrameworkOps.cpp) state each
// shared rule, and word its message, once here.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_DIALECT_DETECT_IR_DETECTVERIFY_H
#define DETECT_LIB_DIALECT_DETECT_IR_DETECTVERIFY_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/TypeUtilities.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

namespace mlir::detect::verify {

/// Verification helpers shared by every op that reads or writes boxes, so
/// that each rule is stated (and worded) once.
struct ShapeChecker {
  Operation *op;

  /// `[N, 4]` with a static 4.
  LogicalResult boxes(Type type, StringRef name) const {
    auto tensor = cast<RankedTensorType>(type);
    if (tensor.getRank() != 2)
      return op->emitOpError() << "expects " << name
                               << " to be a rank-2 tensor [N, 4], got " << type;
    if (tensor.getDimSize(1) != 4)
      return op->emitOpError()
             << "expects the last dimension of " << name
             << " to be 4 (a box), got "
             << (tensor.isDynamicDim(1) ? std::string("?")
                                        : std::to_string(tensor.getDimSize(1)));
    return success();
  }

  LogicalResult rank(Type type, int64_t rank, StringRef name,
                     StringRef shape) const {
    if (cast<RankedTensorType>(type).getRank() != rank)
      return op->emitOpError() << "expects " << name << " to be a rank-" << rank
                               << " tensor " << shape << ", got " << type;
    return success();
  }

  /// Two dimensions that must agree when both are static.
  LogicalResult sameDim(Type a, int64_t aDim, StringRef aName, Type b,
                        int64_t bDim, StringRef bName) const {
    int64_t x = cast<RankedTensorType>(a).getDimSize(aDim);
    int64_t y = cast<RankedTensorType>(b).getDimSize(bDim);
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return op->emitOpError() << "expects " << aName << " (" << x << ") and "
                               << bName << " (" << y << ") to match";
    return success();
  }

  LogicalResult sameElementType(Type a, StringRef aName, Type b,
                                StringRef bName) const {
    Type x = getElementTypeOrSelf(a), y = getElementTypeOrSelf(b);
    if (x != y)
      return op->emitOpError()
             << "expects " << aName << " and " << bName
             << " to have the same element type, got " << x << " and " << y;
    return success();
  }

  /// Boxes `[N, 4]` in and one result box per box, of their element type.
  LogicalResult boxesToBoxes(Type boxesType, Type resultType) const {
    if (failed(boxes(boxesType, "boxes")) ||
        failed(boxes(resultType, "the result")) ||
        failed(sameDim(boxesType, 0, "the number of boxes", resultType, 0,
                       "the number of result rows")) ||
        failed(sameElementType(boxesType, "boxes", resultType, "the result")))
      return failure();
    return success();
  }

  /// Boxes `[N, 4]` and their scores `[N]` of one element type.
  LogicalResult boxesAndScores(Type boxesType, Type scoresType) const {
    if (failed(boxes(boxesType, "boxes")) ||
        failed(rank(scoresType, 1, "scores", "[N]")) ||
        failed(sameDim(boxesType, 0, "the number of boxes", scoresType, 0,
                       "the number of scores")) ||
        failed(sameElementType(boxesType, "boxes", scoresType, "scores")))
      return failure();
    return success();
  }

  /// A count of the element type of the `name` tensor it counts.
  LogicalResult countOf(Type indices, StringRef name, Type count) const {
    Type element = getElementTypeOrSelf(indices);
    if (count != element)
      return op->emitOpError()
             << "expects the count to have the element type of " << name << " ("
             << element << "), got " << count;
    return success();
  }

  /// A scalar operand (threshold, image size) of the element type it is
  /// compared with, so that no rounding happens behind the user's back.
  LogicalResult scalarType(Value value, Type elementType,
                           StringRef name) const {
    if (value && value.getType() != elementType)
      return op->emitOpError()
             << "expects the " << name << " operand to have type "
             << elementType << ", got " << value.getType();
    return success();
  }
};

/// A float attribute that is set and finite.
bool isFinite(FloatAttr attr);

/// A rule given at most once, as an attribute or as an operand.
LogicalResult checkOnce(Operation *op, Attribute attr, Value value,
                        StringRef name);

/// An IoU threshold attribute in [0, 1] and a score threshold that is not NaN.
LogicalResult checkThresholds(Operation *op, FloatAttr iou, FloatAttr score);

/// A `compute_type`, if set: f32 or f64, at least as wide as `elementType`.
LogicalResult checkComputeType(Operation *op, std::optional<Type> compute,
                               Type elementType);

/// `k` index slots for `n` boxes when both are static: min(max_output, N)
/// with a limit `maxOutput`, N without one.
LogicalResult checkIndexSlots(Operation *op, int64_t n, int64_t k,
                              std::optional<int64_t> maxOutput);

/// The product of `dims`: kDynamic when one of them is dynamic, nullopt when
/// it does not fit in int64_t (no tensor can then have that many rows).
std::optional<int64_t> mulDims(std::initializer_list<int64_t> dims);

} // namespace mlir::detect::verify

#endif // DETECT_LIB_DIALECT_DETECT_IR_DETECTVERIFY_H
