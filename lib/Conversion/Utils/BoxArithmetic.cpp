//===- BoxArithmetic.cpp - scalar box formulas shared by lowerings --------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::detect;

Value BoxMath::constant(double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}
Value BoxMath::add(Value x, Value y) {
  return arith::AddFOp::create(b, loc, x, y);
}
Value BoxMath::sub(Value x, Value y) {
  return arith::SubFOp::create(b, loc, x, y);
}
Value BoxMath::mul(Value x, Value y) {
  return arith::MulFOp::create(b, loc, x, y);
}
Value BoxMath::div(Value x, Value y) {
  return arith::DivFOp::create(b, loc, x, y);
}
Value BoxMath::min(Value x, Value y) {
  return arith::MinimumFOp::create(b, loc, x, y);
}
Value BoxMath::max(Value x, Value y) {
  return arith::MaximumFOp::create(b, loc, x, y);
}
Value BoxMath::exp(Value x) { return math::ExpOp::create(b, loc, x); }
Value BoxMath::atan(Value x) { return math::AtanOp::create(b, loc, x); }
Value BoxMath::cmp(arith::CmpFPredicate predicate, Value x, Value y) {
  return arith::CmpFOp::create(b, loc, predicate, x, y);
}
Value BoxMath::select(Value cond, Value x, Value y) {
  return arith::SelectOp::create(b, loc, cond, x, y);
}

//===----------------------------------------------------------------------===//
// Anchor decoding
//===----------------------------------------------------------------------===//

DecodeRule DecodeRule::of(DecodeBoxesOp op) {
  std::optional<Type> wide = op.getComputeType();
  return {op.getYScale().convertToDouble(),
          op.getXScale().convertToDouble(),
          op.getHScale().convertToDouble(),
          op.getWScale().convertToDouble(),
          op.getLayout(),
          wide ? cast<FloatType>(*wide) : FloatType()};
}

BoxCoords BoxMath::decode(const DecodeRule &rule, BoxCoords t, BoxCoords a) {
  // TFLite: ycenter = ty / y_scale * ah + ay;
  //         half_h = 0.5 * exp(th / h_scale) * ah.
  // With a compute type, these four are computed in that type and rounded
  // to the element type; the corners are then formed in the element type
  // (TFLite and TFLite Micro decode in double).
  FloatType wideType = rule.computeType ? rule.computeType : type;
  BoxMath w(b, loc, wideType);
  if (wideType != type) {
    for (Value *v : {&t[0], &t[1], &t[2], &t[3], &a[0], &a[1], &a[2], &a[3]})
      *v = arith::ExtFOp::create(b, loc, wideType, *v);
  }
  auto narrow = [&](Value v) -> Value {
    if (v.getType() == type)
      return v;
    return arith::TruncFOp::create(b, loc, type, v);
  };
  Value yc =
      narrow(w.add(w.mul(w.div(t[0], w.constant(rule.yScale)), a[2]), a[0]));
  Value xc =
      narrow(w.add(w.mul(w.div(t[1], w.constant(rule.xScale)), a[3]), a[1]));
  Value half = w.constant(0.5);
  Value hh = narrow(
      w.mul(w.mul(half, w.exp(w.div(t[2], w.constant(rule.hScale)))), a[2]));
  Value hw = narrow(
      w.mul(w.mul(half, w.exp(w.div(t[3], w.constant(rule.wScale)))), a[3]));
  Corners c{sub(xc, hw), sub(yc, hh), add(xc, hw), add(yc, hh)};
  return fromCorners(rule.layout, c);
}

//===----------------------------------------------------------------------===//
// Layouts
//===----------------------------------------------------------------------===//

Corners BoxMath::toCorners(BoxLayout layout, BoxCoords v) {
  switch (layout) {
  case BoxLayout::xyxy:
    return {v[0], v[1], v[2], v[3]};
  case BoxLayout::yxyx:
    return {v[1], v[0], v[3], v[2]};
  case BoxLayout::xywh:
    return {v[0], v[1], add(v[0], v[2]), add(v[1], v[3])};
  case BoxLayout::cxcywh: {
    Value half = constant(0.5);
    Value hw = mul(half, v[2]), hh = mul(half, v[3]);
    return {sub(v[0], hw), sub(v[1], hh), add(v[0], hw), add(v[1], hh)};
  }
  }
  llvm_unreachable("unknown box layout");
}

BoxCoords BoxMath::fromCorners(BoxLayout layout, Corners c) {
  switch (layout) {
  case BoxLayout::xyxy:
    return {c.x1, c.y1, c.x2, c.y2};
  case BoxLayout::yxyx:
    return {c.y1, c.x1, c.y2, c.x2};
  case BoxLayout::xywh:
    return {c.x1, c.y1, sub(c.x2, c.x1), sub(c.y2, c.y1)};
  case BoxLayout::cxcywh: {
    // Division by 2 is exact and equals torchvision's `/ 2`.
    Value two = constant(2.0);
    return {div(add(c.x1, c.x2), two), div(add(c.y1, c.y2), two),
            sub(c.x2, c.x1), sub(c.y2, c.y1)};
  }
  }
  llvm_unreachable("unknown box layout");
}

