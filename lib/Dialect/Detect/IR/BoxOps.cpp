//===- BoxOps.cpp - verifiers and folders of the box ops ------------------===//
//
// Part of detect-mlir. box_convert, box_area, clip_boxes, iou and
// decode_boxes: shapes, layouts and the rules of their attributes.
//
//===----------------------------------------------------------------------===//

#include "DetectVerify.h"

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/IR/TypeUtilities.h"

#include <cmath>

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::verify;

//===----------------------------------------------------------------------===//
// BoxConvertOp
//===----------------------------------------------------------------------===//

LogicalResult BoxConvertOp::verify() {
  ShapeChecker check{*this};
  if (failed(check.boxesToBoxes(getBoxes().getType(), getResult().getType())))
    return failure();
  return success();
}

OpFoldResult BoxConvertOp::fold(FoldAdaptor) {
  // Rows past a valid count are zeroed by the op, so neither fold applies.
  if (getValidCount() || getBoxes().getType() != getResult().getType())
    return {};
  if (getFrom() == getTo())
    return getBoxes();
  // a -> b -> a.
  if (auto inner = getBoxes().getDefiningOp<BoxConvertOp>())
    if (!inner.getValidCount() && inner.getFrom() == getTo() &&
        inner.getBoxes().getType() == getResult().getType())
      return inner.getBoxes();
  return {};
}

//===----------------------------------------------------------------------===//
// BoxAreaOp
//===----------------------------------------------------------------------===//

LogicalResult BoxAreaOp::verify() {
  ShapeChecker check{*this};
  if (failed(check.boxes(getBoxes().getType(), "boxes")) ||
      failed(check.rank(getResult().getType(), 1, "the result", "[N]")) ||
      failed(check.sameDim(getBoxes().getType(), 0, "the number of boxes",
                           getResult().getType(), 0, "the number of areas")) ||
      failed(check.sameElementType(getBoxes().getType(), "boxes",
                                   getResult().getType(), "the result")))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// ClipBoxesOp
//===----------------------------------------------------------------------===//

LogicalResult ClipBoxesOp::verify() {
  ShapeChecker check{*this};
  Type elementType = getElementTypeOrSelf(getBoxes().getType());
  if (failed(check.boxesToBoxes(getBoxes().getType(), getResult().getType())) ||
      failed(check.scalarType(getHeightValue(), elementType, "height")) ||
      failed(check.scalarType(getWidthValue(), elementType, "width")))
    return failure();
  for (auto [name, attr, value] :
       {std::tuple{"height", getHeightAttr(), getHeightValue()},
        std::tuple{"width", getWidthAttr(), getWidthValue()}}) {
    if (!attr && !value)
      return emitOpError() << "requires the image " << name
                           << ": an attribute or an operand";
    if (attr && value)
      return emitOpError() << "has the image " << name
                           << " both as an attribute and as an operand";
    if (attr && (!isFinite(attr) || attr.getValueAsDouble() < 0))
      return emitOpError() << "expects the image " << name
                           << " to be finite and non-negative, got "
                           << attr.getValueAsDouble();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// IouOp
//===----------------------------------------------------------------------===//

LogicalResult IouOp::verify() {
  ShapeChecker check{*this};
  Type lhs = getLhs().getType(), rhs = getRhs().getType();
  Type result = getResult().getType();
  if (failed(check.boxes(lhs, "lhs")) || failed(check.boxes(rhs, "rhs")) ||
      failed(check.rank(result, 2, "the result", "[N, M]")) ||
      failed(check.sameDim(lhs, 0, "the number of lhs boxes", result, 0,
                           "the number of result rows")) ||
      failed(check.sameDim(rhs, 0, "the number of rhs boxes", result, 1,
                           "the number of result columns")) ||
      failed(check.sameElementType(lhs, "lhs", rhs, "rhs")) ||
      failed(check.sameElementType(lhs, "lhs", result, "the result")))
    return failure();
  double eps = getEps().convertToDouble();
  if (!std::isfinite(eps) || eps < 0)
    return emitOpError() << "expects eps to be finite and non-negative, got "
                         << eps;
  if (eps != 0 && getKind() != IouKind::diou && getKind() != IouKind::ciou)
    return emitOpError() << "expects eps to be 0 for kind "
                         << stringifyIouKind(getKind())
                         << " (it applies to diou and ciou only)";
  return success();
}

//===----------------------------------------------------------------------===//
// DecodeBoxesOp
//===----------------------------------------------------------------------===//

LogicalResult DecodeBoxesOp::verify() {
  ShapeChecker check{*this};
  Type encodings = getEncodings().getType(), anchors = getAnchors().getType();
  Type result = getResult().getType();
  if (failed(check.boxes(encodings, "encodings")) ||
      failed(check.boxes(anchors, "anchors")) ||
      failed(check.boxes(result, "the result")) ||
      failed(check.sameDim(encodings, 0, "the number of encodings", anchors, 0,
                           "the number of anchors")) ||
      failed(check.sameDim(encodings, 0, "the number of encodings", result, 0,
                           "the number of result rows")) ||
      failed(
          check.sameElementType(encodings, "encodings", anchors, "anchors")) ||
      failed(
          check.sameElementType(encodings, "encodings", result, "the result")))
    return failure();
  for (auto [name, attr] : {std::pair{"y_scale", getYScaleAttr()},
                            std::pair{"x_scale", getXScaleAttr()},
                            std::pair{"h_scale", getHScaleAttr()},
                            std::pair{"w_scale", getWScaleAttr()}})
    if (!isFinite(attr) || attr.getValueAsDouble() <= 0)
      return emitOpError() << "expects " << name
                           << " to be finite and positive, got "
                           << attr.getValueAsDouble();
  if (std::optional<Type> computeType = getComputeType()) {
    auto element = cast<FloatType>(getElementTypeOrSelf(encodings));
    if (cast<FloatType>(*computeType).getWidth() < element.getWidth())
      return emitOpError() << "expects the compute type to be at least as "
                              "wide as the element type "
                           << element << ", got " << *computeType;
  }
  return success();
}
