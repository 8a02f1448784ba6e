//===- NmsOps.cpp - verifiers of the NMS family ---------------------------===//
//
// Part of detect-mlir. nms and soft_nms: the shapes of boxes, scores and
// selections, and the rules that pick the kept boxes.
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
// NmsOp
//===----------------------------------------------------------------------===//

LogicalResult NmsOp::verify() {
  ShapeChecker check{*this};
  Type boxes = getBoxes().getType(), scores = getScores().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  if (failed(check.boxesAndScores(boxes, scores)) ||
      failed(check.rank(indices, 1, "the indices", "[K]")) ||
      failed(check.scalarType(getIouThresholdValue(),
                              getElementTypeOrSelf(boxes), "IoU threshold")) ||
      failed(check.scalarType(getScoreThresholdValue(),
                              getElementTypeOrSelf(scores), "score threshold")))
    return failure();

  if (failed(check.countOf(indices, "the indices", getCount().getType())))
    return failure();

  // IoU threshold: exactly one of attribute and operand, within [0, 1].
  if (!getIouThresholdAttr() && !getIouThresholdValue())
    return emitOpError("requires an IoU threshold: an attribute or an operand");
  if (failed(checkOnce(*this, getIouThresholdAttr(), getIouThresholdValue(),
                       "IoU threshold")) ||
      failed(checkThresholds(*this, getIouThresholdAttr(), FloatAttr())) ||
      failed(checkOnce(*this, getScoreThresholdAttr(), getScoreThresholdValue(),
                       "score threshold")) ||
      failed(checkThresholds(*this, FloatAttr(), getScoreThresholdAttr())))
    return failure();

  // OpenCV's rules.
  if (IntegerAttr k = getMaxCandidatesAttr(); k && k.getInt() <= 0)
    return emitOpError() << "expects max_candidates to be positive, got "
                         << k.getInt();
  if (FloatAttr etaAttr = getEtaAttr()) {
    double eta = etaAttr.getValueAsDouble();
    if (!(eta > 0.0 && eta <= 1.0))
      return emitOpError() << "expects eta to be in (0, 1], got " << eta;
  }
  if (getOverlap() == SoftNmsOverlap::jaccard_distance &&
      !getElementTypeOrSelf(boxes).isF32() &&
      !getElementTypeOrSelf(boxes).isF64())
    return emitOpError() << "expects f32 or f64 boxes with "
                            "overlap(jaccard_distance), got "
                         << getElementTypeOrSelf(boxes);

  // Capacity.
  if (getMaxOutputAttr() && getMaxOutputSize())
    return emitOpError(
        "has the output limit both as an attribute and as an operand");
  int64_t n = cast<RankedTensorType>(boxes).getDimSize(0);
  int64_t k = indices.getDimSize(0);
  if (IntegerAttr maxOutputAttr = getMaxOutputAttr()) {
    // The ODS getter is unsigned; read the attribute to see negative values.
    int64_t maxOutput = maxOutputAttr.getInt();
    if (maxOutput < 0)
      return emitOpError() << "expects max_output to be non-negative, got "
                           << maxOutput;
    if (failed(checkIndexSlots(*this, n, k, maxOutput)))
      return failure();
    if (ShapedType::isDynamic(k))
      return emitOpError("expects a static capacity when max_output is set");
    return success();
  }
  if (getMaxOutputSize()) {
    if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(k) && k > n)
      return emitOpError() << "expects at most " << n
                           << " index slots (N), got " << k;
    return success();
  }
  return checkIndexSlots(*this, n, k, std::nullopt);
}

//===----------------------------------------------------------------------===//
// soft_nms
//===----------------------------------------------------------------------===//

LogicalResult SoftNmsOp::verify() {
  ShapeChecker check{*this};
  Type boxes = getBoxes().getType(), scores = getScores().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto selectedScores = cast<RankedTensorType>(getSelectedScores().getType());
  if (failed(check.boxesAndScores(boxes, scores)) ||
      failed(check.rank(indices, 1, "the indices", "[K]")) ||
      failed(check.rank(selectedScores, 1, "the selected scores", "[K]")) ||
      failed(check.sameDim(indices, 0, "the number of indices", selectedScores,
                           0, "the number of selected scores")) ||
      failed(check.sameElementType(boxes, "boxes", selectedScores,
                                   "the selected scores")))
    return failure();
  if (failed(check.countOf(indices, "the indices", getCount().getType())))
    return failure();

  // The rules of each update order.
  bool lazy = getUpdate() == SoftNmsUpdate::lazy;
  bool linear = getMethod() == SoftNmsMethod::linear;
  double sigma = getSigma().convertToDouble();
  if (!(sigma >= 0.0) || std::isinf(sigma))
    return emitOpError() << "expects sigma to be finite and >= 0, got "
                         << sigma;
  if (lazy && linear)
    return emitOpError("has no linear method with update(lazy): "
                       "TensorFlow's soft-NMS is Gaussian; use update(eager)");
  if (!lazy && !linear && sigma == 0.0)
    return emitOpError("expects sigma > 0 for update(eager) method(gaussian) "
                       "(OpenCV divides by it)");
  bool usesIou = lazy || linear;
  if (usesIou && !getIouThresholdAttr())
    return emitOpError("requires an iou_threshold");
  if (!usesIou && getIouThresholdAttr())
    return emitOpError("has an iou_threshold, which update(eager) "
                       "method(gaussian) does not use");
  if (failed(checkThresholds(*this, getIouThresholdAttr(),
                             getScoreThresholdAttr())))
    return failure();

  // Arithmetic: at least as wide as the element type.
  Type elementType = getElementTypeOrSelf(boxes);
  if (failed(checkComputeType(*this, getComputeType(), elementType)))
    return failure();

  // Capacity.
  int64_t n = cast<RankedTensorType>(boxes).getDimSize(0);
  int64_t k = indices.getDimSize(0);
  if (getPadToMaxOutput() && !getMaxOutputAttr())
    return emitOpError("expects max_output with pad_to_max_output");
  if (IntegerAttr maxOutputAttr = getMaxOutputAttr()) {
    int64_t maxOutput = maxOutputAttr.getInt();
    if (maxOutput < 0)
      return emitOpError() << "expects max_output to be non-negative, got "
                           << maxOutput;
    if (ShapedType::isDynamic(k))
      return emitOpError("expects a static capacity when max_output is set");
    if (getPadToMaxOutput()) {
      if (k != maxOutput)
        return emitOpError() << "expects " << maxOutput
                             << " index slots (max_output, padded), got " << k;
      return success();
    }
    return checkIndexSlots(*this, n, k, maxOutput);
  }
  return checkIndexSlots(*this, n, k, std::nullopt);
}
