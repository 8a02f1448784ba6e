//===- FixedPointComparisons.cpp - NMS comparisons in integers ------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "FixedPointComparisons.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

FixedPointSuppression::FixedPointSuppression(NmsOp op, const BoxReader &reader,
                                             KeptList kept, const Grid &grid,
                                             Value prune, Value corners)
    : op(op), floatPath(op, reader, kept, grid, prune), corners(corners),
      prune(prune) {
  bool adaptive = op.getEtaAttr() && op.getEtaAttr().getValueAsDouble() < 1.0;
  if (FloatAttr t = op.getIouThresholdAttr(); t && !adaptive)
    ratio.emplace(op.getIouCompare(), t.getValueAsDouble());
}

Value FixedPointSuppression::allocateCorners(OpBuilder &b, Location loc,
                                             int64_t staticK,
                                             ValueRange dynamicSizes) {
  return memref::AllocOp::create(
      b, loc, MemRefType::get({staticK, 4}, b.getI16Type()), dynamicSizes);
}

void FixedPointSuppression::prepare(LoopBuilder &l, Value candidate, Corners c,
                                    IouTest test) {
  floatPath.setCandidate(candidate, c, test);
  // The candidate's integer corners, checked once.
  ci.clear();
  cExact = Value();
  for (Value v : {c.x1, c.y1, c.x2, c.y2}) {
    ExactInteger e = buildExactInteger(l.b, l.loc, v);
    ci.push_back(e.value);
    cExact = cExact ? l.andI(cExact, e.exact) : e.exact;
  }
  cAreaI = arith::MulIOp::create(
      l.b, l.loc, arith::SubIOp::create(l.b, l.loc, ci[2], ci[0]),
      arith::SubIOp::create(l.b, l.loc, ci[3], ci[1]));
}

/// Whether kept box `o` suppresses the candidate, both exact (i32
/// corners). Boxes that do not intersect are skipped as in the float path.
/// With a compile-time threshold and a positive union (not degenerate under
/// the op's rule), the test is RatioThreshold's integer comparison;
/// otherwise the ratio is the float division of the two exact integers.
Value FixedPointSuppression::integerSuppresses(OpBuilder &b, Location loc,
                                               ArrayRef<Value> o) {
  using P = arith::CmpIPredicate;
  ArrayRef<Value> c = ci;
  Value cArea = cAreaI;
  FloatType elementType = floatPath.getReader().type;
  const IouTest &testIou = floatPath.iouTest();
  LoopBuilder l{b, loc, b.getI32Type()};
  Value intersects =
      l.andI(l.andI(l.cmp(P::sgt, o[2], c[0]), l.cmp(P::sgt, c[2], o[0])),
             l.andI(l.cmp(P::sgt, o[3], c[1]), l.cmp(P::sgt, c[3], o[1])));
  auto test = scf::IfOp::create(
      b, loc, l.orI(l.notI(prune), intersects),
      [&](OpBuilder &tb, Location tl) {
        LoopBuilder t{tb, tl, tb.getI32Type()};
        DegenerateRule rule = op.getDegenerate();
        Value oArea = t.mul(t.sub(o[2], o[0]), t.sub(o[3], o[1]));
        IntegerOverlap overlap =
            buildIntegerOverlap(tb, tl, c, cArea, o, oArea);
        auto divided = [&](OpBuilder &db, Location dl) {
          BoxMath dm(db, dl, elementType);
          return testIou(dm, buildIntegerIouRatio(db, dl, elementType, rule,
                                                  overlap, cArea, oArea));
        };
        if (!ratio) {
          scf::YieldOp::create(tb, tl, divided(tb, tl));
          return;
        }
        Value plain = t.lt(t.cst(0), overlap.uni);
        if (rule == DegenerateRule::zero_area)
          plain = t.andI(plain,
                         t.andI(t.lt(t.cst(0), cArea), t.lt(t.cst(0), oArea)));
        auto decide = scf::IfOp::create(
            tb, tl, plain,
            [&](OpBuilder &db, Location dl) {
              scf::YieldOp::create(
                  db, dl, ratio->build(db, dl, overlap.inter, overlap.uni));
            },
            [&](OpBuilder &db, Location dl) {
              scf::YieldOp::create(db, dl, divided(db, dl));
            });
        scf::YieldOp::create(tb, tl, decide.getResult(0));
      },
      [&](OpBuilder &tb, Location tl) {
        scf::YieldOp::create(
            tb, tl, LoopBuilder{tb, tl, tb.getI32Type()}.boolean(false));
      });
  return test.getResult(0);
}

