//===- FrameworkOps.cpp - verifiers of the framework-level ops ------------===//
//
// Part of detect-mlir. batched_nms and remove_small_boxes (torchvision),
// multiclass_nms (ONNX), detection_postprocess (TFLite) and combined_nms
// (TensorFlow) state a framework's operation exactly; their verifiers check
// its operands and capacities.
//
//===----------------------------------------------------------------------===//

#include "DetectVerify.h"

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::verify;

//===----------------------------------------------------------------------===//
// BatchedNmsOp, RemoveSmallBoxesOp (torchvision)
//===----------------------------------------------------------------------===//

/// Indices `[K]` with `K <= N` and a count of their element type.
static LogicalResult checkBoundedIndices(Operation *op, int64_t n,
                                         RankedTensorType indices, Type count) {
  ShapeChecker check{op};
  if (failed(check.rank(indices, 1, "the indices", "[K]")))
    return failure();
  if (failed(check.countOf(indices, "the indices", count)))
    return failure();
  int64_t k = indices.getDimSize(0);
  if (ShapedType::isDynamic(k))
    return op->emitOpError("expects a static capacity K of indices");
  if (!ShapedType::isDynamic(n) && k > n)
    return op->emitOpError()
           << "expects at most " << n << " index slots (N), got " << k;
  return success();
}

LogicalResult BatchedNmsOp::verify() {
  ShapeChecker check{*this};
  Type boxes = getBoxes().getType(), scores = getScores().getType();
  Type idxs = getIdxs().getType();
  if (failed(check.boxes(boxes, "boxes")) ||
      failed(check.rank(scores, 1, "scores", "[N]")) ||
      failed(check.rank(idxs, 1, "idxs", "[N]")) ||
      failed(check.sameDim(boxes, 0, "the number of boxes", scores, 0,
                           "the number of scores")) ||
      failed(check.sameDim(boxes, 0, "the number of boxes", idxs, 0,
                           "the number of class indices")) ||
      failed(check.sameElementType(boxes, "boxes", scores, "scores")) ||
      failed(check.scalarType(getIouThresholdValue(),
                              getElementTypeOrSelf(boxes), "IoU threshold")))
    return failure();
  if (!getIouThresholdAttr() && !getIouThresholdValue())
    return emitOpError("requires an IoU threshold: an attribute or an operand");
  if (failed(checkOnce(*this, getIouThresholdAttr(), getIouThresholdValue(),
                       "IoU threshold")) ||
      failed(checkThresholds(*this, getIouThresholdAttr(), FloatAttr())))
    return failure();
  return checkBoundedIndices(*this, cast<RankedTensorType>(boxes).getDimSize(0),
                             cast<RankedTensorType>(getIndices().getType()),
                             getCount().getType());
}

LogicalResult RemoveSmallBoxesOp::verify() {
  ShapeChecker check{*this};
  Type boxes = getBoxes().getType();
  if (failed(check.boxes(boxes, "boxes")) ||
      failed(check.scalarType(getMinSizeValue(), getElementTypeOrSelf(boxes),
                              "minimum size")))
    return failure();
  if (!getMinSizeAttr() && !getMinSizeValue())
    return emitOpError("requires a minimum size: an attribute or an operand");
  if (failed(checkOnce(*this, getMinSizeAttr(), getMinSizeValue(),
                       "minimum size")))
    return failure();
  if (FloatAttr minSize = getMinSizeAttr())
    if (std::isnan(minSize.getValueAsDouble()))
      return emitOpError("expects the minimum size not to be NaN");
  return checkBoundedIndices(*this, cast<RankedTensorType>(boxes).getDimSize(0),
                             cast<RankedTensorType>(getIndices().getType()),
                             getCount().getType());
}

//===----------------------------------------------------------------------===//
// MulticlassNmsOp
//===----------------------------------------------------------------------===//

