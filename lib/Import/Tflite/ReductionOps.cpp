//===- ReductionOps.cpp - TFLite SOFTMAX ARG_MAX REDUCE_MAX -> linalg
//------===//
//
// Part of detect-mlir. Reductions as linalg.generics with TFLite's reference
// comparisons: REDUCE_MAX keeps `x > acc ? x : acc`, ARG_MAX the first
// index of the largest value, SOFTMAX is exp((x - max) * beta) / sum over
// the last axis.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

namespace detect {
namespace tflite_import {

static Value lowest(OpBuilder &ob, Location l, Type t) {
  if (auto ft = dyn_cast<FloatType>(t))
    return arith::ConstantOp::create(
        ob, l, FloatAttr::get(ft, -std::numeric_limits<double>::infinity()));
  return arith::ConstantOp::create(
      ob, l,
      IntegerAttr::get(t, APInt::getSignedMinValue(t.getIntOrFloatBitWidth())));
}

static Value greater(OpBuilder &ob, Location l, Value x, Value y) {
  if (isa<FloatType>(x.getType()))
    return arith::CmpFOp::create(ob, l, arith::CmpFPredicate::OGT, x, y);
  return arith::CmpIOp::create(ob, l, arith::CmpIPredicate::sgt, x, y);
}

static Value maxCombine(OpBuilder &ob, Location l, Value acc, Value x) {
  return arith::SelectOp::create(ob, l, greater(ob, l, x, acc), x, acc);
}

static FailureOr<SmallVector<bool>> reducedAxes(Importer &im, int64_t input,
                                                int64_t rank) {
  FailureOr<SmallVector<int64_t>> axes = im.constantInts(input, "axis");
  if (failed(axes))
    return failure();
  SmallVector<bool> reduced(rank, false);
  for (int64_t a : *axes) {
    if (a < -rank || a >= rank)
      return im.fail("axis " + std::to_string(a) + " is outside the rank " +
                     std::to_string(rank));
    reduced[a < 0 ? a + rank : a] = true;
  }
  return reduced;
}

/// The input of REDUCE_MAX and ARG_MAX, and the axes its input 1 lists.
static LogicalResult readReduction(Importer &im, Value &x,
                                   SmallVector<bool> &reduced) {
  FailureOr<SmallVector<Value>> in = im.floatInputs(2, 2, 1, 1);
  if (failed(in))
    return failure();
  x = (*in)[0];
  FailureOr<SmallVector<bool>> axes =
      reducedAxes(im, 1, cast<RankedTensorType>(x.getType()).getRank());
  if (failed(axes))
    return failure();
  reduced = std::move(*axes);
  return success();
}

LogicalResult importReduceMax(Importer &im) {
  // keep_dims: the reduced axes stay with size 1, else they go.
  const auto *o = im.op().builtin_options_as_ReducerOptions();
  Value x;
  SmallVector<bool> reduced;
  if (failed(readReduction(im, x, reduced)))
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  Value r = im.reduce(x, reduced, lowest(im.b, im.loc, xt.getElementType()),
                      maxCombine);
  if (!(o && o->keep_dims())) {
    SmallVector<int64_t> shape;
    for (int64_t d = 0; d < xt.getRank(); ++d)
      if (!reduced[d])
        shape.push_back(xt.getDimSize(d));
    r = im.reshape(r, shape);
  }
  return im.setOutput(0, r);
}

/// The first index of the largest value along one axis (TFLite's ArgMinMax
/// keeps the first on ties; NaN is never larger).
LogicalResult importArgMax(Importer &im) {
  Value x;
  SmallVector<bool> reduced;
  if (failed(readReduction(im, x, reduced)))
    return failure();
  auto xt = cast<RankedTensorType>(x.getType());
  if (llvm::count(reduced, true) != 1)
    return im.fail("needs exactly one axis");
  int64_t axis = llvm::find(reduced, true) - reduced.begin();
  FailureOr<RankedTensorType> outType = im.tensorType(im.outputIndex(0));
  if (failed(outType))
    return failure();
  Type idxType = outType->getElementType();
  if (!idxType.isInteger(32) && !idxType.isInteger(64))
    return im.fail("output must be int32 or int64");
  SmallVector<int64_t> shape(xt.getShape());
  shape.erase(shape.begin() + axis);
  Value init = im.empty(shape, idxType);
  Value best = im.empty(shape, xt.getElementType());
  OpBuilder &b = im.b;
  Location loc = im.loc;
  init = linalg::FillOp::create(
             b, loc,
             arith::ConstantOp::create(b, loc, IntegerAttr::get(idxType, 0))
                 .getResult(),
             init)
             .getResult(0);
  best =
      linalg::FillOp::create(b, loc, lowest(b, loc, xt.getElementType()), best)
          .getResult(0);
  int64_t rank = xt.getRank();
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iters;
  for (int64_t d = 0; d < rank; ++d) {
    if (d != axis)
      outExprs.push_back(b.getAffineDimExpr(d));
    iters.push_back(d == axis ? utils::IteratorType::reduction
                              : utils::IteratorType::parallel);
  }
  AffineMap outMap = AffineMap::get(rank, 0, outExprs, &im.ctx);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank), outMap, outMap};
  // The first element always wins (even -inf or NaN), then only a strictly
  // larger one.
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{best.getType(), init.getType()}, ValueRange{x},
      ValueRange{best, init}, maps, iters,
      [&](OpBuilder &ob, Location l, ValueRange a) {
        Value i = linalg::IndexOp::create(ob, l, axis);
        Value first =
            arith::CmpIOp::create(ob, l, arith::CmpIPredicate::eq, i,
                                  arith::ConstantIndexOp::create(ob, l, 0));
        Value take =
            arith::OrIOp::create(ob, l, first, greater(ob, l, a[0], a[1]));
        Value idx = arith::IndexCastOp::create(ob, l, idxType, i);
        linalg::YieldOp::create(
            ob, l,
            ValueRange{arith::SelectOp::create(ob, l, take, a[0], a[1]),
                       arith::SelectOp::create(ob, l, take, idx, a[2])});
      });
  return im.setOutput(0, op.getResult(1));
}

