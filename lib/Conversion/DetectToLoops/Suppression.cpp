//===- Suppression.cpp - the float comparisons of greedy NMS --------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "Suppression.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

Value IouTest::operator()(BoxMath &m, Value iou) const {
  NmsOp nms = op;
  if (adaptive)
    return m.passes(nms.getIouCompare(), iou, adaptive);
  if (FloatAttr t = nms.getIouThresholdAttr())
    return m.passes(nms.getIouCompare(), iou, t.getValueAsDouble());
  return m.passes(nms.getIouCompare(), iou, nms.getIouThresholdValue());
}

FloatSuppression::FloatSuppression(NmsOp op, const BoxReader &reader,
                                   KeptList kept, const Grid &grid, Value prune)
    : op(op), reader(reader), kept(kept), grid(grid), prune(prune),
      jaccard(op.getOverlap() == SoftNmsOverlap::jaccard_distance) {}

void FloatSuppression::setCandidate(Value candidate, Corners c, IouTest test) {
  this->candidate = candidate;
  this->c = c;
  this->test = test;
  cArea = Value();
}

void FloatSuppression::prepare(LoopBuilder &l, Value candidate, Corners c,
                               IouTest test) {
  setCandidate(candidate, c, test);
  cArea = BoxMath(l.b, l.loc, reader.type).cornerArea(c);
}

// Boxes that do not intersect cannot suppress each other when pruning is
// exact: no IoU is computed for them.
Value FloatSuppression::suppresses(OpBuilder &sb, Location sl, Corners o,
                                   Value other, Value cArea) const {
  Type counter = grid.counter;
  FloatType elementType = reader.type;
  DegenerateRule rule = NmsOp(op).getDegenerate();
  LoopBuilder s{sb, sl, counter};
  BoxMath sm(sb, sl, elementType);
  using P = arith::CmpFPredicate;
  Value intersects =
      s.andI(s.andI(sm.cmp(P::OGT, o.x2, c.x1), sm.cmp(P::OGT, c.x2, o.x1)),
             s.andI(sm.cmp(P::OGT, o.y2, c.y1), sm.cmp(P::OGT, c.y2, o.y1)));
  Value maybe = s.orI(s.notI(prune), intersects);
  if (grid.withCorners) {
    // Branch-free: every box of a visited cell is compared.
    Value iou =
        sm.overlap(IouKind::iou, rule, c, cArea, o, sm.cornerArea(o), Value());
    return s.andI(maybe, test(sm, iou));
  }
  auto ifOp = scf::IfOp::create(
      sb, sl, maybe,
      [&](OpBuilder &tb, Location tl) {
        BoxMath tm(tb, tl, elementType);
        LoopBuilder tl2{tb, tl, counter};
        Value iou = jaccard ? jaccardOverlap(tl2, reader, candidate, other)
                            : tm.overlap(IouKind::iou, rule, c, cArea, o,
                                         tm.cornerArea(o), Value());
        scf::YieldOp::create(tb, tl, test(tm, iou));
      },
      [&](OpBuilder &tb, Location tl) {
        scf::YieldOp::create(tb, tl,
                             LoopBuilder{tb, tl, counter}.boolean(false));
      });
  return ifOp.getResult(0);
}

Corners FloatSuppression::entryCorners(LoopBuilder &t, Value list,
                                       Value j) const {
  if (list == kept.boxes && kept.corners)
    return loadCornerRow(t, kept.corners, j);
  if (list)
    return reader.corners(t, t.load(list, j));
  return {t.load(grid.corners[0], j), t.load(grid.corners[1], j),
          t.load(grid.corners[2], j), t.load(grid.corners[3], j)};
}

Value FloatSuppression::suppressedByEntry(OpBuilder &b, Location loc,
                                          Value list, Value j) {
  LoopBuilder t{b, loc, grid.counter};
  // The box number of the entry, for OpenCV's overlap (none in the corner
  // buckets, which that overlap never uses).
  auto boxAt = [&](LoopBuilder &t, Value list, Value j) -> Value {
    return list ? t.load(list, j) : Value();
  };
  return suppresses(b, loc, entryCorners(t, list, j), boxAt(t, list, j), cArea);
}
