//===- DetectionOps.cpp - TFLite's detection operators -> detect ops ------===//
//
// Part of detect-mlir. TFLite_Detection_PostProcess (custom op, options in a
// flexbuffer map) becomes detect.detection_postprocess with TFLite's own
// rules (double-precision decoding, quantized inputs read inside the op);
// NON_MAX_SUPPRESSION_V4/V5 become detect.soft_nms with TensorFlow's rules
// (docs/Frameworks.md).
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Verifier.h"

#include "flatbuffers/flexbuffers.h"

#include <cmath>

namespace detect {
namespace tflite_import {

namespace {
/// The option map of TFLite_Detection_PostProcess, read defensively: the
/// flexbuffer is verified before any read, and each key's type is checked.
struct PostProcessOptions {
  int64_t maxDetections = 0, maxClassesPerDetection = 0,
          detectionsPerClass = 100, numClasses = 0;
  bool useRegularNms = false;
  float scoreThreshold = 0, iouThreshold = 0;
  float yScale = 0, xScale = 0, hScale = 0, wScale = 0;
};
} // namespace

static LogicalResult readPostProcessOptions(Importer &im,
                                            PostProcessOptions &o) {
  const auto *raw = im.op().custom_options();
  if (!raw || raw->size() == 0)
    return im.fail("has no custom options (the flexbuffer map of "
                   "max_detections, num_classes, ...)");
  std::vector<uint8_t> reuse;
  if (!flexbuffers::VerifyBuffer(raw->data(), raw->size(), &reuse))
    return im.fail("custom options are not a valid flexbuffer");
  flexbuffers::Reference root = flexbuffers::GetRoot(raw->data(), raw->size());
  if (!root.IsMap())
    return im.fail("custom options are not a flexbuffer map");
  flexbuffers::Map map = root.AsMap();

  auto number = [&](const char *key, bool required,
                    flexbuffers::Reference &out) -> LogicalResult {
    out = map[key];
    if (out.IsNull()) {
      if (required)
        return im.fail(llvm::Twine("custom option '") + key + "' is missing");
      return success();
    }
    if (!out.IsNumeric() && !out.IsBool())
      return im.fail(llvm::Twine("custom option '") + key +
                     "' is not a number");
    return success();
  };
  flexbuffers::Reference r;
  auto intKey = [&](const char *key, bool required, int64_t &v) {
    if (failed(number(key, required, r)))
      return failure();
    if (!r.IsNull())
      v = r.AsInt64();
    return success();
  };
  auto floatKey = [&](const char *key, float &v) {
    if (failed(number(key, true, r)))
      return failure();
    v = r.AsFloat();
    return success();
  };
  if (failed(intKey("max_detections", true, o.maxDetections)) ||
      failed(intKey("max_classes_per_detection", true,
                    o.maxClassesPerDetection)) ||
      failed(intKey("detections_per_class", false, o.detectionsPerClass)) ||
      failed(intKey("num_classes", true, o.numClasses)) ||
      failed(floatKey("nms_score_threshold", o.scoreThreshold)) ||
      failed(floatKey("nms_iou_threshold", o.iouThreshold)) ||
      failed(floatKey("y_scale", o.yScale)) ||
      failed(floatKey("x_scale", o.xScale)) ||
      failed(floatKey("h_scale", o.hScale)) ||
      failed(floatKey("w_scale", o.wScale)))
    return failure();
  if (failed(number("use_regular_nms", false, r)))
    return failure();
  o.useRegularNms = !r.IsNull() && r.AsBool();
  // Bounds that keep the result sizes meaningful; the op's verifier checks
  // the rest (scales, thresholds, shapes) and its message names this
  // operator.
  if (o.maxDetections < 1 || o.maxDetections > (1 << 20))
    return im.fail("max_detections " + std::to_string(o.maxDetections) +
                   " is outside [1, 2^20]");
  if (o.maxClassesPerDetection < 1 || o.maxClassesPerDetection > (1 << 20))
    return im.fail("max_classes_per_detection " +
                   std::to_string(o.maxClassesPerDetection) +
                   " is outside [1, 2^20]");
  if (o.numClasses < 1 || o.numClasses > (1 << 24))
    return im.fail("num_classes " + std::to_string(o.numClasses) +
                   " is outside [1, 2^24]");
  return success();
}

/// A quantized uint8/int8 input: raw bytes plus how to read them.
static LogicalResult quantizedInputAttrs(Importer &im, int64_t input,
                                         StringRef prefix,
                                         SmallVector<NamedAttribute> &attrs) {
  int32_t t = im.inputIndex(input);
  fb::TensorType ty = im.fileType(t);
  if (ty == fb::TensorType::FLOAT32)
    return success();
  if (ty != fb::TensorType::UINT8 && ty != fb::TensorType::INT8)
    return im.fail("input " + std::to_string(input) +
                   " must be float32, uint8 or int8");
  FailureOr<std::optional<Quantization>> q = im.quantization(t);
  if (failed(q))
    return failure();
  if (!*q)
    return im.fail("input " + std::to_string(input) +
                   " is uint8/int8 without quantization parameters");
  Builder &b = im.b;
  auto storage =
      IntegerType::get(&im.ctx, 8,
                       ty == fb::TensorType::UINT8 ? IntegerType::Unsigned
                                                   : IntegerType::Signed);
  attrs.push_back(
      b.getNamedAttr((prefix + "_quantization").str(), TypeAttr::get(storage)));
  attrs.push_back(b.getNamedAttr((prefix + "_scale").str(),
                                 b.getF32FloatAttr((*q)->scale)));
  attrs.push_back(b.getNamedAttr((prefix + "_zero_point").str(),
                                 b.getI64IntegerAttr((*q)->zeroPoint)));
  return success();
}

/// Anchors as floats: a quantized constant (SSD files quantized by the
/// TFLite converter store them as uint8) is dequantized at import time, as
/// TFLite's kernel does when it runs.
static FailureOr<Value> floatAnchors(Importer &im) {
  int32_t t = im.inputIndex(2);
  fb::TensorType ty = im.fileType(t);
  if (ty == fb::TensorType::FLOAT32)
    return im.input(2);
  FailureOr<std::optional<Quantization>> q = im.quantization(t);
  if (failed(q))
    return failure();
  FailureOr<DenseElementsAttr> c = im.constantInput(2);
  if (failed(c))
    return failure();
  if ((ty != fb::TensorType::UINT8 && ty != fb::TensorType::INT8) || !*q || !*c)
    return im.fail("anchors (input 2) must be float32, or a quantized "
                   "uint8/int8 constant");
  SmallVector<float> values;
  for (const APInt &x : c->getValues<APInt>()) {
    int64_t v =
        ty == fb::TensorType::UINT8 ? x.getZExtValue() : x.getSExtValue();
    values.push_back(static_cast<float>(v - (*q)->zeroPoint) * (*q)->scale);
  }
  auto type =
      RankedTensorType::get(c->getType().getShape(), Float32Type::get(&im.ctx));
  return im.materialize(DenseElementsAttr::get(type, llvm::ArrayRef(values)));
}

LogicalResult importDetectionPostProcess(Importer &im) {
  if (failed(im.expectArity(3, 3, 4)))
    return failure();
  PostProcessOptions o;
  if (failed(readPostProcessOptions(im, o)))
    return failure();
  FailureOr<Value> enc = im.input(0), cls = im.input(1);
  if (failed(enc) || failed(cls))
    return failure();
  FailureOr<Value> anchors = floatAnchors(im);
  if (failed(anchors))
    return failure();

  Builder &b = im.b;
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("num_classes", b.getI64IntegerAttr(o.numClasses)),
      b.getNamedAttr("max_detections", b.getI64IntegerAttr(o.maxDetections)),
      b.getNamedAttr("max_classes_per_detection",
                     b.getI64IntegerAttr(o.maxClassesPerDetection)),
      b.getNamedAttr("detections_per_class",
                     b.getI64IntegerAttr(o.detectionsPerClass)),
      b.getNamedAttr("score_threshold", b.getF32FloatAttr(o.scoreThreshold)),
      b.getNamedAttr("iou_threshold", b.getF32FloatAttr(o.iouThreshold)),
      b.getNamedAttr("y_scale", b.getF32FloatAttr(o.yScale)),
      b.getNamedAttr("x_scale", b.getF32FloatAttr(o.xScale)),
      b.getNamedAttr("h_scale", b.getF32FloatAttr(o.hScale)),
      b.getNamedAttr("w_scale", b.getF32FloatAttr(o.wScale)),
  };
  if (o.useRegularNms)
    attrs.push_back(b.getNamedAttr("use_regular_nms", b.getUnitAttr()));
  // Decoding stays in double precision (the op's default), as TFLite and
  // TFLite Micro decode: the results are TFLite's bit for bit.
  if (failed(quantizedInputAttrs(im, 0, "box", attrs)) ||
      failed(quantizedInputAttrs(im, 1, "class", attrs)))
    return failure();

