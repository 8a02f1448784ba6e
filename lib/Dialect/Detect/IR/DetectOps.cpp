//===- DetectOps.cpp - detect dialect operations --------------------------===//
//
// Part of detect-mlir. Assembly helpers, verifiers and folders.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>
#include <limits>
#include <optional>

using namespace mlir;
using namespace mlir::detect;

//===----------------------------------------------------------------------===//
// custom<ScalarOrValue>: `keyword(0.5)` or `keyword(%v : f32)`, or nothing.
//
// A rule such as an IoU threshold is a compile-time attribute for most
// frameworks but a run-time tensor for ONNX; one keyword serves both.
//===----------------------------------------------------------------------===//

static ParseResult
parseScalarOrValue(OpAsmParser &parser, StringRef keyword, Attribute &attr,
                   std::optional<OpAsmParser::UnresolvedOperand> &operand,
                   Type &operandType, Type attrType) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  if (parser.parseLParen())
    return failure();
  OpAsmParser::UnresolvedOperand value;
  OptionalParseResult hasOperand = parser.parseOptionalOperand(value);
  if (hasOperand.has_value()) {
    if (failed(*hasOperand) || parser.parseColonType(operandType))
      return failure();
    operand = value;
  } else {
    // A literal; integers are accepted for float rules: `height(480)`.
    SMLoc loc = parser.getCurrentLocation();
    Attribute literal;
    if (parser.parseAttribute(literal))
      return failure();
    if (auto f = dyn_cast<FloatAttr>(literal); f && isa<FloatType>(attrType))
      attr = FloatAttr::get(attrType, f.getValueAsDouble());
    else if (auto i = dyn_cast<IntegerAttr>(literal); i && isa<FloatType>(attrType))
      attr = FloatAttr::get(attrType, static_cast<double>(i.getInt()));
    else if (auto i = dyn_cast<IntegerAttr>(literal); i && isa<IntegerType>(attrType))
      attr = IntegerAttr::get(attrType, i.getInt());
    else
      return parser.emitError(loc) << "expected " << keyword
                                   << " to be a number or an SSA value";
  }
  return parser.parseRParen();
}

static ParseResult
parseScalarOrValue(OpAsmParser &parser, StringRef keyword, FloatAttr &attr,
                   std::optional<OpAsmParser::UnresolvedOperand> &operand,
                   Type &operandType) {
  Attribute parsed;
  if (parseScalarOrValue(parser, keyword, parsed, operand, operandType,
                         parser.getBuilder().getF64Type()))
    return failure();
  attr = cast_if_present<FloatAttr>(parsed);
  return success();
}

static ParseResult
parseScalarOrValue(OpAsmParser &parser, StringRef keyword, IntegerAttr &attr,
                   std::optional<OpAsmParser::UnresolvedOperand> &operand,
                   Type &operandType) {
  Attribute parsed;
  if (parseScalarOrValue(parser, keyword, parsed, operand, operandType,
                         parser.getBuilder().getI64Type()))
    return failure();
  attr = cast_if_present<IntegerAttr>(parsed);
  return success();
}

static void printScalarOrValue(OpAsmPrinter &p, Operation *, StringRef keyword,
                               Attribute attr, Value operand, Type type) {
  if (!attr && !operand)
    return;
  p << ' ' << keyword << '(';
  if (operand) {
    p << operand << " : " << type;
  } else if (auto f = dyn_cast<FloatAttr>(attr)) {
    p.printFloat(f.getValue());
  } else {
    p << cast<IntegerAttr>(attr).getInt();
  }
  p << ')';
}

//===----------------------------------------------------------------------===//
// custom<Keyword>: an enum rule as a bare keyword (`xyxy`).
// custom<Rule>: `keyword(value)`, omitted when the value is the default.
// custom<Flag>: `keyword` when a unit attribute is set.
//
// The generated enum-attribute printer starts with a space, which reads
// badly inside parentheses; these directives print exactly one space before
// each rule that is present and none for a rule that is absent.
//===----------------------------------------------------------------------===//

