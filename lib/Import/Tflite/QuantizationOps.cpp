//===- QuantizationOps.cpp - TFLite DEQUANTIZE / QUANTIZE -> linalg -------===//
//
// Part of detect-mlir. uint8 and int8 tensors are i8 bytes in the function
// (the file says how to read them); DEQUANTIZE and QUANTIZE are the
// per-tensor affine maps of TFLite's reference kernels.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace detect {
namespace tflite_import {

static bool isQuantizedStorage(fb::TensorType t) {
  return t == fb::TensorType::UINT8 || t == fb::TensorType::INT8 ||
         t == fb::TensorType::INT16;
}

/// The quantization of tensor `t` (`what` names it in the error) and the
/// value of input 0.
static LogicalResult readQuantized(Importer &im, int32_t t, StringRef what,
                                   Quantization &qp, Value &x) {
  FailureOr<std::optional<Quantization>> q = im.quantization(t);
  if (failed(q))
    return failure();
  if (!*q)
    return im.fail(what + " has no quantization parameters");
  qp = **q;
  FailureOr<Value> v = im.input(0);
  if (failed(v))
    return failure();
  x = *v;
  return success();
}

/// real = (float)(q - zero_point) * scale: TFLite computes the difference
/// in int32 and the product in double, rounded to float once; the float
/// product of the same two operands rounds the same exact value once.
LogicalResult importDequantize(Importer &im) {
  if (failed(im.expectArity(1, 1, 1)))
    return failure();
  int32_t in = im.inputIndex(0);
  fb::TensorType ty = im.fileType(in);
  if (!isQuantizedStorage(ty))
    return im.fail("input must be uint8, int8 or int16 (float16 weights are "
                   "not supported)");
  Type f32 = im.b.getF32Type(), i32 = im.b.getI32Type();
  bool isUnsigned = ty == fb::TensorType::UINT8;
  Quantization qp;
  Value x;
  if (failed(readQuantized(im, in, "input", qp, x)))
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  Value r = im.elementwise(
      {x}, xt.getShape(), f32,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value v = isUnsigned ? Value(arith::ExtUIOp::create(ob, l, i32, a[0]))
                             : Value(arith::ExtSIOp::create(ob, l, i32, a[0]));
        Value zp = arith::ConstantOp::create(
            ob, l, IntegerAttr::get(i32, qp.zeroPoint));
        Value d = arith::SIToFPOp::create(ob, l, f32,
                                          arith::SubIOp::create(ob, l, v, zp));
        Value scale =
            arith::ConstantOp::create(ob, l, FloatAttr::get(f32, qp.scale));
        return arith::MulFOp::create(ob, l, d, scale);
      });
  return im.setOutput(0, r);
}

/// q = clamp(round(x / scale) + zero_point) with round half away from zero
/// (TfLiteRound), the division in float. NaN, which TFLite leaves undefined,
/// becomes the lowest code.
LogicalResult importQuantize(Importer &im) {
  if (failed(im.expectArity(1, 1, 1)))
    return failure();
  int32_t in = im.inputIndex(0), out = im.outputIndex(0);
  fb::TensorType ty = im.fileType(out);
  if (im.fileType(in) != fb::TensorType::FLOAT32 ||
      (ty != fb::TensorType::UINT8 && ty != fb::TensorType::INT8))
    return im.fail("only float32 to uint8/int8 is supported (requantization "
                   "is not)");
  Quantization qp;
  Value x;
  if (failed(readQuantized(im, out, "output", qp, x)))
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t lo = ty == fb::TensorType::UINT8 ? 0 : -128;
  int64_t hi = ty == fb::TensorType::UINT8 ? 255 : 127;
  Type f32 = im.b.getF32Type(), i32 = im.b.getI32Type(), i8 = im.b.getI8Type();
  Value r = im.elementwise(
      {x}, xt.getShape(), i8,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        auto fconst = [&](double v) -> Value {
          return arith::ConstantOp::create(ob, l, FloatAttr::get(f32, v));
        };
        auto iconst = [&](int64_t v) -> Value {
          return arith::ConstantOp::create(ob, l, IntegerAttr::get(i32, v));
        };
        Value v = arith::DivFOp::create(ob, l, a[0], fconst(qp.scale));
        // Into a range where the conversion to int32 is defined; the final
        // clamp gives the same code for anything beyond.
        double bound = 1 << 20;
        v = arith::MaxNumFOp::create(ob, l, v, fconst(-bound));
        v = arith::MinNumFOp::create(ob, l, v, fconst(bound));
        Value t = arith::FPToSIOp::create(ob, l, i32, v);
        Value frac = arith::SubFOp::create(
            ob, l, v, arith::SIToFPOp::create(ob, l, f32, t));
        Value up = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::OGE, frac,
                                         fconst(0.5));
        Value down = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::OLE,
                                           frac, fconst(-0.5));
        t = arith::SelectOp::create(
            ob, l, up, arith::AddIOp::create(ob, l, t, iconst(1)), t);
        t = arith::SelectOp::create(
            ob, l, down, arith::SubIOp::create(ob, l, t, iconst(1)), t);
        t = arith::AddIOp::create(ob, l, t, iconst(qp.zeroPoint));
        t = arith::MaxSIOp::create(ob, l, t, iconst(lo));
        t = arith::MinSIOp::create(ob, l, t, iconst(hi));
        return arith::TruncIOp::create(ob, l, i8, t);
      });
  return im.setOutput(0, r);
}

} // namespace tflite_import
} // namespace detect