LogicalResult MulticlassNmsOp::verify() {
  ShapeChecker check{*this};
  auto boxes = cast<RankedTensorType>(getBoxes().getType());
  auto scores = cast<RankedTensorType>(getScores().getType());
  auto selected = cast<RankedTensorType>(getSelected().getType());
  Type elementType = boxes.getElementType();
  if (failed(check.rank(boxes, 3, "boxes", "[B, N, 4]")) ||
      failed(check.rank(scores, 3, "scores", "[B, C, N]")) ||
      failed(check.rank(selected, 2, "the selected indices", "[K, 3]")) ||
      failed(check.sameDim(boxes, 0, "the number of box batches", scores, 0,
                           "the number of score batches")) ||
      failed(check.sameDim(boxes, 1, "the number of boxes", scores, 2,
                           "the number of scores per class")) ||
      failed(check.sameElementType(boxes, "boxes", scores, "scores")) ||
      failed(check.scalarType(getIouThresholdValue(), elementType,
                              "IoU threshold")) ||
      failed(check.scalarType(getScoreThresholdValue(), elementType,
                              "score threshold")))
    return failure();
  if (boxes.getDimSize(2) != 4)
    return emitOpError() << "expects the last dimension of boxes to be 4 (a "
                            "box), got "
                         << boxes.getDimSize(2);
  if (selected.getDimSize(1) != 3)
    return emitOpError() << "expects rows of 3 selected indices (batch, "
                            "class, box), got "
                         << selected.getDimSize(1);
  if (failed(check.countOf(selected, "the selected indices",
                           getCount().getType())))
    return failure();
  if (failed(checkOnce(*this, getMaxOutputBoxesPerClassAttr(),
                       getMaxOutputValue(), "output limit")) ||
      failed(checkOnce(*this, getIouThresholdAttr(), getIouThresholdValue(),
                       "IoU threshold")) ||
      failed(checkOnce(*this, getScoreThresholdAttr(), getScoreThresholdValue(),
                       "score threshold")) ||
      failed(checkThresholds(*this, getIouThresholdAttr(),
                             getScoreThresholdAttr())))
    return failure();

  int64_t b = boxes.getDimSize(0), n = boxes.getDimSize(1);
  int64_t c = scores.getDimSize(1), k = selected.getDimSize(0);
  if (ShapedType::isDynamic(k))
    return emitOpError("expects a static capacity K of selected rows");
  if (getMaxOutputValue()) {
    // B * C * N beyond int64_t bounds no K.
    std::optional<int64_t> all = mulDims({b, c, n});
    if (all && !ShapedType::isDynamic(*all) && k > *all)
      return emitOpError() << "expects at most " << *all
                           << " selected rows (B * C * N), got " << k;
    return success();
  }
  // No operand: the limit is the attribute, or ONNX's default 0.
  int64_t limit = 0;
  if (IntegerAttr attr = getMaxOutputBoxesPerClassAttr()) {
    limit = attr.getInt();
    if (limit < 0)
      return emitOpError()
             << "expects max_output_boxes_per_class to be non-negative, got "
             << limit;
  }
  int64_t perClass = ShapedType::isDynamic(n) ? limit : std::min(limit, n);
  std::optional<int64_t> capacity = mulDims({b, c, perClass});
  if (!capacity)
    return emitOpError() << "expects B * C * min(max_output_boxes_per_class, "
                            "N) selected rows, which overflows 64 bits ("
                         << b << " * " << c << " * " << perClass << ")";
  if (!ShapedType::isDynamic(*capacity) && k != *capacity)
    return emitOpError() << "expects " << *capacity
                         << " selected rows (B * C * "
                            "min(max_output_boxes_per_class, N)), got "
                         << k;
  return success();
}

//===----------------------------------------------------------------------===//
// DetectionPostprocessOp
//===----------------------------------------------------------------------===//