template <typename EnumAttrT>
static ParseResult parseKeyword(OpAsmParser &parser, EnumAttrT &attr) {
  using Enum = decltype(std::declval<EnumAttrT>().getValue());
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<Enum> value = symbolizeEnum<Enum>(keyword);
  if (!value)
    return parser.emitError(loc) << "unknown value '" << keyword << "'";
  attr = EnumAttrT::get(parser.getContext(), *value);
  return success();
}

template <typename EnumAttrT>
static void printKeyword(OpAsmPrinter &p, Operation *, EnumAttrT attr) {
  p << stringifyEnum(attr.getValue());
}

template <typename EnumAttrT, typename Enum>
static ParseResult parseRule(OpAsmParser &parser, StringRef keyword,
                             EnumAttrT &attr, Enum) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  if (parser.parseLParen() || parseKeyword(parser, attr) ||
      parser.parseRParen())
    return failure();
  return success();
}

template <typename EnumAttrT, typename Enum>
static void printRule(OpAsmPrinter &p, Operation *op, StringRef keyword,
                      EnumAttrT attr, Enum defaultValue) {
  if (!attr || attr.getValue() == defaultValue)
    return;
  p << ' ' << keyword << '(';
  printKeyword(p, op, attr);
  p << ')';
}

static ParseResult parseRule(OpAsmParser &parser, StringRef keyword,
                             FloatAttr &attr, double) {
  if (failed(parser.parseOptionalKeyword(keyword)))
    return success();
  double value;
  if (parser.parseLParen() || parser.parseFloat(value) || parser.parseRParen())
    return failure();
  attr = parser.getBuilder().getF64FloatAttr(value);
  return success();
}

static void printRule(OpAsmPrinter &p, Operation *, StringRef keyword,
                      FloatAttr attr, double defaultValue) {
  if (!attr || attr.getValueAsDouble() == defaultValue)
    return;
  p << ' ' << keyword << '(';
  p.printFloat(attr.getValue());
  p << ')';
}

static ParseResult parseFlag(OpAsmParser &parser, StringRef keyword,
                             UnitAttr &attr) {
  if (succeeded(parser.parseOptionalKeyword(keyword)))
    attr = parser.getBuilder().getUnitAttr();
  return success();
}

static void printFlag(OpAsmPrinter &p, Operation *, StringRef keyword,
                      UnitAttr attr) {
  if (attr)
    p << ' ' << keyword;
}

//===----------------------------------------------------------------------===//
// Shared verification
//===----------------------------------------------------------------------===//

namespace {
/// Verification helpers shared by every op that reads or writes boxes, so
/// that each rule is stated (and worded) once.
struct ShapeChecker {
  Operation *op;

  /// `[N, 4]` with a static 4.
  LogicalResult boxes(Type type, StringRef name) const {
    auto tensor = cast<RankedTensorType>(type);
    if (tensor.getRank() != 2)
      return op->emitOpError() << "expects " << name
                               << " to be a rank-2 tensor [N, 4], got "
                               << type;
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
      return op->emitOpError() << "expects " << name << " to be a rank-"
                               << rank << " tensor " << shape << ", got "
                               << type;
    return success();
  }

  /// Two dimensions that must agree when both are static.
  LogicalResult sameDim(Type a, int64_t aDim, StringRef aName, Type b,
                        int64_t bDim, StringRef bName) const {
    int64_t x = cast<RankedTensorType>(a).getDimSize(aDim);
    int64_t y = cast<RankedTensorType>(b).getDimSize(bDim);
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return op->emitOpError()
             << "expects " << aName << " (" << x << ") and " << bName << " ("
             << y << ") to match";
    return success();
  }

