//===- DetectOps.cpp - detect dialect operations --------------------------===//
//
// Part of detect-mlir. The custom assembly directives of the ops and the
// generated op classes; the verifiers and folders are in BoxOps.cpp,
// NmsOps.cpp, FrameworkOps.cpp and YoloOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

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
    else if (auto i = dyn_cast<IntegerAttr>(literal);
             i && isa<FloatType>(attrType))
      attr = FloatAttr::get(attrType, static_cast<double>(i.getInt()));
    else if (auto i = dyn_cast<IntegerAttr>(literal);
             i && isa<IntegerType>(attrType))
      attr = IntegerAttr::get(attrType, i.getInt());
    else
      return parser.emitError(loc)
             << "expected " << keyword << " to be a number or an SSA value";
  }
  return parser.parseRParen();
}

/// The directive for a FloatAttr rule (its number read as f64) or an
/// IntegerAttr one (read as i64).
template <typename AttrT>
static ParseResult
parseScalarOrValue(OpAsmParser &parser, StringRef keyword, AttrT &attr,
                   std::optional<OpAsmParser::UnresolvedOperand> &operand,
                   Type &operandType) {
  Builder &builder = parser.getBuilder();
  Type numberType = std::is_same_v<AttrT, FloatAttr>
                        ? Type(builder.getF64Type())
                        : Type(builder.getI64Type());
  Attribute parsed;
  if (parseScalarOrValue(parser, keyword, parsed, operand, operandType,
                         numberType))
    return failure();
  attr = cast_if_present<AttrT>(parsed);
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

#define GET_OP_CLASSES
#include "detect/Dialect/Detect/IR/DetectOps.cpp.inc"
