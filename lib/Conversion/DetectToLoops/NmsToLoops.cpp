//===- NmsToLoops.cpp - detect.nms to linalg + scf loops ------------------===//
//
// Part of detect-mlir. Greedy NMS is sequential at heart: which box is kept
// depends on every decision before it. The per-box work (corners, areas) is
// data-parallel and goes to linalg; the rest becomes scf loops over memrefs:
//
//   candidates = boxes whose score passes the test      (one pass, O(n))
//   heapify(candidates) by (score desc, index asc)      (O(n))
//   while candidates and kept < limit:
//     c = pop()                                          (O(log n), lazily)
//     if no kept box k (newest first) has IoU(c, k) passing: keep c
//
// Only the candidates visited before the limit is reached are ever ordered,
// areas are computed once, and each candidate stops at its first overlap.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/DetectToLoops/DetectToLoops.h"
#include "detect/Conversion/Passes.h"
#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::detect {
#define GEN_PASS_DEF_CONVERTDETECTNMSTOLOOPS
#include "detect/Conversion/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

/// Counter arithmetic and memory access for the sequential part. Counters
/// and stored candidate indices are signless integers of the target's index
/// width (`counter`), not `index`: that keeps the scratch small on 32-bit
/// cores and every loop-carried value a plain C integer on the EmitC route.
struct LoopBuilder {
  OpBuilder &b;
  Location loc;
  Type counter;

  Value cst(int64_t v) {
    return arith::ConstantOp::create(b, loc, counter,
                                     b.getIntegerAttr(counter, v));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value cmp(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(arith::CmpIPredicate::slt, x, y); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value notI(Value x) {
    return arith::XOrIOp::create(
        b, loc, x, arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1));
  }
  Value load(Value memref, Value i) {
    return memref::LoadOp::create(b, loc, memref,
                                  ValueRange{cast(i, b.getIndexType())});
  }
  void store(Value v, Value memref, Value i) {
    memref::StoreOp::create(b, loc, v, memref,
                            ValueRange{cast(i, b.getIndexType())});
  }
  /// Between integer types and index, sign-extending.
  Value cast(Value v, Type to) {
    Type from = v.getType();
    if (from == to)
      return v;
    if (from.isIndex() || to.isIndex())
      return arith::IndexCastOp::create(b, loc, to, v);
    if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
      return arith::ExtSIOp::create(b, loc, to, v);
    return arith::TruncIOp::create(b, loc, to, v);
  }
  Value clamp(Value v, Value lo, Value hi) {
    return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, v, lo),
                                  hi);
  }
  /// A run-time count of any integer type clamped to [0, hi] (hi a counter)
  /// before it is narrowed to the counter type, so that an i64 count of 2^32
  /// means "all", not 0.
  Value clampCount(Value count, Value hi) {
    Type wide = b.getI64Type();
    Value clamped = clamp(cast(count, wide), cast(cst(0), wide), cast(hi, wide));
    return cast(clamped, counter);
  }
};

/// Everything the loops read per box, as memrefs of the element type.
struct BoxTable {
  Value x1, y1, x2, y2, area;
};

class NmsOpLowering : public OpRewritePattern<NmsOp> {
public:
  NmsOpLowering(MLIRContext *ctx, unsigned indexBitwidth)
      : OpRewritePattern(ctx), indexBitwidth(indexBitwidth) {}

  LogicalResult matchAndRewrite(NmsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto elementType = cast<FloatType>(boxesType.getElementType());
    Type indexElementType = indicesType.getElementType();
    Type counterType = rewriter.getIntegerType(indexBitwidth);
    LoopBuilder lb{rewriter, loc, counterType};
    // Sizes: N boxes, K index slots, n valid boxes, `limit` kept at most.
    Value numBoxes = lb.cast(
        tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0), counterType);
    Value capacity = indicesType.isDynamicDim(0)
                         ? numBoxes
                         : lb.cst(indicesType.getDimSize(0));
    Value numValid = numBoxes;
    if (Value count = op.getValidCount())
      numValid = lb.clampCount(count, numBoxes);
    Value limit = capacity;
    if (Value maxOutput = op.getMaxOutputSize())
      limit = lb.clampCount(maxOutput, capacity);