  LogicalResult sameElementType(Type a, StringRef aName, Type b,
                                StringRef bName) const {
    Type x = getElementTypeOrSelf(a), y = getElementTypeOrSelf(b);
    if (x != y)
      return op->emitOpError() << "expects " << aName << " and " << bName
                               << " to have the same element type, got " << x
                               << " and " << y;
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
} // namespace

static bool isFinite(FloatAttr attr) {
  return attr && std::isfinite(attr.getValueAsDouble());
}

//===----------------------------------------------------------------------===//
// BoxConvertOp
//===----------------------------------------------------------------------===//

LogicalResult BoxConvertOp::verify() {
  ShapeChecker check{*this};
  if (failed(check.boxes(getBoxes().getType(), "boxes")) ||
      failed(check.boxes(getResult().getType(), "the result")) ||
      failed(check.sameDim(getBoxes().getType(), 0, "the number of boxes",
                           getResult().getType(), 0,
                           "the number of result rows")) ||
      failed(check.sameElementType(getBoxes().getType(), "boxes",
                                   getResult().getType(), "the result")))
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
  if (failed(check.boxes(getBoxes().getType(), "boxes")) ||
      failed(check.boxes(getResult().getType(), "the result")) ||
      failed(check.sameDim(getBoxes().getType(), 0, "the number of boxes",
                           getResult().getType(), 0,
                           "the number of result rows")) ||
      failed(check.sameElementType(getBoxes().getType(), "boxes",
                                   getResult().getType(), "the result")) ||
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
      failed(check.sameElementType(encodings, "encodings", anchors,
                                   "anchors")) ||
      failed(check.sameElementType(encodings, "encodings", result,
                                   "the result")))
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

//===----------------------------------------------------------------------===//
// NmsOp
//===----------------------------------------------------------------------===//

LogicalResult NmsOp::verify() {
  ShapeChecker check{*this};
  Type boxes = getBoxes().getType(), scores = getScores().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  if (failed(check.boxes(boxes, "boxes")) ||
      failed(check.rank(scores, 1, "scores", "[N]")) ||
      failed(check.sameDim(boxes, 0, "the number of boxes", scores, 0,
                           "the number of scores")) ||
      failed(check.sameElementType(boxes, "boxes", scores, "scores")) ||
      failed(check.rank(indices, 1, "the indices", "[K]")) ||
      failed(check.scalarType(getIouThresholdValue(),
                              getElementTypeOrSelf(boxes), "IoU threshold")) ||
      failed(check.scalarType(getScoreThresholdValue(),
                              getElementTypeOrSelf(scores),
                              "score threshold")))
    return failure();

  if (getCount().getType() != indices.getElementType())
    return emitOpError() << "expects the count to have the element type of "
                            "the indices ("
                         << indices.getElementType() << "), got "
                         << getCount().getType();

  // IoU threshold: exactly one of attribute and operand, within [0, 1].
  if (!getIouThresholdAttr() && !getIouThresholdValue())
    return emitOpError("requires an IoU threshold: an attribute or an operand");
  if (getIouThresholdAttr() && getIouThresholdValue())
    return emitOpError(
        "has the IoU threshold both as an attribute and as an operand");
  if (FloatAttr iou = getIouThresholdAttr()) {
    double t = iou.getValueAsDouble();
    if (!(t >= 0.0 && t <= 1.0))
      return emitOpError() << "expects the IoU threshold to be in [0, 1], got "
                           << t;
  }
  if (getScoreThresholdAttr() && getScoreThresholdValue())
    return emitOpError(
        "has the score threshold both as an attribute and as an operand");
  if (FloatAttr score = getScoreThresholdAttr())
    if (std::isnan(score.getValueAsDouble()))
      return emitOpError("expects the score threshold not to be NaN");

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
    int64_t capacity =
        ShapedType::isDynamic(n) ? maxOutput : std::min(maxOutput, n);
    if (!ShapedType::isDynamic(k) && k != capacity)
      return emitOpError() << "expects " << capacity
                           << " index slots (min(max_output, N)), got " << k;
    if (ShapedType::isDynamic(k))
      return emitOpError("expects a static capacity when max_output is set");
  } else if (getMaxOutputSize()) {
    if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(k) && k > n)
      return emitOpError() << "expects at most " << n
                           << " index slots (N), got " << k;
  } else if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(k) && k != n) {
    return emitOpError() << "expects " << n
                         << " index slots (N, as no max_output is set), got "
                         << k;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// soft_nms
//===----------------------------------------------------------------------===//

LogicalResult SoftNmsOp::verify() {
  ShapeChecker check{*this};
  Type boxes = getBoxes().getType(), scores = getScores().getType();
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto selectedScores = cast<RankedTensorType>(getSelectedScores().getType());
  if (failed(check.boxes(boxes, "boxes")) ||
      failed(check.rank(scores, 1, "scores", "[N]")) ||
      failed(check.sameDim(boxes, 0, "the number of boxes", scores, 0,
                           "the number of scores")) ||
      failed(check.sameElementType(boxes, "boxes", scores, "scores")) ||
      failed(check.rank(indices, 1, "the indices", "[K]")) ||
      failed(check.rank(selectedScores, 1, "the selected scores", "[K]")) ||
      failed(check.sameDim(indices, 0, "the number of indices", selectedScores,
                           0, "the number of selected scores")) ||
      failed(check.sameElementType(boxes, "boxes", selectedScores,
                                   "the selected scores")))
    return failure();
  if (getCount().getType() != indices.getElementType())
    return emitOpError() << "expects the count to have the element type of "
                            "the indices ("
                         << indices.getElementType() << "), got "
                         << getCount().getType();

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
  if (FloatAttr iou = getIouThresholdAttr()) {
    double t = iou.getValueAsDouble();
    if (!(t >= 0.0 && t <= 1.0))
      return emitOpError() << "expects the IoU threshold to be in [0, 1], got "
                           << t;
  }
  if (FloatAttr score = getScoreThresholdAttr())
    if (std::isnan(score.getValueAsDouble()))
      return emitOpError("expects the score threshold not to be NaN");

  // Arithmetic: at least as wide as the element type.
  Type elementType = getElementTypeOrSelf(boxes);
  if (std::optional<Type> compute = getComputeType()) {
    auto computeFloat = dyn_cast<FloatType>(*compute);
    if (!computeFloat || !(computeFloat.isF32() || computeFloat.isF64()) ||
        computeFloat.getWidth() < elementType.getIntOrFloatBitWidth())
      return emitOpError() << "expects compute_type to be f32 or f64, at "
                              "least as wide as the element type "
                           << elementType << ", got " << *compute;
  }

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
                             << " index slots (max_output, padded), got "
                             << k;
      return success();
    }
    int64_t capacity =
        ShapedType::isDynamic(n) ? maxOutput : std::min(maxOutput, n);
    if (k != capacity)
      return emitOpError() << "expects " << capacity
                           << " index slots (min(max_output, N)), got " << k;
  } else if (!ShapedType::isDynamic(n) && !ShapedType::isDynamic(k) &&
             k != n) {
    return emitOpError() << "expects " << n
                         << " index slots (N, as no max_output is set), got "
                         << k;
  }
  return success();
}


