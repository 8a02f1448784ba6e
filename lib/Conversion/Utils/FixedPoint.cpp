//===- FixedPoint.cpp - integer arithmetic that equals the float IoU ------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/Utils/FixedPoint.h"
#include "detect/Conversion/Utils/LoopBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::detect;

namespace {
using P = arith::CmpIPredicate;

/// The bits of 1.0f and 1024.0f: non-negative floats order as their bits.
constexpr int64_t kOneBits = 0x3f800000;
constexpr int64_t kBoundBits = 0x44800000;
static_assert(kFixedPointBound == 1024, "kBoundBits is 1024.0f");
} // namespace

ExactInteger mlir::detect::buildExactInteger(OpBuilder &b, Location loc,
                                             Value f32) {
  LoopBuilder i{b, loc, b.getI32Type()};
  Value bits = arith::BitcastOp::create(b, loc, i.counter, f32);
  Value magnitude = i.andI(bits, i.cst(0x7fffffff));
  Value negative = i.cmp(P::slt, bits, i.cst(0));
  Value isZero = i.cmp(P::eq, magnitude, i.cst(0));
  // 1 <= |x| <= 1024 (NaN and inf are above): x = mantissa >> (23 - e),
  // exact when the bits shifted out are zero. The shift is only taken when
  // it is in [13, 23], so it is always defined.
  Value normal = i.andI(i.cmp(P::uge, magnitude, i.cst(kOneBits)),
                        i.cmp(P::ule, magnitude, i.cst(kBoundBits)));
  Value exponent = arith::ShRUIOp::create(b, loc, magnitude, i.cst(23));
  Value shift = i.select(normal, i.sub(i.cst(150), exponent), i.cst(0));
  Value mantissa = i.orI(i.andI(magnitude, i.cst(0x7fffff)), i.cst(0x800000));
  Value fractionMask =
      i.sub(arith::ShLIOp::create(b, loc, i.cst(1), shift), i.cst(1));
  Value whole = i.cmp(P::eq, i.andI(mantissa, fractionMask), i.cst(0));
  Value integral = i.andI(normal, whole);
  Value value = arith::ShRUIOp::create(b, loc, mantissa, shift);
  value = i.select(negative, i.sub(i.cst(0), value), value);
  return {i.select(integral, value, i.cst(0)), i.orI(isZero, integral)};
}

IntegerOverlap mlir::detect::buildIntegerOverlap(OpBuilder &b, Location l,
                                                 ValueRange a, Value areaA,
                                                 ValueRange c, Value areaC) {
  LoopBuilder i{b, l, b.getI32Type()};
  Value zero = i.cst(0);
  auto side = [&](Value lo1, Value lo2, Value hi1, Value hi2) {
    return i.max(i.sub(i.min(hi1, hi2), i.max(lo1, lo2)), zero);
  };
  Value inter =
      i.mul(side(a[0], c[0], a[2], c[2]), side(a[1], c[1], a[3], c[3]));
  return {inter, i.sub(i.add(areaA, areaC), inter)};
}

Value mlir::detect::buildIntegerIouRatio(OpBuilder &b, Location l,
                                         FloatType floatType,
                                         DegenerateRule rule,
                                         IntegerOverlap overlap, Value areaA,
                                         Value areaC) {
  LoopBuilder i{b, l, b.getI32Type()};
  Value zero = i.cst(0);
  Value quotient = arith::DivFOp::create(
      b, l, arith::SIToFPOp::create(b, l, floatType, overlap.inter),
      arith::SIToFPOp::create(b, l, floatType, overlap.uni));
  Value degenerate;
  if (rule == DegenerateRule::zero_area)
    degenerate = i.orI(i.cmp(P::sle, areaA, zero), i.cmp(P::sle, areaC, zero));
  else if (rule == DegenerateRule::zero_union)
    degenerate = i.cmp(P::sle, overlap.uni, zero);
  if (!degenerate)
    return quotient;
  Value floatZero =
      arith::ConstantOp::create(b, l, b.getFloatAttr(floatType, 0.0));
  return i.select(degenerate, floatZero, quotient);
}