LogicalResult importSoftmax(Importer &im) {
  FailureOr<SmallVector<Value>> in = im.floatInputs(1, 1, 1, 1);
  if (failed(in))
    return failure();
  Value x = (*in)[0];
  auto xt = cast<RankedTensorType>(x.getType());
  if (!xt.getElementType().isF32() || xt.getRank() < 1)
    return im.fail("input must be a float32 tensor of rank >= 1");
  const auto *o = im.op().builtin_options_as_SoftmaxOptions();
  float beta = o ? o->beta() : 1.0f;
  int64_t rank = xt.getRank();
  SmallVector<bool> last(rank, false);
  last[rank - 1] = true;
  Type f32 = xt.getElementType();
  Value mx = im.reduce(x, last, lowest(im.b, im.loc, f32), maxCombine);
  Value e = im.elementwise(
      {x, mx}, xt.getShape(), f32,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value d = arith::SubFOp::create(ob, l, a[0], a[1]);
        Value bt = arith::ConstantOp::create(ob, l, FloatAttr::get(f32, beta));
        return math::ExpOp::create(ob, l, arith::MulFOp::create(ob, l, d, bt));
      });
  Value zero =
      arith::ConstantOp::create(im.b, im.loc, FloatAttr::get(f32, 0.0));
  Value sum =
      im.reduce(e, last, zero,
                [](OpBuilder &ob, Location l, Value acc, Value v) -> Value {
                  return arith::AddFOp::create(ob, l, acc, v);
                });
  Value r = im.elementwise(
      {e, sum}, xt.getShape(), f32,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        return arith::DivFOp::create(ob, l, a[0], a[1]);
      });
  return im.setOutput(0, r);
}

} // namespace tflite_import
} // namespace detect