LogicalResult DetectionPostprocessOp::verify() {
  ShapeChecker check{*this};
  auto encodings = cast<RankedTensorType>(getBoxEncodings().getType());
  auto predictions = cast<RankedTensorType>(getClassPredictions().getType());
  auto anchors = cast<RankedTensorType>(getAnchors().getType());
  if (failed(check.rank(encodings, 3, "box_encodings", "[1, N, 4]")) ||
      failed(check.rank(predictions, 3, "class_predictions", "[1, N, C]")) ||
      failed(check.boxes(anchors, "anchors")) ||
      failed(check.sameDim(encodings, 1, "the number of box encodings",
                           predictions, 1,
                           "the number of class predictions")) ||
      failed(check.sameDim(encodings, 1, "the number of box encodings", anchors,
                           0, "the number of anchors")))
    return failure();
  if (!encodings.hasStaticShape() || !predictions.hasStaticShape())
    return emitOpError("expects static shapes of box_encodings and "
                       "class_predictions");
  for (auto [name, type] : {std::pair{"box_encodings", encodings},
                            std::pair{"class_predictions", predictions}})
    if (type.getDimSize(0) != 1)
      return emitOpError() << "expects a batch of 1 in " << name
                           << " (as TFLite), got " << type.getDimSize(0);
  if (encodings.getDimSize(2) < 4)
    return emitOpError() << "expects at least 4 values per box encoding, got "
                         << encodings.getDimSize(2);
  if (!anchors.getElementType().isF32())
    return emitOpError() << "expects f32 anchors, got "
                         << anchors.getElementType();
  // Each of box_encodings and class_predictions: f32, or i8 bytes with the
  // quantization that reads them.
  struct Quantized {
    StringRef name, rule;
    RankedTensorType type;
    std::optional<Type> storage;
    FloatAttr scale;
    IntegerAttr zeroPoint;
  };
  for (const Quantized &q :
       {Quantized{"box_encodings", "box_quantization", encodings,
                  getBoxQuantization(), getBoxScaleAttr(),
                  getBoxZeroPointAttr()},
        Quantized{"class_predictions", "class_quantization", predictions,
                  getClassQuantization(), getClassScaleAttr(),
                  getClassZeroPointAttr()}}) {
    Type element = q.type.getElementType();
    if (element.isF32()) {
      if (q.storage)
        return emitOpError() << "has " << q.rule << " for f32 " << q.name
                             << ": only i8 inputs are quantized";
      continue;
    }
    if (!element.isSignlessInteger(8))
      return emitOpError() << "expects f32 " << q.name << ", or i8 with "
                           << q.rule << ", got " << element;
    if (!q.storage)
      return emitOpError() << "expects " << q.rule << "(ui8 | si8, scale, "
                           << "zero_point) for the i8 " << q.name;
    if (!q.scale || !q.zeroPoint)
      return emitOpError() << "expects " << q.rule
                           << " to have a scale and a zero point";
    auto storage = dyn_cast<IntegerType>(*q.storage);
    if (!storage || storage.getWidth() != 8 || storage.isSignless())
      return emitOpError() << "expects " << q.rule
                           << " to read bytes as ui8 or si8, got "
                           << *q.storage;
    double scale = q.scale.getValueAsDouble();
    if (!std::isfinite(scale) || scale <= 0)
      return emitOpError() << "expects the " << q.rule
                           << " scale to be finite and positive, got " << scale;
    int64_t zp = q.zeroPoint.getInt();
    int64_t lo = storage.isUnsigned() ? 0 : -128;
    int64_t hi = storage.isUnsigned() ? 255 : 127;
    if (zp < lo || zp > hi)
      return emitOpError() << "expects the " << q.rule << " zero point in ["
                           << lo << ", " << hi << "], got " << zp;
  }

  int64_t numClasses = getNumClasses();
  int64_t columns = predictions.getDimSize(2);
  if (static_cast<int64_t>(getNumClassesAttr().getInt()) <= 0)
    return emitOpError() << "expects num_classes to be positive, got "
                         << getNumClassesAttr().getInt();
  // num_classes + 1 (a background column) overflows at INT64_MAX.
  bool withBackground = numClasses < std::numeric_limits<int64_t>::max() &&
                        columns == numClasses + 1;
  if (columns != numClasses && !withBackground)
    return emitOpError() << "expects " << numClasses << " or "
                         << static_cast<uint64_t>(numClasses) + 1
                         << " (with background) class columns, got " << columns;
  for (auto [name, attr] :
       {std::pair{"max_detections", getMaxDetectionsAttr()},
        std::pair{"max_classes_per_detection", getMaxClassesPerDetectionAttr()},
        std::pair{"detections_per_class", getDetectionsPerClassAttr()}})
    if (attr.getInt() <= 0)
      return emitOpError() << "expects " << name << " to be positive, got "
                           << attr.getInt();
  double iou = getIouThresholdAttr().getValueAsDouble();
  if (!(iou > 0.0 && iou <= 1.0))
    return emitOpError() << "expects the IoU threshold to be in (0, 1] (as "
                            "TFLite), got "
                         << iou;
  if (std::isnan(getScoreThresholdAttr().getValueAsDouble()))
    return emitOpError("expects the score threshold not to be NaN");
  for (auto [name, attr] : {std::pair{"y_scale", getYScaleAttr()},
                            std::pair{"x_scale", getXScaleAttr()},
                            std::pair{"h_scale", getHScaleAttr()},
                            std::pair{"w_scale", getWScaleAttr()}})
    if (!isFinite(attr) || attr.getValueAsDouble() <= 0)
      return emitOpError() << "expects " << name
                           << " to be finite and positive, got "
                           << attr.getValueAsDouble();
  if (std::optional<Type> decode = getDecodeType())
    if (!decode->isF32() && !decode->isF64())
      return emitOpError() << "expects decode_type f32 or f64, got " << *decode;

  std::optional<int64_t> product =
      llvm::checkedMul<int64_t>(getMaxDetectionsAttr().getInt(),
                                getMaxClassesPerDetectionAttr().getInt());
  // kDynamic is INT64_MIN: a positive product never is.
  if (!product)
    return emitOpError() << "expects max_detections * "
                            "max_classes_per_detection to fit in 64 bits, got "
                         << getMaxDetectionsAttr().getInt() << " * "
                         << getMaxClassesPerDetectionAttr().getInt();
  int64_t rows = *product;
  auto expect = [&](Value v, ArrayRef<int64_t> shape,
                    StringRef name) -> LogicalResult {
    auto type = cast<RankedTensorType>(v.getType());
    if (type.getShape() != shape || !type.getElementType().isF32())
      return emitOpError() << "expects " << name << " of type "
                           << RankedTensorType::get(
                                  shape, Float32Type::get(getContext()))
                           << " (M = max_detections * "
                              "max_classes_per_detection), got "
                           << type;
    return success();
  };
  return failure(
      failed(expect(getDetectionBoxes(), {1, rows, 4}, "detection_boxes")) ||
      failed(expect(getDetectionClasses(), {1, rows}, "detection_classes")) ||
      failed(expect(getDetectionScores(), {1, rows}, "detection_scores")) ||
      failed(expect(getNumDetections(), {1}, "num_detections")));
}