//===----------------------------------------------------------------------===//
// Framework-level ops: shared checks
//===----------------------------------------------------------------------===//

/// A rule given at most once, as an attribute or as an operand.
static LogicalResult checkOnce(Operation *op, Attribute attr, Value value,
                               StringRef name) {
  if (attr && value)
    return op->emitOpError() << "has the " << name
                             << " both as an attribute and as an operand";
  return success();
}

/// An IoU threshold attribute in [0, 1] and a score threshold that is not NaN.
static LogicalResult checkThresholds(Operation *op, FloatAttr iou,
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

/// The product of `dims`: kDynamic when one of them is dynamic, nullopt when
/// it does not fit in int64_t (no tensor can then have that many rows).
static std::optional<int64_t> mulDims(std::initializer_list<int64_t> dims) {
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

//===----------------------------------------------------------------------===//
// BatchedNmsOp, RemoveSmallBoxesOp (torchvision)
//===----------------------------------------------------------------------===//

/// Indices `[K]` with `K <= N` and a count of their element type.
static LogicalResult checkBoundedIndices(Operation *op, int64_t n,
                                         RankedTensorType indices,
                                         Type count) {
  ShapeChecker check{op};
  if (failed(check.rank(indices, 1, "the indices", "[K]")))
    return failure();
  if (count != indices.getElementType())
    return op->emitOpError()
           << "expects the count to have the element type of the indices ("
           << indices.getElementType() << "), got " << count;
  int64_t k = indices.getDimSize(0);
  if (ShapedType::isDynamic(k))
    return op->emitOpError("expects a static capacity K of indices");
  if (!ShapedType::isDynamic(n) && k > n)
    return op->emitOpError() << "expects at most " << n
                             << " index slots (N), got " << k;
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
  return checkBoundedIndices(
      *this, cast<RankedTensorType>(boxes).getDimSize(0),
      cast<RankedTensorType>(getIndices().getType()), getCount().getType());
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
  return checkBoundedIndices(
      *this, cast<RankedTensorType>(boxes).getDimSize(0),
      cast<RankedTensorType>(getIndices().getType()), getCount().getType());
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
  if (getCount().getType() != selected.getElementType())
    return emitOpError() << "expects the count to have the element type of "
                            "the selected indices ("
                         << selected.getElementType() << "), got "
                         << getCount().getType();
  if (failed(checkOnce(*this, getMaxOutputBoxesPerClassAttr(),
                       getMaxOutputValue(), "output limit")) ||
      failed(checkOnce(*this, getIouThresholdAttr(), getIouThresholdValue(),
                       "IoU threshold")) ||
      failed(checkOnce(*this, getScoreThresholdAttr(),
                       getScoreThresholdValue(), "score threshold")) ||
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
                           predictions, 1, "the number of class predictions")) ||
      failed(check.sameDim(encodings, 1, "the number of box encodings",
                           anchors, 0, "the number of anchors")))
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
      return emitOpError() << "expects f32 " << q.name
                           << ", or i8 with " << q.rule << ", got "
                           << element;
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
                           << " scale to be finite and positive, got "
                           << scale;
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
                         << " (with background) class columns, got "
                         << columns;
  for (auto [name, attr] :
       {std::pair{"max_detections", getMaxDetectionsAttr()},
        std::pair{"max_classes_per_detection",
                  getMaxClassesPerDetectionAttr()},
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
      return emitOpError() << "expects decode_type f32 or f64, got "
                           << *decode;

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
      failed(check.sameElementType(boxes, "boxes", outScores,
                                   "nmsed_scores")) ||
      failed(check.sameElementType(boxes, "boxes", outClasses,
                                   "nmsed_classes")))
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
  double t = getIouThreshold().convertToDouble();
  if (!(t >= 0.0 && t <= 1.0))
    return emitOpError() << "expects the IoU threshold to be in [0, 1], got "
                         << t;
  if (FloatAttr score = getScoreThresholdAttr())
    if (std::isnan(score.getValueAsDouble()))
      return emitOpError("expects the score threshold not to be NaN");
  if (std::optional<Type> compute = getComputeType()) {
    auto computeFloat = dyn_cast<FloatType>(*compute);
    if (!computeFloat || !(computeFloat.isF32() || computeFloat.isF64()) ||
        computeFloat.getWidth() < elementType.getIntOrFloatBitWidth())
      return emitOpError() << "expects compute_type to be f32 or f64, at "
                              "least as wide as the element type "
                           << elementType << ", got " << *compute;
  }
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

#define GET_OP_CLASSES
#include "detect/Dialect/Detect/IR/DetectOps.cpp.inc"