// Does the kept box at kept position `k` suppress the candidate? Two exact
// boxes are compared in integers (the same decisions: every intermediate is
// the float path's number), any other pair in float.
Value FixedPointSuppression::suppressesKept(OpBuilder &sb, Location sl,
                                            Value k) {
  FloatType elementType = floatPath.getReader().type;
  Corners c = floatPath.candidateCorners();
  const KeptList &kept = floatPath.getKept();
  Type counter = k.getType();
  LoopBuilder s{sb, sl, counter};
  Type i32 = sb.getI32Type();
  SmallVector<Value, 4> oi;
  for (int64_t q = 0; q < 4; ++q)
    oi.push_back(arith::ExtSIOp::create(sb, sl, i32, s.load2(corners, k, q)));
  Value notExact =
      arith::ConstantOp::create(sb, sl, i32, sb.getI32IntegerAttr(kNotExact));
  Value bothExact =
      s.andI(cExact, arith::CmpIOp::create(sb, sl, arith::CmpIPredicate::ne,
                                           oi[0], notExact));
  auto branch = scf::IfOp::create(
      sb, sl, bothExact,
      [&](OpBuilder &tb, Location tl) {
        scf::YieldOp::create(tb, tl, integerSuppresses(tb, tl, oi));
      },
      [&](OpBuilder &tb, Location tl) {
        LoopBuilder t{tb, tl, counter};
        Corners o =
            kept.corners
                ? loadCornerRow(t, kept.corners, k)
                : floatPath.getReader().corners(t, t.load(kept.boxes, k));
        // The candidate's float area: of an exact box, its integer area is
        // the same number (the sign of a zero area aside, which decides
        // nothing: such a box intersects nothing). LLVM hoists the
        // soft-float calls out of the scan, which it costs as cheap: they
        // run once per popped candidate.
        Value area = t.select(
            cExact, arith::SIToFPOp::create(tb, tl, elementType, cAreaI),
            BoxMath(tb, tl, elementType).cornerArea(c));
        scf::YieldOp::create(tb, tl,
                             floatPath.suppresses(tb, tl, o, Value(), area));
      });
  return branch.getResult(0);
}

Value FixedPointSuppression::suppressedByEntry(OpBuilder &b, Location loc,
                                               Value list, Value j) {
  LoopBuilder t{b, loc, j.getType()};
  // The kept list and the buckets hold kept positions.
  return suppressesKept(
      b, loc, list == floatPath.getKept().boxes ? j : t.load(list, j));
}

void FixedPointSuppression::recordKept(LoopBuilder &i, Value numKept) {
  OpBuilder &ib = i.b;
  Location il = i.loc;
  Value notExact = arith::ConstantOp::create(ib, il, ib.getI32Type(),
                                             ib.getI32IntegerAttr(kNotExact));
  Value first = i.select(cExact, ci[0], notExact);
  Value v[4] = {first, ci[1], ci[2], ci[3]};
  for (int q = 0; q < 4; ++q)
    memref::StoreOp::create(
        ib, il, arith::TruncIOp::create(ib, il, ib.getI16Type(), v[q]), corners,
        ValueRange{i.cast(numKept, ib.getIndexType()),
                   arith::ConstantIndexOp::create(ib, il, q)});
}
