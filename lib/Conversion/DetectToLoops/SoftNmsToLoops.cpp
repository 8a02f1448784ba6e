//===- SoftNmsToLoops.cpp - detect.soft_nms to scf loops ------------------===//
//
// Part of detect-mlir. Soft-NMS is sequential twice over: which box is
// selected depends on every score change before it, and the scores change
// with every selection. Each update order becomes scf loops over memrefs,
// performing the framework's own operations in the framework's own order,
// so that the running scores carry the same rounding:
//
// update(lazy), TensorFlow's NonMaxSuppressionV5:
//
//   candidates = boxes whose score passes, with begin = 0      (O(n))
//   heapify(candidates) by (score desc, index asc)             (O(n))
//   while candidates and selected < limit:
//     c = top; s = c.score
//     for j = selected - 1 down to c.begin:                    (newest first)
//       if IoU(c, sel[j]) passes: drop c; break
//       s *= w(IoU); if s fails the score test: break
//     unchanged: select c (remove top)  | passes: c.score = s,
//     c.begin = selected, sift down     | else: remove top
//
// update(eager), OpenCV's softNMSBoxes:
//
//   candidates = boxes whose score passes                      (O(n))
//   while candidates and selected < limit:
//     c = argmax (score desc, index asc); select c; remove c    (O(n))
//     for every other candidate k: s_k *= w(overlap(c, k));
//       keep k only while s_k passes the score test            (O(n))
//
// A candidate that fails the score test can only fall further, so dropping
// it (rather than skipping it each time, as OpenCV does) changes nothing.
//
// Scratch: the candidates' box numbers, running scores (compute type) and,
// for `lazy`, the index of the first selection each has not yet been
// compared with. Box corners are recomputed from the input.
//
//===----------------------------------------------------------------------===//

#include "CandidateOrder.h"
#include "detect/Conversion/DetectToLoops/DetectToLoops.h"
#include "detect/Conversion/Passes.h"

#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Conversion/Utils/ConversionDriver.h"
#include "detect/Conversion/Utils/LoopBuilder.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>

namespace mlir::detect {
#define GEN_PASS_DEF_CONVERTDETECTSOFTNMSTOLOOPS
#include "detect/Conversion/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

/// The candidate arrays: box number, running score, and (lazy) the first
/// selection not yet compared with. Entry i of each array is one candidate.
struct Candidates {
  Value index, score, begin; // begin: null for update(eager)

  void move(LoopBuilder &l, Value from, Value to) const {
    l.store(l.load(index, from), index, to);
    l.store(l.load(score, from), score, to);
    if (begin)
      l.store(l.load(begin, from), begin, to);
  }
  /// Candidate a comes before b: higher score, equal scores lower index.
  /// Running scores are never NaN (a NaN fails every score test).
  Value before(LoopBuilder &l, Value a, Value b) const {
    Value sa = l.load(score, a), sb = l.load(score, b);
    Value higher =
        arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OGT, sa, sb);
    Value equal =
        arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OEQ, sa, sb);
    Value lower = l.lt(l.load(index, a), l.load(index, b));
    return l.orI(higher, l.andI(equal, lower));
  }
};

class SoftNmsOpLowering : public OpRewritePattern<SoftNmsOp> {
public:
  SoftNmsOpLowering(MLIRContext *ctx, unsigned indexBitwidth)
      : OpRewritePattern(ctx), indexBitwidth(indexBitwidth) {}

  LogicalResult matchAndRewrite(SoftNmsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto scoresOutType =
        cast<RankedTensorType>(op.getSelectedScores().getType());
    auto elementType = cast<FloatType>(boxesType.getElementType());
    auto computeType = elementType;
    if (std::optional<Type> type = op.getComputeType())
      computeType = cast<FloatType>(*type);
    Type indexElementType = indicesType.getElementType();
    Type counter = rewriter.getIntegerType(indexBitwidth);
    LoopBuilder l{rewriter, loc, counter};
    int64_t staticN = boxesType.getDimSize(0);
    int64_t staticK = indicesType.getDimSize(0);

    Value numBoxes =
        l.cast(tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0), counter);
    Value limit = ShapedType::isDynamic(staticK) ? numBoxes : l.cst(staticK);

