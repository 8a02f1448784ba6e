//===- ElementwiseOps.cpp - TFLite elementwise operators -> linalg --------===//
//
// Part of detect-mlir. ADD SUB MUL DIV MAXIMUM MINIMUM (numpy broadcasting,
// fused activation), LOGISTIC EXP and CAST, each one linalg.generic with
// arith/math in the body, computing as TFLite's reference kernels do. They
// take float32 and integer tensors; quantized tensors go through DEQUANTIZE
// first.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace detect {
namespace tflite_import {

/// TFLite's fused activations on floats (ActivationFunctionWithMinMax).
static FailureOr<std::pair<double, double>>
activationRange(Importer &im, fb::ActivationFunctionType act) {
  double inf = std::numeric_limits<double>::infinity();
  switch (act) {
  case fb::ActivationFunctionType::NONE:
    return std::make_pair(-inf, inf);
  case fb::ActivationFunctionType::RELU:
    return std::make_pair(0.0, inf);
  case fb::ActivationFunctionType::RELU6:
    return std::make_pair(0.0, 6.0);
  case fb::ActivationFunctionType::RELU_N1_TO_1:
    return std::make_pair(-1.0, 1.0);
  default:
    return im.fail("fused activation " + std::to_string(static_cast<int>(act)) +
                   " is not supported");
  }
}

/// max(lo, min(hi, x)) as TFLite writes it (std::min/std::max: a NaN x
/// stays NaN).
static Value clampActivation(OpBuilder &ob, Location l, Value x, double lo,
                             double hi) {
  auto ft = cast<FloatType>(x.getType());
  if (hi != std::numeric_limits<double>::infinity()) {
    Value h = arith::ConstantOp::create(ob, l, FloatAttr::get(ft, hi));
    Value gt = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::OGT, x, h);
    x = arith::SelectOp::create(ob, l, gt, h, x);
  }
  if (lo != -std::numeric_limits<double>::infinity()) {
    Value lv = arith::ConstantOp::create(ob, l, FloatAttr::get(ft, lo));
    Value lt = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::OLT, x, lv);
    x = arith::SelectOp::create(ob, l, lt, lv, x);
  }
  return x;
}

enum class Binary { add, sub, mul, div, max, min };

static Value binaryBody(OpBuilder &ob, Location l, Binary kind, Value x,
                        Value y) {
  bool isFloat = isa<FloatType>(x.getType());
  switch (kind) {
  case Binary::add:
    return isFloat ? Value(arith::AddFOp::create(ob, l, x, y))
                   : Value(arith::AddIOp::create(ob, l, x, y));
  case Binary::sub:
    return isFloat ? Value(arith::SubFOp::create(ob, l, x, y))
                   : Value(arith::SubIOp::create(ob, l, x, y));
  case Binary::mul:
    return isFloat ? Value(arith::MulFOp::create(ob, l, x, y))
                   : Value(arith::MulIOp::create(ob, l, x, y));
  case Binary::div: {
    if (isFloat)
      return arith::DivFOp::create(ob, l, x, y);
    // TFLite leaves integer division by zero undefined; here it is 0, and
    // MIN / -1 (which traps) is MIN.
    Type t = x.getType();
    Value zero = arith::ConstantOp::create(ob, l, IntegerAttr::get(t, 0));
    Value one = arith::ConstantOp::create(ob, l, IntegerAttr::get(t, 1));
    Value minusOne = arith::ConstantOp::create(ob, l, IntegerAttr::get(t, -1));
    Value isZero =
        arith::CmpIOp::create(ob, l, arith::CmpIPredicate::eq, y, zero);
    Value isMinusOne =
        arith::CmpIOp::create(ob, l, arith::CmpIPredicate::eq, y, minusOne);
    Value safe = arith::SelectOp::create(
        ob, l, arith::OrIOp::create(ob, l, isZero, isMinusOne), one, y);
    Value q = arith::DivSIOp::create(ob, l, x, safe);
    Value neg = arith::SubIOp::create(ob, l, zero, x);
    q = arith::SelectOp::create(ob, l, isMinusOne, neg, q);
    return arith::SelectOp::create(ob, l, isZero, zero, q);
  }
  case Binary::max:
  case Binary::min: {
    // TFLite: max = x > y ? x : y, min = x < y ? x : y.
    bool mx = kind == Binary::max;
    Value c = isFloat
                  ? Value(arith::CmpFOp::create(ob, l,
                                                mx ? arith::CmpFPredicate::OGT
                                                   : arith::CmpFPredicate::OLT,
                                                x, y))
                  : Value(arith::CmpIOp::create(ob, l,
                                                mx ? arith::CmpIPredicate::sgt
                                                   : arith::CmpIPredicate::slt,
                                                x, y));
    return arith::SelectOp::create(ob, l, c, x, y);
  }
  }
  return x;
}

