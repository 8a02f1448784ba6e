//===- GreedySelection.cpp - the selection loop of greedy NMS -------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "GreedySelection.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

// Scans list[lo, hi) from the end; stops at a suppression (branchy), or
// compares every entry without branches (the corner buckets).
Value GreedySelection::buildScan(OpBuilder &sb, Location sl,
                                 Suppression &suppression, Value list, Value lo,
                                 Value hi) const {
  Type counter = grid.counter;
  LoopBuilder s{sb, sl, counter};
  if (grid.withCorners) {
    auto f = scf::ForOp::create(
        sb, sl, lo, hi, s.cst(1), ValueRange{s.boolean(false)},
        [&](OpBuilder &wb, Location wl, Value j, ValueRange a) {
          LoopBuilder t{wb, wl, counter};
          Value hit = suppression.suppressedByEntry(wb, wl, list, j);
          scf::YieldOp::create(wb, wl, t.orI(a[0], hit));
        });
    return f.getResult(0);
  }
  auto w = scf::WhileOp::create(
      sb, sl, TypeRange{counter, sb.getI1Type()},
      ValueRange{hi, s.boolean(false)},
      [&](OpBuilder &wb, Location wl, ValueRange a) {
        LoopBuilder t{wb, wl, counter};
        Value go = t.andI(t.lt(lo, a[0]), t.notI(a[1]));
        scf::ConditionOp::create(wb, wl, go, a);
      },
      [&](OpBuilder &wb, Location wl, ValueRange a) {
        LoopBuilder t{wb, wl, counter};
        Value j = t.sub(a[0], t.cst(1));
        Value hit = suppression.suppressedByEntry(wb, wl, list, j);
        scf::YieldOp::create(wb, wl, ValueRange{j, hit});
      });
  return w.getResult(1);
}

// The candidate was not suppressed: it goes into the kept list, the
// strategy's tables, the kept corners and its bucket.
void GreedySelection::buildKeep(LoopBuilder &i, Suppression &suppression,
                                Value candidate, Corners c, Value numKept,
                                Value home) const {
  OpBuilder &ib = i.b;
  Location il = i.loc;
  i.store(candidate, kept.boxes, numKept);
  suppression.recordKept(i, numKept);
  if (kept.corners) {
    Value v[4] = {c.x1, c.y1, c.x2, c.y2};
    for (int q = 0; q < 4; ++q)
      memref::StoreOp::create(
          ib, il, v[q], kept.corners,
          ValueRange{i.cast(numKept, ib.getIndexType()),
                     arith::ConstantIndexOp::create(ib, il, q)});
  }
  if (grid.cells > 0)
    grid.buildInsert(i, home, c, suppression.bucketEntry(candidate, numKept));
  scf::YieldOp::create(ib, il);
}

Value GreedySelection::build(OpBuilder &b, Location loc, Value numCandidates,
                             Value limit, Suppression &suppression) const {
  Type counter = numCandidates.getType();
  LoopBuilder lb{b, loc, counter};
  FloatType elementType = reader.type;
  NmsOp nms = op;
  // OpenCV's top_k: at most this many candidates are popped.
  std::optional<int64_t> maxCandidates;
  if (IntegerAttr k = nms.getMaxCandidatesAttr())
    maxCandidates = k.getInt();
  // OpenCV's eta: the threshold is carried in the element type.
  double eta = nms.getEtaAttr() ? nms.getEtaAttr().getValueAsDouble() : 1.0;
  bool adaptive = eta < 1.0;
  SmallVector<Type> iterTypes{counter, counter};
  SmallVector<Value> inits{numCandidates, lb.cst(0)};
  if (adaptive) {
    iterTypes.push_back(elementType);
    if (FloatAttr t = nms.getIouThresholdAttr())
      inits.push_back(arith::ConstantOp::create(
          b, loc, elementType,
          b.getFloatAttr(elementType, t.getValueAsDouble())));
    else
      inits.push_back(nms.getIouThresholdValue());
  }
  auto loop = scf::WhileOp::create(
      b, loc, iterTypes, inits,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        LoopBuilder l{nb, nl, counter};
        Value more = l.andI(l.lt(l.cst(0), args[0]), l.lt(args[1], limit));
        if (maxCandidates) {
          // Popped so far: numCandidates - heapSize. The counter is i32
          // or i64, so a limit clamped to INT32_MAX fits.
          Value popped = l.sub(numCandidates, args[0]);
          int64_t k = std::min<int64_t>(*maxCandidates,
                                        std::numeric_limits<int32_t>::max());
          more = l.andI(more, l.lt(popped, l.cst(k)));
        }
        scf::ConditionOp::create(nb, nl, more, args);
      },
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        LoopBuilder l{nb, nl, counter};
        Value numKept = args[1];
        Value candidate, newSize;
        std::tie(candidate, newSize) = heap.buildPop(l, args[0]);
        Corners c = reader.corners(l, candidate);
        suppression.prepare(l, candidate, c,
                            IouTest{nms, adaptive ? args[2] : Value()});

        Value suppressed, home;
        if (grid.cells == 0) {
          // The kept boxes, newest first (none for a box that intersects
          // nothing).
          BoxMath bm(nb, nl, elementType);
          using P = arith::CmpFPredicate;
          Value nonEmpty =
              l.andI(bm.cmp(P::OGT, c.x2, c.x1), bm.cmp(P::OGT, c.y2, c.y1));
          Value inert = l.andI(prune, l.notI(nonEmpty));
          suppressed = buildScan(nb, nl, suppression, kept.boxes, l.cst(0),
                                 l.select(inert, l.cst(0), numKept));
        } else {
          std::tie(suppressed, home) = grid.buildVisit(
              l, c, prune, [&](OpBuilder &wb, Location wl, Value lo, Value hi) {
                return buildScan(wb, wl, suppression, grid.bucket, lo, hi);
              });
        }
        scf::IfOp::create(
            nb, nl, l.notI(suppressed), [&](OpBuilder &ib, Location il) {
              LoopBuilder i{ib, il, counter};
              buildKeep(i, suppression, candidate, c, numKept, home);
            });
        Value newKept = l.select(suppressed, numKept, l.add(numKept, l.cst(1)));
        SmallVector<Value> next{newSize, newKept};
        if (adaptive) {
          // OpenCV: after a kept box, `if (t > 0.5) t *= eta` in float.
          BoxMath em(nb, nl, elementType);
          Value t = args[2];
          Value shrink =
              l.andI(l.notI(suppressed),
                     em.cmp(arith::CmpFPredicate::OGT, t, em.constant(0.5)));
          next.push_back(l.select(shrink, em.mul(t, em.constant(eta)), t));
        }
        scf::YieldOp::create(nb, nl, next);
      });
  return loop.getResult(1);
}