    auto readOnly = [&](Value tensor) -> Value {
      auto type = cast<RankedTensorType>(tensor.getType());
      return bufferization::ToBufferOp::create(
          rewriter, loc, MemRefType::get(type.getShape(), elementType), tensor,
          /*readOnly=*/true);
    };
    Value boxes = readOnly(op.getBoxes());
    Value scores = readOnly(op.getScores());

    // Scratch and results.
    auto sized = [&](int64_t size) -> SmallVector<Value> {
      if (!ShapedType::isDynamic(size))
        return {};
      return {tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0)};
    };
    auto alloc = [&](int64_t size, Type element) -> Value {
      return memref::AllocOp::create(
          rewriter, loc, MemRefType::get({size}, element), sized(size));
    };
    bool lazy = op.getUpdate() == SoftNmsUpdate::lazy;
    Candidates cands;
    cands.index = alloc(staticN, storageType(rewriter, counter, staticN));
    cands.score = alloc(staticN, computeType);
    if (lazy)
      cands.begin = alloc(staticN, storageType(rewriter, counter, staticK));
    Value outIndices = alloc(staticK, indexElementType);
    Value outScores = alloc(staticK, elementType);
    linalg::FillOp::create(
        rewriter, loc,
        ValueRange{arith::ConstantOp::create(
            rewriter, loc, indexElementType,
            // TensorFlow V4 pads with index 0.
            rewriter.getIntegerAttr(indexElementType,
                                    op.getPadToMaxOutput() ? 0 : -1))},
        ValueRange{outIndices});
    linalg::FillOp::create(
        rewriter, loc,
        ValueRange{arith::ConstantOp::create(
            rewriter, loc, elementType, rewriter.getFloatAttr(elementType, 0))},
        ValueRange{outScores});

    Rules rules{op, computeType, boxes};
    Value numCandidates =
        buildCandidates(rewriter, loc, rules, scores, cands, numBoxes);
    Value numSelected =
        lazy ? buildLazy(rewriter, loc, rules, cands, numCandidates, limit,
                         outIndices, outScores, counter)
             : buildEager(rewriter, loc, rules, cands, numCandidates, limit,
                          outIndices, outScores, counter);

    Value indices = bufferization::ToTensorOp::create(
        rewriter, loc, indicesType, outIndices, /*restrict=*/true,
        /*writable=*/true);
    Value selectedScores = bufferization::ToTensorOp::create(
        rewriter, loc, scoresOutType, outScores, /*restrict=*/true,
        /*writable=*/true);
    Value count = l.cast(numSelected, indexElementType);
    rewriter.replaceOp(op, {indices, selectedScores, count});
    return success();
  }

