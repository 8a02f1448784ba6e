//===- CandidateOrder.cpp - NMS candidates and the order they are popped --===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "CandidateOrder.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

Value nms::buildCompaction(
    OpBuilder &b, Location loc, Value count,
    llvm::function_ref<Value(LoopBuilder &, Value)> passes,
    llvm::function_ref<void(LoopBuilder &, Value, Value)> store) {
  Type counter = count.getType();
  LoopBuilder lb{b, loc, counter};
  auto loop = scf::ForOp::create(
      b, loc, lb.cst(0), count, lb.cst(1), ValueRange{lb.cst(0)},
      [&](OpBuilder &nb, Location nl, Value i, ValueRange iter) {
        LoopBuilder l{nb, nl, counter};
        Value pass = passes(l, i);
        Value slot = iter[0];
        scf::IfOp::create(nb, nl, pass, [&](OpBuilder &ib, Location il) {
          LoopBuilder t{ib, il, counter};
          store(t, i, slot);
          scf::YieldOp::create(ib, il);
        });
        Value next = l.select(pass, l.add(slot, l.cst(1)), slot);
        scf::YieldOp::create(nb, nl, next);
      });
  return loop.getResult(0);
}

Value nms::buildCandidates(
    OpBuilder &b, Location loc, Value scores, Value order, Value numValid,
    llvm::function_ref<Value(BoxMath &, Value)> scorePasses) {
  auto type =
      cast<FloatType>(cast<MemRefType>(scores.getType()).getElementType());
  return buildCompaction(
      b, loc, numValid,
      [&](LoopBuilder &l, Value i) {
        BoxMath m(l.b, l.loc, type);
        return scorePasses(m, l.load(scores, i));
      },
      [&](LoopBuilder &t, Value i, Value slot) { t.store(i, order, slot); });
}

/// An i32 that orders f32 scores (not NaN) as the float comparison does:
/// the bits, with the magnitude bits of negative numbers flipped, and -0
/// taken as +0.
static Value orderKey(LoopBuilder &l, Value score) {
  LoopBuilder i{l.b, l.loc, l.b.getI32Type()};
  Value bits = arith::BitcastOp::create(i.b, i.loc, i.counter, score);
  Value sign = arith::ShRSIOp::create(i.b, i.loc, bits, i.cst(31));
  Value key =
      arith::XOrIOp::create(i.b, i.loc, bits, i.andI(sign, i.cst(0x7fffffff)));
  return i.select(i.eq(key, i.cst(-1)), i.cst(0), key);
}

/// True when box a comes before box b: higher score, or the same score and
/// a lower index.
Value CandidateHeap::before(LoopBuilder &l, Value a, Value b) const {
  Value sa = l.load(scores, a), sb = l.load(scores, b);
  Value higher, same;
  if (integerKeys) {
    Value ka = orderKey(l, sa), kb = orderKey(l, sb);
    higher = l.cmp(arith::CmpIPredicate::sgt, ka, kb);
    same = l.eq(ka, kb);
  } else {
    higher =
        arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OGT, sa, sb);
    same = arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OEQ, sa, sb);
  }
  return l.orI(higher, l.andI(same, l.lt(a, b)));
}

/// Moves order[start] down the max-heap order[0, size) to its place.
void CandidateHeap::buildSiftDown(OpBuilder &b, Location loc, Value start,
                                  Value size) const {
  Type counter = size.getType();
  Value trueValue = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1);
  // before(pos, continue) forwards pos; after(pos) yields (pos', continue').
  scf::WhileOp::create(
      b, loc, TypeRange{counter}, ValueRange{start, trueValue},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        scf::ConditionOp::create(nb, nl, args[1], ValueRange{args[0]});
      },
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        LoopBuilder l{nb, nl, counter};
        Value pos = args[0];
        Value child = l.add(l.mul(pos, l.cst(2)), l.cst(1));
        auto step = scf::IfOp::create(
            nb, nl, l.lt(child, size),
            [&](OpBuilder &tb, Location tl) {
              LoopBuilder t{tb, tl, counter};
              Value right = t.add(child, t.cst(1));
              auto pick = scf::IfOp::create(
                  tb, tl, t.lt(right, size),
                  [&](OpBuilder &rb, Location rl) {
                    LoopBuilder r{rb, rl, counter};
                    Value takeRight =
                        before(r, r.load(order, right), r.load(order, child));
                    scf::YieldOp::create(rb, rl,
                                         r.select(takeRight, right, child));
                  },
                  [&](OpBuilder &rb, Location rl) {
                    scf::YieldOp::create(rb, rl, child);
                  });
              Value best = pick.getResult(0);
              Value atPos = t.load(order, pos), atBest = t.load(order, best);
              Value swap = before(t, atBest, atPos);
              scf::IfOp::create(tb, tl, swap, [&](OpBuilder &sb, Location sl) {
                LoopBuilder s{sb, sl, counter};
                s.store(atBest, order, pos);
                s.store(atPos, order, best);
                scf::YieldOp::create(sb, sl);
              });
              scf::YieldOp::create(tb, tl, ValueRange{best, swap});
            },
            [&](OpBuilder &eb, Location el) {
              Value falseValue =
                  arith::ConstantIntOp::create(eb, el, eb.getI1Type(), 0);
              scf::YieldOp::create(eb, el, ValueRange{pos, falseValue});
            });
        scf::YieldOp::create(nb, nl, step.getResults());
      });
}

void CandidateHeap::buildHeapify(OpBuilder &b, Location loc, Value size) const {
  Type counter = size.getType();
  LoopBuilder lb{b, loc, counter};
  Value half = arith::ShRUIOp::create(b, loc, size, lb.cst(1));
  scf::ForOp::create(b, loc, lb.cst(0), half, lb.cst(1), ValueRange{},
                     [&](OpBuilder &nb, Location nl, Value k, ValueRange) {
                       LoopBuilder l{nb, nl, counter};
                       // start = half - 1 - k: parents from the last one up
                       // to the root.
                       Value start = l.sub(l.sub(half, l.cst(1)), k);
                       buildSiftDown(nb, nl, start, size);
                       scf::YieldOp::create(nb, nl);
                     });
}

std::pair<Value, Value> CandidateHeap::buildPop(LoopBuilder &l,
                                                Value size) const {
  Value candidate = l.load(order, l.cst(0));
  Value newSize = l.sub(size, l.cst(1));
  l.store(l.load(order, newSize), order, l.cst(0));
  buildSiftDown(l.b, l.loc, l.cst(0), newSize);
  return {candidate, newSize};
}
