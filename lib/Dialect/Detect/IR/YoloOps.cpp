//===- YoloOps.cpp - YOLO head ops: verifiers
//------------------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include <cmath>

using namespace mlir;
using namespace mlir::detect;

LogicalResult YoloPostprocessOp::verify() {
  auto predictions = cast<RankedTensorType>(getPredictions().getType());
  bool v5 = getHead() == YoloHead::yolov5;
  if (predictions.getRank() != 3 || !predictions.hasStaticShape())
    return emitOpError() << "expects predictions of static shape "
                         << (v5 ? "[1, N, 5 + C]" : "[1, 4 + C, N]") << ", got "
                         << predictions;
  if (predictions.getDimSize(0) != 1)
    return emitOpError() << "expects a batch of 1, got "
                         << predictions.getDimSize(0);
  if (v5 && predictions.getDimSize(2) < 6)
    return emitOpError() << "expects at least one class after the box and "
                            "the objectness, got "
                         << predictions.getDimSize(2) << " values per anchor";
  if (!v5 && predictions.getDimSize(1) < 5)
    return emitOpError() << "expects at least one class row after the 4 box "
                            "rows, got "
                         << predictions.getDimSize(1) << " rows";

  // Quantization: i8 bytes with their reading, f32 without.
  if (predictions.getElementType().isF32()) {
    if (getQuantization())
      return emitOpError("has a quantization for f32 predictions");
  } else {
    if (!getQuantization())
      return emitOpError("expects quantization(ui8 | si8, scale, zero_point) "
                         "for i8 predictions");
    auto storage = dyn_cast<IntegerType>(*getQuantization());
    if (!storage || storage.getWidth() != 8 || storage.isSignless())
      return emitOpError("expects the quantization storage to be ui8 or si8");
    float scale = getScaleAttr().getValue().convertToFloat();
    if (!std::isnormal(scale) || scale < 0)
      return emitOpError() << "expects a positive, normal scale, got " << scale;
    int64_t zp = getZeroPointAttr().getInt();
    int64_t lo = storage.isUnsigned() ? 0 : -128;
    if (zp < lo || zp > lo + 255)
      return emitOpError() << "expects the zero point in [" << lo << ", "
                           << lo + 255 << "], got " << zp;
  }

  double iou = getIouThreshold().convertToDouble();
  if (!(iou >= 0 && iou <= 1))
    return emitOpError() << "expects iou_threshold in [0, 1], got " << iou;
  if (std::isnan(getScoreThreshold().convertToDouble()))
    return emitOpError("expects a score_threshold that is not NaN");
  double offset = getClassOffset().convertToDouble();
  if (!(offset > 0) || std::isinf(offset))
    return emitOpError() << "expects a positive, finite class_offset, got "
                         << offset;
  if (getClassNms() != ClassNms::offset &&
      getClassOffset().convertToDouble() != 7680.0)
    return emitOpError(
        "has a class_offset, which only class_nms(offset) reads");
  if (getMaxPerClass()) {
    if (getClassNms() != ClassNms::per_class)
      return emitOpError("has max_per_class, which only class_nms(per_class) "
                         "reads");
    if (*getMaxPerClass() < 1)
      return emitOpError() << "expects max_per_class >= 1, got "
                           << *getMaxPerClass();
  }
  if (getMaxCandidates() && *getMaxCandidates() < 1)
    return emitOpError() << "expects max_candidates >= 1, got "
                         << *getMaxCandidates();
  if (getImageHeight()) {
    for (FloatAttr size : {getImageHeightAttr(), getImageWidthAttr()}) {
      float v = size.getValue().convertToFloat();
      if (!(v > 0) || std::isinf(v))
        return emitOpError()
               << "expects a positive, finite image_size, got " << v;
    }
  }
  if (getOutputLayout() != BoxLayout::xyxy &&
      getOutputLayout() != BoxLayout::cxcywh)
    return emitOpError("expects output_layout xyxy or cxcywh");

  bool letterbox = getLetterboxHeight().has_value();
  if (letterbox != bool(getOriginalHeight()) ||
      letterbox != bool(getOriginalWidth()) ||
      letterbox != getLetterboxWidth().has_value())
    return emitOpError("expects letterbox(H, W) and original_size(%h0, %w0) "
                       "together");
  if (letterbox) {
    if (*getLetterboxHeight() < 1 || *getLetterboxWidth() < 1)
      return emitOpError("expects a positive letterbox size");
    if (getOutputLayout() != BoxLayout::xyxy)
      return emitOpError("maps only xyxy boxes back through a letterbox");
  }

  int64_t maxDet = getMaxDet();
  if (maxDet < 1)
    return emitOpError() << "expects max_det >= 1, got " << maxDet;
  auto boxes = cast<RankedTensorType>(getBoxes().getType());
  auto scores = cast<RankedTensorType>(getScores().getType());
  auto classes = cast<RankedTensorType>(getClasses().getType());
  if (boxes.getShape() != ArrayRef<int64_t>{maxDet, 4} ||
      scores.getShape() != ArrayRef<int64_t>{maxDet} ||
      classes.getShape() != ArrayRef<int64_t>{maxDet})
    return emitOpError() << "expects results [max_det, 4], [max_det], "
                            "[max_det] with max_det = "
                         << maxDet;
  if (classes.getElementType() != getCount().getType())
    return emitOpError("expects classes and count of the same integer type");
  return success();
}