  int64_t m = o.maxDetections * o.maxClassesPerDetection;
  Type f32 = b.getF32Type();
  SmallVector<Type> results = {
      RankedTensorType::get({1, m, 4}, f32), RankedTensorType::get({1, m}, f32),
      RankedTensorType::get({1, m}, f32), RankedTensorType::get({1}, f32)};
  auto op = mlir::detect::DetectionPostprocessOp::create(
      im.b, im.loc, results, ValueRange{*enc, *cls, *anchors}, attrs);
  // Shapes and options are checked by the op's verifier before the results
  // are bound, so its message (naming this operator) comes first.
  if (failed(mlir::verify(op, /*verifyRecursively=*/false)))
    return failure();
  for (int64_t i = 0; i < 4; ++i)
    if (failed(im.setOutput(i, op->getResult(i))))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// NON_MAX_SUPPRESSION_V4 / V5
//===----------------------------------------------------------------------===//

/// TFLite's builtin NMS (kernels/non_max_suppression.cc) is TensorFlow's
/// V4/V5: boxes [N, 4] as [y1, x1, y2, x2] in any corner order, candidates
/// `score > score_threshold`, suppression at `IoU >= iou_threshold`, IoU 0
/// when an area is <= 0, Gaussian soft-NMS with `soft_nms_sigma` (0: hard
/// NMS), results padded to `max_output_size` with zeros. The thresholds and
/// the limit must be constants: they are attributes of detect.soft_nms, and
/// the limit is the result's static size.
static LogicalResult importNms(Importer &im, bool v5) {
  int64_t arity = v5 ? 6 : 5;
  FailureOr<SmallVector<Value>> in =
      im.floatInputs(arity, arity, v5 ? 3 : 2, 2);
  if (failed(in))
    return failure();
  Value boxes = (*in)[0], scores = (*in)[1];
  auto boxType = cast<RankedTensorType>(boxes.getType());
  auto scoreType = cast<RankedTensorType>(scores.getType());
  if (!boxType.getElementType().isF32() || !scoreType.getElementType().isF32())
    return im.fail("boxes and scores must be float32");
  if (boxType.getRank() != 2 || boxType.getDimSize(1) != 4 ||
      scoreType.getRank() != 1 ||
      scoreType.getDimSize(0) != boxType.getDimSize(0))
    return im.fail("boxes " + shapeStr(boxType.getShape()) + " and scores " +
                   shapeStr(scoreType.getShape()) + " are not [N, 4] and [N]");
  FailureOr<double> maxOutput = im.constantScalar(2, "max_output_size");
  FailureOr<double> iou = im.constantScalar(3, "iou_threshold");
  FailureOr<double> score = im.constantScalar(4, "score_threshold");
  if (failed(maxOutput) || failed(iou) || failed(score))
    return failure();
  double sigma = 0;
  if (v5) {
    FailureOr<double> s = im.constantScalar(5, "soft_nms_sigma");
    if (failed(s))
      return failure();
    sigma = *s;
  }
  if (!(*maxOutput >= 0 && *maxOutput <= (1 << 24)))
    return im.fail("max_output_size " + std::to_string(*maxOutput) +
                   " is outside [0, 2^24]");
  if (!(*iou >= 0 && *iou <= 1))
    return im.fail("iou_threshold " + std::to_string(*iou) +
                   " is outside [0, 1]");
  if (!(sigma >= 0) || std::isinf(sigma))
    return im.fail("soft_nms_sigma " + std::to_string(sigma) +
                   " is not a number >= 0");

  Builder &b = im.b;
  auto limit = static_cast<int64_t>(*maxOutput);
  SmallVector<NamedAttribute> attrs = {
      b.getNamedAttr("sigma", b.getF64FloatAttr(sigma)),
      b.getNamedAttr("iou_threshold", b.getF64FloatAttr(*iou)),
      b.getNamedAttr("score_threshold", b.getF64FloatAttr(*score)),
      b.getNamedAttr("max_output", b.getI64IntegerAttr(limit)),
      b.getNamedAttr("iou_compare", mlir::detect::ComparisonAttr::get(
                                        &im.ctx, mlir::detect::Comparison::ge)),
      b.getNamedAttr("layout", mlir::detect::BoxLayoutAttr::get(
                                   &im.ctx, mlir::detect::BoxLayout::yxyx)),
      b.getNamedAttr("normalize_corners", b.getUnitAttr()),
      b.getNamedAttr("degenerate",
                     mlir::detect::DegenerateRuleAttr::get(
                         &im.ctx, mlir::detect::DegenerateRule::zero_area)),
      // TensorFlow's arithmetic as tfjs, the reference the tests compare
      // with, computes it (docs/Frameworks.md).
      b.getNamedAttr("compute_type", TypeAttr::get(b.getF64Type())),
      b.getNamedAttr("pad_to_max_output", b.getUnitAttr()),
  };
  Type i32 = b.getI32Type();
  SmallVector<Type> results = {RankedTensorType::get({limit}, i32),
                               RankedTensorType::get({limit}, b.getF32Type()),
                               i32};
  auto op = mlir::detect::SoftNmsOp::create(im.b, im.loc, results,
                                            ValueRange{boxes, scores}, attrs);
  if (failed(mlir::verify(op, /*verifyRecursively=*/false)))
    return failure();
  // valid_outputs is a rank-0 int32 tensor.
  Value count = tensor::FromElementsOp::create(
      im.b, im.loc, RankedTensorType::get({}, i32), ValueRange{op.getCount()});
  if (failed(im.setOutput(0, op.getIndices())))
    return failure();
  if (v5)
    return failure(failed(im.setOutput(1, op.getSelectedScores())) ||
                   failed(im.setOutput(2, count)));
  return im.setOutput(1, count);
}

LogicalResult importNonMaxSuppressionV4(Importer &im) {
  return importNms(im, /*v5=*/false);
}
LogicalResult importNonMaxSuppressionV5(Importer &im) {
  return importNms(im, /*v5=*/true);
}

} // namespace tflite_import
} // namespace detect