BoxCoords BoxMath::convert(BoxLayout from, BoxLayout to, BoxCoords box) {
  if (from == to)
    return box;
  return fromCorners(to, toCorners(from, box));
}

Corners BoxMath::normalize(Corners c) {
  return {min(c.x1, c.x2), min(c.y1, c.y2), max(c.x1, c.x2), max(c.y1, c.y2)};
}

Value BoxMath::area(BoxLayout layout, BoxCoords v, bool normalizeCorners) {
  if (isCornerLayout(layout)) {
    Corners c = toCorners(layout, v);
    return cornerArea(normalizeCorners ? normalize(c) : c);
  }
  Value w = v[2], h = v[3];
  if (normalizeCorners) {
    w = math::AbsFOp::create(b, loc, w);
    h = math::AbsFOp::create(b, loc, h);
  }
  return mul(w, h);
}

Value BoxMath::cornerArea(Corners c) {
  return mul(sub(c.x2, c.x1), sub(c.y2, c.y1));
}

//===----------------------------------------------------------------------===//
// Overlap
//===----------------------------------------------------------------------===//

Value BoxMath::ratio(DegenerateRule rule, Value num, Value den, Value guard) {
  Value quotient = div(num, den);
  if (rule == DegenerateRule::ieee)
    return quotient;
  return select(guard, constant(0.0), quotient);
}

Value BoxMath::overlap(IouKind kind, DegenerateRule rule, Corners a,
                       Value areaA, Corners bx, Value areaB, Value eps) {
  using P = arith::CmpFPredicate;
  Value zero = constant(0.0);
  // Intersection, as torchvision's _box_inter_union.
  Value iw = max(sub(min(a.x2, bx.x2), max(a.x1, bx.x1)), zero);
  Value ih = max(sub(min(a.y2, bx.y2), max(a.y1, bx.y1)), zero);
  Value inter = mul(iw, ih);
  Value uni = sub(add(areaA, areaB), inter);
  Value degenerate;
  if (rule == DegenerateRule::zero_area)
    degenerate = arith::OrIOp::create(b, loc, cmp(P::OLE, areaA, zero),
                                      cmp(P::OLE, areaB, zero));
  else if (rule == DegenerateRule::zero_union)
    degenerate = cmp(P::OLE, uni, zero);
  Value iou = ratio(rule, inter, uni, degenerate);
  if (kind == IouKind::iou)
    return iou;

  // The smallest enclosing box.
  Value ew = max(sub(max(a.x2, bx.x2), min(a.x1, bx.x1)), zero);
  Value eh = max(sub(max(a.y2, bx.y2), min(a.y1, bx.y1)), zero);
  if (kind == IouKind::giou) {
    Value enclosing = mul(ew, eh);
    return sub(iou, ratio(rule, sub(enclosing, uni), enclosing,
                          cmp(P::OLE, enclosing, zero)));
  }

  // DIoU: centre distance over the enclosing diagonal, both squared.
  Value diagonal = add(add(mul(ew, ew), mul(eh, eh)), eps);
  Value two = constant(2.0);
  Value dx = sub(div(add(a.x1, a.x2), two), div(add(bx.x1, bx.x2), two));
  Value dy = sub(div(add(a.y1, a.y2), two), div(add(bx.y1, bx.y2), two));
  Value centres = add(mul(dx, dx), mul(dy, dy));
  Value diou =
      sub(iou, ratio(rule, centres, diagonal, cmp(P::OLE, diagonal, zero)));
  if (kind == IouKind::diou)
    return diou;

  // CIoU: aspect-ratio consistency v and its weight alpha.
  Value angle = sub(atan(div(sub(a.x2, a.x1), sub(a.y2, a.y1))),
                    atan(div(sub(bx.x2, bx.x1), sub(bx.y2, bx.y1))));
  Value v = mul(constant(4.0 / (llvm::numbers::pi * llvm::numbers::pi)),
                mul(angle, angle));
  Value alphaDen = add(add(sub(constant(1.0), iou), v), eps);
  Value alpha = ratio(rule, v, alphaDen, cmp(P::OLE, alphaDen, zero));
  return sub(diou, mul(alpha, v));
}

//===----------------------------------------------------------------------===//
// Threshold tests
//===----------------------------------------------------------------------===//

Value BoxMath::passes(Comparison comparison, Value value, double threshold) {
  // Round the real threshold towards the side that keeps the decision exact.
  llvm::APFloat t(threshold);
  bool losesInfo = false;
  t.convert(type.getFloatSemantics(),
            comparison == Comparison::gt ? llvm::APFloat::rmTowardNegative
                                         : llvm::APFloat::rmTowardPositive,
            &losesInfo);
  Value rounded =
      arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, t));
  return passes(comparison, value, rounded);
}

Value BoxMath::passes(Comparison comparison, Value value, Value threshold) {
  return cmp(comparison == Comparison::gt ? arith::CmpFPredicate::OGT
                                          : arith::CmpFPredicate::OGE,
             value, threshold);
}