    BoxTable table = buildBoxTable(rewriter, loc, op);
    Value scores = bufferization::ToBufferOp::create(
        rewriter, loc,
        MemRefType::get(boxesType.getDimSize(0), elementType), op.getScores(),
        /*readOnly=*/true);

    // Scratch: the candidate heap, and the result (unused slots are -1).
    auto orderType = MemRefType::get({boxesType.getDimSize(0)}, counterType);
    Value order = memref::AllocOp::create(
        rewriter, loc, orderType,
        orderType.isDynamicDim(0)
            ? ValueRange{tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0)}
            : ValueRange{});
    auto keptType = MemRefType::get(indicesType.getShape(), indexElementType);
    Value kept = memref::AllocOp::create(
        rewriter, loc, keptType,
        keptType.isDynamicDim(0)
            ? ValueRange{tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0)}
            : ValueRange{});
    Value minusOne = arith::ConstantOp::create(
        rewriter, loc, indexElementType,
        rewriter.getIntegerAttr(indexElementType, -1));
    linalg::FillOp::create(rewriter, loc, ValueRange{minusOne},
                           ValueRange{kept});

    // The comparisons NMS makes, with the op's rules.
    auto scorePasses = [&](BoxMath &m, Value score) -> Value {
      if (FloatAttr t = op.getScoreThresholdAttr())
        return m.passes(op.getScoreCompare(), score, t.getValueAsDouble());
      if (Value t = op.getScoreThresholdValue())
        return m.passes(op.getScoreCompare(), score, t);
      // No threshold: every score but NaN is a candidate.
      return m.cmp(arith::CmpFPredicate::ORD, score, score);
    };
    auto iouPasses = [&](BoxMath &m, Value iou) -> Value {
      if (FloatAttr t = op.getIouThresholdAttr())
        return m.passes(op.getIouCompare(), iou, t.getValueAsDouble());
      return m.passes(op.getIouCompare(), iou, op.getIouThresholdValue());
    };

    Value numCandidates =
        buildCandidates(rewriter, loc, scores, order, numValid, scorePasses);
    buildHeapify(rewriter, loc, scores, order, numCandidates);
    Value numKept = buildGreedySelection(rewriter, loc, op, table, scores,
                                         order, kept, numCandidates, limit,
                                         iouPasses);

    Value indices = bufferization::ToTensorOp::create(
        rewriter, loc, indicesType, kept, /*restrict=*/true,
        /*writable=*/true);
    Value count = lb.cast(numKept, indexElementType);
    rewriter.replaceOp(op, {indices, count});
    return success();
  }