static LogicalResult importBinary(Importer &im, Binary kind) {
  FailureOr<SmallVector<Value>> in = im.floatInputs(2, 2, 1, 2);
  if (failed(in))
    return failure();
  Value x = (*in)[0], y = (*in)[1];
  auto xt = cast<RankedTensorType>(x.getType());
  auto yt = cast<RankedTensorType>(y.getType());
  Type elem = xt.getElementType();
  if (elem != yt.getElementType())
    return im.fail("inputs have different element types");
  if (elem.isInteger(1) || elem.isInteger(8) || elem.isInteger(16))
    return im.fail("element type is not float32, int32 or int64");
  if (im.fileType(im.inputIndex(0)) == fb::TensorType::UINT8)
    return im.fail("uint8 arithmetic is not supported");

  fb::ActivationFunctionType act = fb::ActivationFunctionType::NONE;
  const fb::Operator &op = im.op();
  if (kind == Binary::add && op.builtin_options_as_AddOptions())
    act = op.builtin_options_as_AddOptions()->fused_activation_function();
  if (kind == Binary::sub && op.builtin_options_as_SubOptions())
    act = op.builtin_options_as_SubOptions()->fused_activation_function();
  if (kind == Binary::mul && op.builtin_options_as_MulOptions())
    act = op.builtin_options_as_MulOptions()->fused_activation_function();
  if (kind == Binary::div && op.builtin_options_as_DivOptions())
    act = op.builtin_options_as_DivOptions()->fused_activation_function();
  FailureOr<std::pair<double, double>> range = activationRange(im, act);
  if (failed(range))
    return failure();
  if (act != fb::ActivationFunctionType::NONE && !isa<FloatType>(elem))
    return im.fail("fused activations on integers are not supported");

  FailureOr<SmallVector<int64_t>> shape =
      im.broadcast({xt.getShape(), yt.getShape()});
  if (failed(shape))
    return failure();
  Value r = im.elementwise(
      {x, y}, *shape, elem,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value v = binaryBody(ob, l, kind, a[0], a[1]);
        if (isa<FloatType>(elem))
          v = clampActivation(ob, l, v, range->first, range->second);
        return v;
      });
  return im.setOutput(0, r);
}

LogicalResult importAdd(Importer &im) { return importBinary(im, Binary::add); }
LogicalResult importSub(Importer &im) { return importBinary(im, Binary::sub); }
LogicalResult importMul(Importer &im) { return importBinary(im, Binary::mul); }
LogicalResult importDiv(Importer &im) { return importBinary(im, Binary::div); }
LogicalResult importMaximum(Importer &im) {
  return importBinary(im, Binary::max);
}
LogicalResult importMinimum(Importer &im) {
  return importBinary(im, Binary::min);
}

static LogicalResult
importUnaryFloat(Importer &im,
                 llvm::function_ref<Value(OpBuilder &, Location, Value)> body) {
  FailureOr<SmallVector<Value>> in = im.floatInputs(1, 1, 1, 1);
  if (failed(in))
    return failure();
  Value x = (*in)[0];
  auto xt = cast<RankedTensorType>(x.getType());
  if (!xt.getElementType().isF32())
    return im.fail("input must be float32");
  Value r = im.elementwise({x}, xt.getShape(), xt.getElementType(),
                           [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                             return body(ob, l, a[0]);
                           });
  return im.setOutput(0, r);
}

LogicalResult importLogistic(Importer &im) {
  // TFLite's reference: 1 / (1 + exp(-x)) in float.
  return importUnaryFloat(im, [](OpBuilder &ob, Location l, Value x) -> Value {
    Type t = x.getType();
    Value one = arith::ConstantOp::create(ob, l, FloatAttr::get(t, 1.0));
    Value e = math::ExpOp::create(ob, l, arith::NegFOp::create(ob, l, x));
    return arith::DivFOp::create(ob, l, one,
                                 arith::AddFOp::create(ob, l, one, e));
  });
}

LogicalResult importExp(Importer &im) {
  return importUnaryFloat(im, [](OpBuilder &ob, Location l, Value x) -> Value {
    return math::ExpOp::create(ob, l, x);
  });
}

/// CAST between float32, int32, int64, int16, uint8, int8 and bool, as
/// static_cast does: float to integer truncates toward zero; a value out of
/// the integer's range is undefined there and poison here.
LogicalResult importCast(Importer &im) {
  if (failed(im.expectArity(1, 1, 1)))
    return failure();
  FailureOr<Value> x = im.input(0);
  if (failed(x))
    return failure();
  FailureOr<RankedTensorType> outType = im.tensorType(im.outputIndex(0));
  if (failed(outType))
    return failure();
  bool fromUnsigned = im.fileType(im.inputIndex(0)) == fb::TensorType::UINT8;
  bool toUnsigned = im.fileType(im.outputIndex(0)) == fb::TensorType::UINT8;
  auto xt = cast<RankedTensorType>(x->getType());
  Type from = xt.getElementType(), to = outType->getElementType();
  Value r = im.elementwise(
      {*x}, xt.getShape(), to,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value v = a[0];
        if (from == to)
          return v;
        if (to.isInteger(1)) {
          Value zero = isa<FloatType>(from)
                           ? Value(arith::ConstantOp::create(
                                 ob, l, FloatAttr::get(from, 0.0)))
                           : Value(arith::ConstantOp::create(
                                 ob, l, IntegerAttr::get(from, 0)));
          return isa<FloatType>(from)
                     ? Value(arith::CmpFOp::create(
                           ob, l, arith::CmpFPredicate::UNE, v, zero))
                     : Value(arith::CmpIOp::create(
                           ob, l, arith::CmpIPredicate::ne, v, zero));
        }
        if (isa<FloatType>(from)) {
          if (isa<FloatType>(to))
            return v;
          return toUnsigned ? Value(arith::FPToUIOp::create(ob, l, to, v))
                            : Value(arith::FPToSIOp::create(ob, l, to, v));
        }
        bool zext = fromUnsigned || from.isInteger(1);
        if (isa<FloatType>(to))
          return zext ? Value(arith::UIToFPOp::create(ob, l, to, v))
                      : Value(arith::SIToFPOp::create(ob, l, to, v));
        unsigned fw = from.getIntOrFloatBitWidth(),
                 tw = to.getIntOrFloatBitWidth();
        if (fw < tw)
          return zext ? Value(arith::ExtUIOp::create(ob, l, to, v))
                      : Value(arith::ExtSIOp::create(ob, l, to, v));
        if (fw > tw)
          return arith::TruncIOp::create(ob, l, to, v);
        return v;
      });
  return im.setOutput(0, r);
}

} // namespace tflite_import
} // namespace detect