private:
  unsigned indexBitwidth;

  /// The op's rules as arithmetic in the compute type.
  struct Rules {
    // Op accessors are not const.
    mutable SoftNmsOp op;
    FloatType type; // compute type
    Value boxes;    // memref<N x 4 x element>

    Value scorePasses(BoxMath &m, Value score) const {
      if (FloatAttr t = op.getScoreThresholdAttr())
        return m.passes(op.getScoreCompare(), score, t.getValueAsDouble());
      return m.cmp(arith::CmpFPredicate::ORD, score, score);
    }
    Value iouPasses(BoxMath &m, Value iou) const {
      return m.passes(op.getIouCompare(), iou,
                      op.getIouThresholdAttr().getValueAsDouble());
    }
    /// Box i as corners of `as`, with its area.
    std::pair<Corners, Value> box(LoopBuilder &l, Value i, FloatType as) const {
      BoxMath m(l.b, l.loc, as);
      BoxCoords v;
      for (int64_t j = 0; j < 4; ++j) {
        Value x = l.load2(boxes, i, j);
        if (x.getType() != as)
          x = arith::ExtFOp::create(l.b, l.loc, as, x);
        v[j] = x;
      }
      Corners c = m.toCorners(op.getLayout(), v);
      if (op.getNormalizeCorners())
        c = m.normalize(c);
      Value area = op.getOverlap() == SoftNmsOverlap::jaccard_distance
                       ? m.area(op.getLayout(), v, op.getNormalizeCorners())
                       : m.cornerArea(c);
      return {c, area};
    }
    FloatType boxType() const {
      if (op.getOverlap() == SoftNmsOverlap::jaccard_distance)
        return Float64Type::get(op.getContext());
      return type;
    }
    /// The overlap of boxes a and b, in the compute type.
    Value overlap(LoopBuilder &l, std::pair<Corners, Value> a,
                  std::pair<Corners, Value> b) const {
      if (op.getOverlap() == SoftNmsOverlap::iou) {
        BoxMath m(l.b, l.loc, type);
        return m.overlap(IouKind::iou, op.getDegenerate(), a.first, a.second,
                         b.first, b.second, Value());
      }
      // OpenCV: 1.f - (float)jaccardDistance(a, b), the distance
      // 1 - inter / union in double, 0 when the areas sum to <= 0.
      BoxMath d(l.b, l.loc, Float64Type::get(op.getContext()));
      Value iou = d.overlap(IouKind::iou, DegenerateRule::ieee, a.first,
                            a.second, b.first, b.second, Value());
      Value distance =
          d.select(d.cmp(arith::CmpFPredicate::OLE, d.add(a.second, b.second),
                         d.constant(0.0)),
                   d.constant(0.0), d.sub(d.constant(1.0), iou));
      Type f32 = l.b.getF32Type();
      BoxMath s(l.b, l.loc, cast<FloatType>(f32));
      Value ov = s.sub(s.constant(1.0),
                       arith::TruncFOp::create(l.b, l.loc, f32, distance));
      if (type != f32)
        ov = arith::ExtFOp::create(l.b, l.loc, type, ov);
      return ov;
    }
  };

  /// candidates[0, m) = the boxes whose score passes, in index order.
  static Value buildCandidates(OpBuilder &b, Location loc, const Rules &rules,
                               Value scores, const Candidates &cands,
                               Value numBoxes) {
    Value s;
    return nms::buildCompaction(
        b, loc, numBoxes,
        [&](LoopBuilder &n, Value i) {
          BoxMath m(n.b, n.loc, rules.type);
          s = n.load(scores, i);
          if (s.getType() != rules.type)
            s = arith::ExtFOp::create(n.b, n.loc, rules.type, s);
          return rules.scorePasses(m, s);
        },
        [&](LoopBuilder &t, Value i, Value slot) {
          t.store(i, cands.index, slot);
          t.store(s, cands.score, slot);
          if (cands.begin)
            t.store(t.cst(0), cands.begin, slot);
        });
  }

  /// The outer loop of both updates: `body(b, loc, size, selected)` yields
  /// the next (size, selected) while candidates remain and fewer than
  /// `limit` are selected. Returns the number selected.
  static Value buildSelectionLoop(
      OpBuilder &b, Location loc, Value numCandidates, Value limit,
      Type counter,
      llvm::function_ref<void(OpBuilder &, Location, Value, Value)> body) {
    LoopBuilder l{b, loc, counter};
    auto outer = scf::WhileOp::create(
        b, loc, TypeRange{counter, counter},
        ValueRange{numCandidates, l.cst(0)},
        [&](OpBuilder &cb, Location cl, ValueRange args) {
          LoopBuilder c{cb, cl, counter};
          Value go = c.andI(c.lt(c.cst(0), args[0]), c.lt(args[1], limit));
          scf::ConditionOp::create(cb, cl, go, args);
        },
        [&](OpBuilder &bb, Location bl, ValueRange args) {
          body(bb, bl, args[0], args[1]);
        });
    return outer.getResult(1);
  }

  /// Writes selection `selected`: box number and score (rounded to the
  /// element type).
  static void storeSelected(LoopBuilder &t, Value box, Value score,
                            Value outIndices, Value outScores, Value selected) {
    t.store(box, outIndices, selected);
    Type element = cast<MemRefType>(outScores.getType()).getElementType();
    Value rounded = score;
    if (score.getType() != element)
      rounded = arith::TruncFOp::create(t.b, t.loc, element, score);
    t.store(rounded, outScores, selected);
  }

  /// Restores the heap order below `pos` in [0, size).
  static void buildSiftDown(OpBuilder &b, Location loc, const Candidates &cands,
                            Value pos, Value size, Type counter) {
    LoopBuilder l{b, loc, counter};
    auto loop = scf::WhileOp::create(
        b, loc, TypeRange{counter, b.getI1Type()},
        ValueRange{pos, l.boolean(true)},
        [&](OpBuilder &cb, Location cl, ValueRange args) {
          LoopBuilder c{cb, cl, counter};
          Value child = c.add(c.mul(args[0], c.cst(2)), c.cst(1));
          scf::ConditionOp::create(cb, cl, c.andI(args[1], c.lt(child, size)),
                                   args);
        },
        [&](OpBuilder &bb, Location bl, ValueRange args) {
          LoopBuilder s{bb, bl, counter};
          Value p = args[0];
          Value left = s.add(s.mul(p, s.cst(2)), s.cst(1));
          Value right = s.add(left, s.cst(1));
          // The right child is read only when it exists.
          Value rightIn = s.lt(right, size);
          Value safeRight = s.select(rightIn, right, left);
          Value best = s.select(
              s.andI(rightIn, cands.before(s, safeRight, left)), right, left);
          Value swap = cands.before(s, best, p);
          scf::IfOp::create(bb, bl, swap, [&](OpBuilder &ib, Location il) {
            LoopBuilder t{ib, il, counter};
            Value vals[3][2];
            Value arrays[3] = {cands.index, cands.score, cands.begin};
            for (int a = 0; a < 3; ++a)
              if (arrays[a]) {
                vals[a][0] = t.load(arrays[a], p);
                vals[a][1] = t.load(arrays[a], best);
              }
            for (int a = 0; a < 3; ++a)
              if (arrays[a]) {
                t.store(vals[a][1], arrays[a], p);
                t.store(vals[a][0], arrays[a], best);
              }
            scf::YieldOp::create(ib, il);
          });
          scf::YieldOp::create(bb, bl, ValueRange{best, swap});
        });
    (void)loop;
  }

  static Value buildLazy(OpBuilder &b, Location loc, const Rules &rules,
                         const Candidates &cands, Value numCandidates,
                         Value limit, Value outIndices, Value outScores,
                         Type counter) {
    LoopBuilder l{b, loc, counter};
    SoftNmsOp op = rules.op;
    FloatType ct = rules.type;
    // Heapify: sift down every inner node, last first.
    Value half = arith::DivSIOp::create(b, loc, numCandidates, l.cst(2));
    scf::ForOp::create(b, loc, l.cst(0), half, l.cst(1), ValueRange{},
                       [&](OpBuilder &nb, Location nl, Value i, ValueRange) {
                         LoopBuilder n{nb, nl, counter};
                         Value pos = n.sub(n.sub(half, n.cst(1)), i);
                         buildSiftDown(nb, nl, cands, pos, numCandidates,
                                       counter);
                         scf::YieldOp::create(nb, nl);
                       });

    // TensorFlow's weight: exp(scale * iou * iou) with scale = -0.5 / sigma
    // (0 for sigma = 0), and 0 for an IoU that is not <= the threshold: past
    // the hard test that is only a NaN IoU.
    double sigma = op.getSigma().convertToDouble();
    double scale = sigma > 0 ? -0.5 / sigma : 0.0;

    return buildSelectionLoop(
        b, loc, numCandidates, limit, counter,
        [&](OpBuilder &bb, Location bl, Value size, Value selected) {
          LoopBuilder s{bb, bl, counter};
          BoxMath m(bb, bl, ct);
          Value zero = s.cst(0);
          Value box = s.load(cands.index, zero);
          Value original = s.load(cands.score, zero);
          Value begin = s.load(cands.begin, zero);
          auto candidateBox = rules.box(s, box, rules.boxType());

          // Rescore against sel[selected - 1 .. begin], newest first:
          // (j, score, dropped, going).
          Value start = s.sub(selected, s.cst(1));
          auto scan = scf::WhileOp::create(
              bb, bl, TypeRange{counter, ct, bb.getI1Type(), bb.getI1Type()},
              ValueRange{start, original, s.boolean(false), s.le(begin, start)},
              [&](OpBuilder &cb, Location cl, ValueRange a) {
                scf::ConditionOp::create(cb, cl, a[3], a);
              },
              [&](OpBuilder &nb, Location nl, ValueRange a) {
                LoopBuilder n{nb, nl, counter};
                BoxMath x(nb, nl, ct);
                Value other =
                    n.cast(memref::LoadOp::create(
                               nb, nl, outIndices,
                               ValueRange{n.cast(a[0], nb.getIndexType())}),
                           counter);
                Value iou = rules.overlap(n, candidateBox,
                                          rules.box(n, other, rules.boxType()));
                Value hard = rules.iouPasses(x, iou);
                Value ordered = x.cmp(arith::CmpFPredicate::ORD, iou, iou);
                Value weight =
                    scale == 0.0
                        ? x.constant(1.0)
                        : x.exp(x.mul(x.mul(x.constant(scale), iou), iou));
                weight = x.select(ordered, weight, x.constant(0.0));
                Value score = x.select(hard, a[1], x.mul(a[1], weight));
                Value fails = n.notI(rules.scorePasses(x, score));
                Value next = n.sub(a[0], n.cst(1));
                Value going =
                    n.andI(n.notI(n.orI(hard, fails)), n.le(begin, next));
                scf::YieldOp::create(nb, nl,
                                     ValueRange{next, score, hard, going});
              });
          Value score = scan.getResult(1);
          Value dropped = scan.getResult(2);
          Value unchanged = m.cmp(arith::CmpFPredicate::OEQ, score, original);
          Value take = s.andI(s.notI(dropped), unchanged);
          Value back = s.andI(s.andI(s.notI(dropped), s.notI(unchanged)),
                              rules.scorePasses(m, score));
          scf::IfOp::create(bb, bl, take, [&](OpBuilder &ib, Location il) {
            LoopBuilder t{ib, il, counter};
            storeSelected(t, box, score, outIndices, outScores, selected);
            scf::YieldOp::create(ib, il);
          });
          // Back among the candidates with the new score, or removed.
          auto update = scf::IfOp::create(bb, bl, TypeRange{counter}, back,
                                          /*addElseBlock=*/true);
          {
            OpBuilder::InsertionGuard guard(bb);
            bb.setInsertionPointToStart(&update.getThenRegion().front());
            LoopBuilder t{bb, bl, counter};
            t.store(score, cands.score, zero);
            t.store(selected, cands.begin, zero);
            buildSiftDown(bb, bl, cands, zero, size, counter);
            scf::YieldOp::create(bb, bl, ValueRange{size});
            bb.setInsertionPointToStart(&update.getElseRegion().front());
            LoopBuilder e{bb, bl, counter};
            Value last = e.sub(size, e.cst(1));
            cands.move(e, last, zero);
            buildSiftDown(bb, bl, cands, zero, last, counter);
            scf::YieldOp::create(bb, bl, ValueRange{last});
          }
          Value newSelected =
              s.select(take, s.add(selected, s.cst(1)), selected);
          scf::YieldOp::create(bb, bl,
                               ValueRange{update.getResult(0), newSelected});
        });
  }

  static Value buildEager(OpBuilder &b, Location loc, const Rules &rules,
                          const Candidates &cands, Value numCandidates,
                          Value limit, Value outIndices, Value outScores,
                          Type counter) {
    SoftNmsOp op = rules.op;
    FloatType ct = rules.type;
    bool linear = op.getMethod() == SoftNmsMethod::linear;
    double sigma = op.getSigma().convertToDouble();

    return buildSelectionLoop(
        b, loc, numCandidates, limit, counter,
        [&](OpBuilder &bb, Location bl, Value size, Value selected) {
          LoopBuilder s{bb, bl, counter};
          // The best candidate.
          auto argmax = scf::ForOp::create(
              bb, bl, s.cst(1), size, s.cst(1), ValueRange{s.cst(0)},
              [&](OpBuilder &nb, Location nl, Value k, ValueRange a) {
                LoopBuilder n{nb, nl, counter};
                Value better = cands.before(n, k, a[0]);
                scf::YieldOp::create(nb, nl, n.select(better, k, a[0]));
              });
          Value best = argmax.getResult(0);
          Value box = s.load(cands.index, best);
          Value score = s.load(cands.score, best);
          storeSelected(s, box, score, outIndices, outScores, selected);
          Value last = s.sub(size, s.cst(1));
          cands.move(s, last, best);
          auto selectedBox = rules.box(s, box, rules.boxType());

          // Rescore the others; keep those that still pass, in place.
          auto rescore = scf::ForOp::create(
              bb, bl, s.cst(0), last, s.cst(1), ValueRange{s.cst(0)},
              [&](OpBuilder &nb, Location nl, Value k, ValueRange a) {
                LoopBuilder n{nb, nl, counter};
                BoxMath x(nb, nl, ct);
                Value other = n.load(cands.index, k);
                Value sk = n.load(cands.score, k);
                Value ov = rules.overlap(n, selectedBox,
                                         rules.box(n, other, rules.boxType()));
                Value next;
                if (linear) {
                  next = x.select(rules.iouPasses(x, ov),
                                  x.mul(sk, x.sub(x.constant(1.0), ov)), sk);
                } else {
                  Value negSq = arith::NegFOp::create(nb, nl, x.mul(ov, ov));
                  next = x.mul(sk, x.exp(x.div(negSq, x.constant(sigma))));
                }
                Value keep = rules.scorePasses(x, next);
                scf::IfOp::create(nb, nl, keep,
                                  [&](OpBuilder &ib, Location il) {
                                    LoopBuilder t{ib, il, counter};
                                    t.store(other, cands.index, a[0]);
                                    t.store(next, cands.score, a[0]);
                                    scf::YieldOp::create(ib, il);
                                  });
                scf::YieldOp::create(
                    nb, nl, n.select(keep, n.add(a[0], n.cst(1)), a[0]));
              });
          scf::YieldOp::create(
              bb, bl,
              ValueRange{rescore.getResult(0), s.add(selected, s.cst(1))});
        });
  }
};

struct ConvertDetectSoftNmsToLoopsPass
    : mlir::detect::impl::ConvertDetectSoftNmsToLoopsBase<
          ConvertDetectSoftNmsToLoopsPass> {
  using ConvertDetectSoftNmsToLoopsBase::ConvertDetectSoftNmsToLoopsBase;
  void runOnOperation() override {
    if (failed(lowerOps<SoftNmsOp>(getOperation(), [&](RewritePatternSet &p) {
          populateDetectSoftNmsToLoopsPatterns(p, indexBitwidth);
        })))
      signalPassFailure();
  }
};

} // namespace

void mlir::detect::populateDetectSoftNmsToLoopsPatterns(
    RewritePatternSet &patterns, unsigned indexBitwidth) {
  patterns.add<SoftNmsOpLowering>(patterns.getContext(), indexBitwidth);
}