Value mlir::detect::buildIntegerIou(OpBuilder &b, Location l,
                                    FloatType floatType, DegenerateRule rule,
                                    ValueRange a, Value areaA, ValueRange c,
                                    Value areaC) {
  return buildIntegerIouRatio(b, l, floatType, rule,
                              buildIntegerOverlap(b, l, a, areaA, c, areaC),
                              areaA, areaC);
}

RatioThreshold::RatioThreshold(Comparison comparison, double threshold) {
  // T: the f32 threshold of the float path (BoxMath::passes).
  llvm::APFloat t(threshold);
  bool losesInfo = false;
  bool gt = comparison == Comparison::gt;
  t.convert(llvm::APFloat::IEEEsingle(),
            gt ? llvm::APFloat::rmTowardNegative
               : llvm::APFloat::rmTowardPositive,
            &losesInfo);
  // V: the least f32 that passes. fl(q) >= 0 is never NaN nor infinite
  // (q <= 2^22).
  llvm::APFloat v = t;
  if (gt && !v.isNaN() && !(v.isInfinity() && !v.isNegative()))
    v.next(/*nextDown=*/false);
  if (v.isNaN() || (v.isInfinity() && !v.isNegative())) {
    kind = Kind::Never;
    return;
  }
  if (v.isZero() || v.isNegative()) {
    kind = Kind::Always;
    return;
  }
  // fl(q) >= V exactly when q lies above the midpoint B of V and the f32
  // below it, or on it when the tie rounds to V (V's significand is even).
  llvm::APFloat below = v;
  below.next(/*nextDown=*/true);
  double boundary = (below.convertToDouble() + v.convertToDouble()) / 2;
  inclusive = (v.bitcastToAPInt().getZExtValue() & 1) == 0;
  // B = m * 2^e with m odd: both f32 neighbours have 24 significant bits,
  // so m < 2^26 and every step is exact in double.
  int exponent = 0;
  double fraction = std::frexp(boundary, &exponent);
  auto m = static_cast<int64_t>(std::ldexp(fraction, 53));
  int64_t e = exponent - 53;
  while ((m & 1) == 0) {
    m >>= 1;
    ++e;
  }
  kind = Kind::Bound;
  if (e >= 0) {
    // B >= 1 is an integer; above 2^22 no ratio reaches it.
    if (e > 22 || (m << e) > (int64_t(1) << 22)) {
      kind = Kind::Never;
      return;
    }
    multiplier = m << e;
    shift = 0;
  } else {
    multiplier = m;
    shift = std::min<int64_t>(-e, 63);
  }
}

Value RatioThreshold::build(OpBuilder &b, Location loc, Value inter,
                            Value uni) const {
  if (kind != Kind::Bound)
    return arith::ConstantIntOp::create(b, loc, b.getI1Type(),
                                        kind == Kind::Always);
  // inter / uni >= m / 2^s  <=>  inter * 2^s >= m * uni
  //                         <=>  inter > (m * uni - 1) >> s   (m * uni >= 1)
  // and without the equality, inter > (m * uni) >> s. m * uni < 2^50.
  LoopBuilder w{b, loc, b.getI64Type()};
  Value wideInter = arith::ExtSIOp::create(b, loc, w.counter, inter);
  Value wideUni = arith::ExtSIOp::create(b, loc, w.counter, uni);
  Value product = arith::MulIOp::create(b, loc, wideUni, w.cst(multiplier));
  if (inclusive)
    product = w.sub(product, w.cst(1));
  if (shift > 0)
    product = arith::ShRUIOp::create(b, loc, product, w.cst(shift));
  return w.cmp(P::sgt, wideInter, product);
}