private:
  unsigned indexBitwidth;

  /// Stage 1 (linalg): corners and areas of every box, once.
  static BoxTable buildBoxTable(PatternRewriter &rewriter, Location loc,
                                NmsOp op) {
    MLIRContext *ctx = rewriter.getContext();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto elementType = cast<FloatType>(boxesType.getElementType());
    auto columnType =
        RankedTensorType::get({boxesType.getDimSize(0)}, elementType);
    SmallVector<Value> dynamicSizes;
    if (columnType.isDynamicDim(0))
      dynamicSizes.push_back(
          tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0));
    SmallVector<Value> inits;
    for (int i = 0; i < 5; ++i)
      inits.push_back(tensor::EmptyOp::create(
          rewriter, loc, columnType.getShape(), elementType, dynamicSizes));
    SmallVector<AffineMap> maps;
    SmallVector<Value> inputs;
    for (int64_t column = 0; column < 4; ++column) {
      inputs.push_back(op.getBoxes());
      maps.push_back(AffineMap::get(
          1, 0, {getAffineDimExpr(0, ctx), getAffineConstantExpr(column, ctx)},
          ctx));
    }
    maps.append(5, AffineMap::getMultiDimIdentityMap(1, ctx));
    BoxLayout layout = op.getLayout();
    bool normalize = op.getNormalizeCorners();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, SmallVector<Type>(5, columnType), inputs, inits, maps,
        {utils::IteratorType::parallel},
        [&](OpBuilder &b, Location nested, ValueRange args) {
          BoxMath m(b, nested, elementType);
          Corners c = m.toCorners(layout, {args[0], args[1], args[2], args[3]});
          if (normalize)
            c = m.normalize(c);
          linalg::YieldOp::create(
              b, nested, ValueRange{c.x1, c.y1, c.x2, c.y2, m.cornerArea(c)});
        });
    auto memrefType =
        MemRefType::get({boxesType.getDimSize(0)}, elementType);
    auto toBuffer = [&](Value t) -> Value {
      return bufferization::ToBufferOp::create(rewriter, loc, memrefType, t,
                                               /*readOnly=*/true);
    };
    return {toBuffer(generic.getResult(0)), toBuffer(generic.getResult(1)),
            toBuffer(generic.getResult(2)), toBuffer(generic.getResult(3)),
            toBuffer(generic.getResult(4))};
  }

  /// Stage 2a: order[0, m) = the boxes whose score passes, in index order.
  template <typename ScorePasses>
  static Value buildCandidates(OpBuilder &b, Location loc, Value scores,
                               Value order, Value numValid,
                               ScorePasses scorePasses) {
    Type counter = cast<MemRefType>(order.getType()).getElementType();
    LoopBuilder lb{b, loc, counter};
    auto loop = scf::ForOp::create(
        b, loc, lb.cst(0), numValid, lb.cst(1), ValueRange{lb.cst(0)},
        [&](OpBuilder &nb, Location nl, Value i, ValueRange iter) {
          LoopBuilder l{nb, nl, counter};
          BoxMath m(nb, nl, cast<FloatType>(
                                cast<MemRefType>(scores.getType())
                                    .getElementType()));
          Value passes = scorePasses(m, l.load(scores, i));
          Value m0 = iter[0];
          scf::IfOp::create(nb, nl, passes, [&](OpBuilder &ib, Location il) {
            LoopBuilder{ib, il, counter}.store(i, order, m0);
            scf::YieldOp::create(ib, il);
          });
          Value next = l.select(passes, l.add(m0, l.cst(1)), m0);
          scf::YieldOp::create(nb, nl, next);
        });
    return loop.getResult(0);
  }

  /// True when candidate a comes before candidate b: higher score, or the
  /// same score and a lower index. Scores here are never NaN.
  static Value before(LoopBuilder &l, Value scores, Value a, Value b) {
    Value sa = l.load(scores, a), sb = l.load(scores, b);
    Value higher = arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OGT,
                                         sa, sb);
    Value same = arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OEQ,
                                       sa, sb);
    return l.orI(higher, l.andI(same, l.lt(a, b)));
  }

  /// Moves order[start] down the max-heap order[0, size) to its place.
  static void buildSiftDown(OpBuilder &b, Location loc, Value scores,
                            Value order, Value start, Value size) {
    Type counter = cast<MemRefType>(order.getType()).getElementType();
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
                          before(r, scores, r.load(order, right),
                                 r.load(order, child));
                      scf::YieldOp::create(
                          rb, rl, r.select(takeRight, right, child));
                    },
                    [&](OpBuilder &rb, Location rl) {
                      scf::YieldOp::create(rb, rl, child);
                    });
                Value best = pick.getResult(0);
                Value atPos = t.load(order, pos), atBest = t.load(order, best);
                Value swap = before(t, scores, atBest, atPos);
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

  /// Stage 2b: a max-heap over order[0, m), bottom-up in O(m).
  static void buildHeapify(OpBuilder &b, Location loc, Value scores,
                           Value order, Value size) {
    Type counter = cast<MemRefType>(order.getType()).getElementType();
    LoopBuilder lb{b, loc, counter};
    Value half = arith::ShRUIOp::create(b, loc, size, lb.cst(1));
    scf::ForOp::create(
        b, loc, lb.cst(0), half, lb.cst(1), ValueRange{},
        [&](OpBuilder &nb, Location nl, Value k, ValueRange) {
          LoopBuilder l{nb, nl, counter};
          // start = half - 1 - k: parents from the last one up to the root.
          Value start = l.sub(l.sub(half, l.cst(1)), k);
          buildSiftDown(nb, nl, scores, order, start, size);
          scf::YieldOp::create(nb, nl);
        });
  }

  /// Stage 3: pop candidates in order and keep those that no kept box
  /// suppresses. Returns the number kept.
  template <typename IouPasses>
  static Value buildGreedySelection(OpBuilder &b, Location loc, NmsOp op,
                                    const BoxTable &table, Value scores,
                                    Value order, Value kept,
                                    Value numCandidates, Value limit,
                                    IouPasses iouPasses) {
    Type counter = cast<MemRefType>(order.getType()).getElementType();
    LoopBuilder lb{b, loc, counter};
    auto elementType =
        cast<FloatType>(cast<MemRefType>(scores.getType()).getElementType());
    Type keptElementType = cast<MemRefType>(kept.getType()).getElementType();
    DegenerateRule rule = op.getDegenerate();
    auto loop = scf::WhileOp::create(
        b, loc, TypeRange{counter, counter},
        ValueRange{numCandidates, lb.cst(0)},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          LoopBuilder l{nb, nl, counter};
          Value more = l.andI(l.lt(l.cst(0), args[0]), l.lt(args[1], limit));
          scf::ConditionOp::create(nb, nl, more, args);
        },
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          LoopBuilder l{nb, nl, counter};
          Value heapSize = args[0], numKept = args[1];
          // Pop the best remaining candidate.
          Value candidate = l.load(order, l.cst(0));
          Value newSize = l.sub(heapSize, l.cst(1));
          l.store(l.load(order, newSize), order, l.cst(0));
          buildSiftDown(nb, nl, scores, order, l.cst(0), newSize);

          Corners c{l.load(table.x1, candidate), l.load(table.y1, candidate),
                    l.load(table.x2, candidate), l.load(table.y2, candidate)};
          Value cArea = l.load(table.area, candidate);

          // Compare with the kept boxes, newest first; stop at an overlap.
          Value falseValue =
              arith::ConstantIntOp::create(nb, nl, nb.getI1Type(), 0);
          auto scan = scf::WhileOp::create(
              nb, nl, TypeRange{counter, nb.getI1Type()},
              ValueRange{numKept, falseValue},
              [&](OpBuilder &sb, Location sl, ValueRange scanArgs) {
                // Continue while j > 0 and the candidate is not suppressed.
                LoopBuilder s{sb, sl, counter};
                Value go = s.andI(s.lt(s.cst(0), scanArgs[0]),
                                  s.notI(scanArgs[1]));
                scf::ConditionOp::create(sb, sl, go, scanArgs);
              },
              [&](OpBuilder &sb, Location sl, ValueRange scanArgs) {
                LoopBuilder s{sb, sl, counter};
                Value j = s.sub(scanArgs[0], s.cst(1));
                Value other = s.cast(s.load(kept, j), counter);
                BoxMath sm(sb, sl, elementType);
                Corners o{s.load(table.x1, other), s.load(table.y1, other),
                          s.load(table.x2, other), s.load(table.y2, other)};
                Value iou = sm.overlap(IouKind::iou, rule, c, cArea, o,
                                       s.load(table.area, other), Value());
                scf::YieldOp::create(sb, sl, ValueRange{j, iouPasses(sm, iou)});
              });
          Value suppressed = scan.getResult(1);
          scf::IfOp::create(
              nb, nl, l.notI(suppressed), [&](OpBuilder &ib, Location il) {
                LoopBuilder i{ib, il, counter};
                i.store(i.cast(candidate, keptElementType), kept,
                        numKept);
                scf::YieldOp::create(ib, il);
              });
          Value newKept = l.select(suppressed, numKept,
                                   l.add(numKept, l.cst(1)));
          scf::YieldOp::create(nb, nl, ValueRange{newSize, newKept});
        });
    return loop.getResult(1);
  }
};

struct ConvertDetectNmsToLoopsPass
    : mlir::detect::impl::ConvertDetectNmsToLoopsBase<ConvertDetectNmsToLoopsPass> {
  using ConvertDetectNmsToLoopsBase::ConvertDetectNmsToLoopsBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalOp<NmsOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(ctx);
    populateDetectNmsToLoopsPatterns(patterns, indexBitwidth);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::detect::populateDetectNmsToLoopsPatterns(RewritePatternSet &patterns,
                                                    unsigned indexBitwidth) {
  patterns.add<NmsOpLowering>(patterns.getContext(), indexBitwidth);
}