//===----------------------------------------------------------------------===//
// combined_nms
//===----------------------------------------------------------------------===//

LogicalResult CombinedNmsOp::verify() {
  ShapeChecker check{*this};
  auto boxes = cast<RankedTensorType>(getBoxes().getType());
  auto scores = cast<RankedTensorType>(getScores().getType());
  auto outBoxes = cast<RankedTensorType>(getNmsedBoxes().getType());
  auto outScores = cast<RankedTensorType>(getNmsedScores().getType());
  auto outClasses = cast<RankedTensorType>(getNmsedClasses().getType());
  auto valid = cast<RankedTensorType>(getValidDetections().getType());
  Type elementType = boxes.getElementType();
  if (failed(check.rank(boxes, 4, "boxes", "[B, N, q, 4]")) ||
      failed(check.rank(scores, 3, "scores", "[B, N, C]")) ||
      failed(check.rank(outBoxes, 3, "nmsed_boxes", "[B, M, 4]")) ||
      failed(check.rank(outScores, 2, "nmsed_scores", "[B, M]")) ||
      failed(check.rank(outClasses, 2, "nmsed_classes", "[B, M]")) ||
      failed(check.rank(valid, 1, "valid_detections", "[B]")) ||
      failed(check.sameElementType(boxes, "boxes", scores, "scores")) ||
      failed(check.sameElementType(boxes, "boxes", outBoxes, "nmsed_boxes")) ||
      failed(
          check.sameElementType(boxes, "boxes", outScores, "nmsed_scores")) ||
      failed(
          check.sameElementType(boxes, "boxes", outClasses, "nmsed_classes")))
    return failure();
  if (!boxes.hasStaticShape() || !scores.hasStaticShape() ||
      !outBoxes.hasStaticShape() || !outScores.hasStaticShape() ||
      !outClasses.hasStaticShape() || !valid.hasStaticShape())
    return emitOpError("expects static shapes (the result size M is "
                       "determined by the limits and the number of classes)");
  int64_t b = boxes.getDimSize(0), n = boxes.getDimSize(1);
  int64_t q = boxes.getDimSize(2), c = scores.getDimSize(2);
  if (boxes.getDimSize(3) != 4)
    return emitOpError() << "expects the last dimension of boxes to be 4 (a "
                            "box), got "
                         << boxes.getDimSize(3);
  if (scores.getDimSize(0) != b || scores.getDimSize(1) != n)
    return emitOpError() << "expects scores [" << b << ", " << n
                         << ", C] to match boxes, got " << scores;
  if (b < 1 || c < 1)
    return emitOpError() << "expects at least one batch and one class, got "
                         << b << " and " << c;
  if (q != 1 && q != c)
    return emitOpError() << "expects q (dimension 2 of boxes) to be 1 or the "
                            "number of classes ("
                         << c << "), got " << q;
  int64_t perClass = getMaxOutputSizePerClassAttr().getInt();
  int64_t total = getMaxTotalSizeAttr().getInt();
  if (perClass <= 0 || total <= 0)
    return emitOpError() << "expects max_output_size_per_class and "
                            "max_total_size to be positive, got "
                         << perClass << " and " << total;
  if (failed(checkThresholds(*this, getIouThresholdAttr(),
                             getScoreThresholdAttr())) ||
      failed(checkComputeType(*this, getComputeType(), elementType)))
    return failure();
  // TensorFlow's output size.
  int64_t m = total;
  if (getPadPerClass())
    m = std::min(total, perClass > std::numeric_limits<int64_t>::max() / c
                            ? std::numeric_limits<int64_t>::max()
                            : perClass * c);
  auto expectRows = [&](RankedTensorType type, StringRef name,
                        int64_t cols) -> LogicalResult {
    if (type.getDimSize(0) != b || type.getDimSize(1) != m ||
        (cols && type.getDimSize(2) != cols))
      return emitOpError() << "expects " << name << " [" << b << ", " << m
                           << (cols ? ", 4" : "") << "] (M = "
                           << (getPadPerClass()
                                   ? "min(max_total_size, "
                                     "max_output_size_per_class * C)"
                                   : "max_total_size")
                           << "), got " << type;
    return success();
  };
  if (failed(expectRows(outBoxes, "nmsed_boxes", 4)) ||
      failed(expectRows(outScores, "nmsed_scores", 0)) ||
      failed(expectRows(outClasses, "nmsed_classes", 0)))
    return failure();
  if (valid.getDimSize(0) != b)
    return emitOpError() << "expects valid_detections [" << b << "], got "
                         << valid;
  return success();
}
