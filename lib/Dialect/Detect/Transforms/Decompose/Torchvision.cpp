//===- Torchvision.cpp - torchvision ops to core ops ----------------------===//
//
// Part of detect-mlir. torchvision.ops.batched_nms and remove_small_boxes
// become detect.nms and scf loops over the rows.
//
//===----------------------------------------------------------------------===//

#include "DecomposeUtils.h"

#include "detect/Dialect/Detect/IR/DetectOps.h"
#include "detect/Dialect/Detect/Transforms/GlueBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

#include <limits>

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::decompose;

namespace {

//===----------------------------------------------------------------------===//
// torchvision: batched_nms, remove_small_boxes
//===----------------------------------------------------------------------===//

/// The number of rows an op reads: `valid` clamped to [0, n], or n.
static Value clampedRowCount(GlueBuilder &ib, Value valid, int64_t n) {
  if (!valid)
    return ib.idx(n);
  Value v = ib.cast(valid, ib.b.getIndexType());
  return ib.minI(arith::MaxSIOp::create(ib.b, ib.loc, v, ib.idx(0)), ib.idx(n));
}

/// `indices[K]` from the first `count` entries of `list`, -1 after them.
static Value firstEntries(OpBuilder &b, Location loc, RankedTensorType type,
                          Value list, Value count) {
  Type indexType = type.getElementType();
  return tensor::GenerateOp::create(
      b, loc, type, ValueRange{},
      [&](OpBuilder &gb, Location gl, ValueRange at) {
        Value inList = arith::CmpIOp::create(gb, gl, arith::CmpIPredicate::slt,
                                             at[0], count);
        Value entry = tensor::ExtractOp::create(gb, gl, list, at);
        Value minusOne = arith::ConstantOp::create(
            gb, gl, indexType, gb.getIntegerAttr(indexType, -1));
        tensor::YieldOp::create(
            gb, gl,
            arith::SelectOp::create(gb, gl, inList, entry, minusOne)
                .getResult());
      });
}

/// torchvision batched_nms: `detect.nms` over shifted boxes
/// (coordinate_offset), or one `detect.nms` per distinct class merged into
/// the result by score (per_class).
struct BatchedNmsDecomposition : OpRewritePattern<BatchedNmsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchedNmsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    int64_t n = boxesType.getDimSize(0);
    if (ShapedType::isDynamic(n))
      return rewriter.notifyMatchFailure(op, "dynamic number of boxes");
    GlueBuilder ib{rewriter, loc};
    Value numRows = clampedRowCount(ib, op.getValidCount(), n);
    if (op.getStrategy() == BatchedNmsStrategy::coordinate_offset)
      rewriter.replaceOp(op, coordinateOffset(rewriter, op, numRows));
    else
      rewriter.replaceOp(op, perClass(rewriter, op, numRows));
    return success();
  }

  /// torchvision's nms rules; at most `capacity` boxes.
  static NmsOp nms(OpBuilder &b, Location loc, BatchedNmsOp op, Value boxes,
                   Value scores, Value numRows, int64_t capacity) {
    int64_t n = cast<RankedTensorType>(boxes.getType()).getDimSize(0);
    Type indexType =
        cast<RankedTensorType>(op.getIndices().getType()).getElementType();
    NmsSpec spec;
    spec.validCount = numRows;
    spec.iouValue = op.getIouThresholdValue();
    spec.iou = op.getIouThresholdAttr();
    if (capacity < n)
      spec.maxOutput = b.getI64IntegerAttr(capacity);
    return createNms(b, loc, op, RankedTensorType::get({capacity}, indexType),
                     boxes, scores, spec);
  }

  /// `boxes + idxs * (max(boxes) + 1)` in the element type, as torchvision:
  /// the maximum over the valid rows propagates NaN (torch.max), the class
  /// converts to the element type first (`idxs.to(boxes)`).
  static SmallVector<Value> coordinateOffset(PatternRewriter &rewriter,
                                             BatchedNmsOp op, Value numRows) {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto floatType = cast<FloatType>(boxesType.getElementType());
    GlueBuilder ib{rewriter, loc};
    Value lowest = arith::ConstantOp::create(
        rewriter, loc, floatType,
        rewriter.getFloatAttr(floatType,
                              -std::numeric_limits<double>::infinity()));
    auto maxLoop = scf::ForOp::create(
        rewriter, loc, ib.idx(0), numRows, ib.idx(1), ValueRange{lowest},
        [&](OpBuilder &b, Location l, Value i, ValueRange acc) {
          Value m = acc[0];
          for (int64_t j = 0; j < 4; ++j) {
            Value v = tensor::ExtractOp::create(
                b, l, op.getBoxes(),
                ValueRange{i, arith::ConstantIndexOp::create(b, l, j)});
            m = arith::MaximumFOp::create(b, l, m, v);
          }
          scf::YieldOp::create(b, l, m);
        });
    Value one = arith::ConstantOp::create(
        rewriter, loc, floatType, rewriter.getFloatAttr(floatType, 1.0));
    Value step =
        arith::AddFOp::create(rewriter, loc, maxLoop.getResult(0), one);
    Value shifted = tensor::GenerateOp::create(
        rewriter, loc, boxesType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange at) {
          Value cls =
              tensor::ExtractOp::create(b, l, op.getIdxs(), ValueRange{at[0]});
          Value clsValue = arith::SIToFPOp::create(b, l, floatType, cls);
          Value offset = arith::MulFOp::create(b, l, clsValue, step);
          Value v = tensor::ExtractOp::create(b, l, op.getBoxes(), at);
          tensor::YieldOp::create(
              b, l, arith::AddFOp::create(b, l, v, offset).getResult());
        });
    int64_t capacity =
        cast<RankedTensorType>(op.getIndices().getType()).getDimSize(0);
    NmsOp kept =
        nms(rewriter, loc, op, shifted, op.getScores(), numRows, capacity);
    return {kept.getIndices(), kept.getCount()};
  }

  /// The smallest class above `prev` among the first `numRows` rows (any
  /// class when `isFirst`), and whether there is one.
  static std::pair<Value, Value> nextClass(OpBuilder &b, Location loc,
                                           BatchedNmsOp op, Value numRows,
                                           Value prev, Value isFirst) {
    using I = arith::CmpIPredicate;
    GlueBuilder ib{b, loc};
    Value notFound = arith::ConstantIntOp::create(b, loc, 0, 1);
    auto scan = scf::ForOp::create(
        b, loc, ib.idx(0), numRows, ib.idx(1), ValueRange{prev, notFound},
        [&](OpBuilder &sb, Location sl, Value i, ValueRange best) {
          Value v =
              tensor::ExtractOp::create(sb, sl, op.getIdxs(), ValueRange{i});
          Value eligible = arith::OrIOp::create(
              sb, sl, isFirst, arith::CmpIOp::create(sb, sl, I::sgt, v, prev));
          Value lower = arith::OrIOp::create(
              sb, sl,
              arith::XOrIOp::create(sb, sl, best[1],
                                    arith::ConstantIntOp::create(sb, sl, 1, 1)),
              arith::CmpIOp::create(sb, sl, I::slt, v, best[0]));
          Value better = arith::AndIOp::create(sb, sl, eligible, lower);
          scf::YieldOp::create(
              sb, sl,
              ValueRange{arith::SelectOp::create(sb, sl, better, v, best[0]),
                         arith::OrIOp::create(sb, sl, best[1], eligible)});
        });
    return {scan.getResult(0), scan.getResult(1)};
  }

  /// Merges the `kept` boxes of one class into `list` (its first `listed`
  /// entries sorted by score desc, index asc), from the back and in place.
  static scf::ForOp mergeKept(OpBuilder &tb, Location tl, BatchedNmsOp op,
                              Value list, Value listed, NmsOp kept) {
    using I = arith::CmpIPredicate;
    using F = arith::CmpFPredicate;
    GlueBuilder tib{tb, tl};
    Value numKept = tib.cast(kept.getCount(), tb.getIndexType());
    Value total = tib.addI(listed, numKept);
    // Position w takes the later of the two remaining tails' last
    // entries: a lower score, or an equal score and a higher index.
    // Scores of kept boxes are never NaN.
    return scf::ForOp::create(
        tb, tl, tib.idx(0), total, tib.idx(1),
        ValueRange{list, tib.subI(listed, tib.idx(1)),
                   tib.subI(numKept, tib.idx(1))},
        [&](OpBuilder &mb, Location ml, Value s, ValueRange m) {
          GlueBuilder mib{mb, ml};
          Value a = m[1], bIdx = m[2];
          Value hasNew =
              arith::CmpIOp::create(mb, ml, I::sge, bIdx, mib.idx(0));
          auto put = scf::IfOp::create(
              mb, ml, hasNew,
              [&](OpBuilder &pb, Location pl) {
                GlueBuilder p{pb, pl};
                Value w = p.subI(p.subI(total, p.idx(1)), s);
                Value newEntry = tensor::ExtractOp::create(
                    pb, pl, kept.getIndices(), ValueRange{bIdx});
                Value newRow = p.cast(newEntry, pb.getIndexType());
                Value ac = arith::MaxSIOp::create(pb, pl, a, p.idx(0));
                Value oldEntry =
                    tensor::ExtractOp::create(pb, pl, m[0], ValueRange{ac});
                // No old entry left: the old row is never read.
                Value noOld =
                    arith::CmpIOp::create(pb, pl, I::slt, a, p.idx(0));
                Value oldRow = arith::SelectOp::create(
                    pb, pl, noOld, newRow, p.cast(oldEntry, pb.getIndexType()));
                Value newScore = tensor::ExtractOp::create(
                    pb, pl, op.getScores(), ValueRange{newRow});
                Value oldScore = tensor::ExtractOp::create(
                    pb, pl, op.getScores(), ValueRange{oldRow});
                Value later = arith::OrIOp::create(
                    pb, pl,
                    arith::CmpFOp::create(pb, pl, F::OLT, newScore, oldScore),
                    arith::AndIOp::create(
                        pb, pl,
                        arith::CmpFOp::create(pb, pl, F::OEQ, newScore,
                                              oldScore),
                        arith::CmpIOp::create(pb, pl, I::sgt, newEntry,
                                              oldEntry)));
                Value takeNew = arith::OrIOp::create(pb, pl, noOld, later);
                Value entry = arith::SelectOp::create(pb, pl, takeNew, newEntry,
                                                      oldEntry);
                Value updated = tensor::InsertOp::create(pb, pl, entry, m[0],
                                                         ValueRange{w});
                Value one = p.idx(1);
                scf::YieldOp::create(
                    pb, pl,
                    ValueRange{updated,
                               arith::SelectOp::create(pb, pl, takeNew, a,
                                                       p.subI(a, one)),
                               arith::SelectOp::create(
                                   pb, pl, takeNew, p.subI(bIdx, one), bIdx)});
              },
              [&](OpBuilder &pb, Location pl) {
                // Only old entries remain: already in place.
                scf::YieldOp::create(pb, pl, m);
              });
          scf::YieldOp::create(mb, ml, put.getResults());
        });
  }

  /// For each distinct class, by increasing value: NMS with the other
  /// classes' scores masked as NaN (never selected), and a backward merge
  /// of its kept boxes into a list sorted by (score desc, index asc) whose
  /// capacity leaves room for one class's boxes. The classes are counted
  /// first, so that the NMS sits directly in a loop (its scratch is hoisted
  /// out of loops, not out of branches) that runs once per class.
  static SmallVector<Value> perClass(PatternRewriter &rewriter, BatchedNmsOp op,
                                     Value numRows) {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto floatType = cast<FloatType>(boxesType.getElementType());
    Type indexType = indicesType.getElementType();
    Type classType = getElementTypeOrSelf(op.getIdxs().getType());
    int64_t n = boxesType.getDimSize(0);
    int64_t capacity = indicesType.getDimSize(0);
    int64_t classCapacity = std::min(capacity, n);
    GlueBuilder ib{rewriter, loc};
    using I = arith::CmpIPredicate;
    Value trueValue = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
    Value firstClass =
        arith::ConstantIntOp::create(rewriter, loc, classType, 0);

    // 1. The number of distinct classes (at most numRows).
    auto countLoop = scf::ForOp::create(
        rewriter, loc, ib.idx(0), numRows, ib.idx(1),
        ValueRange{firstClass, trueValue, ib.idx(0)},
        [&](OpBuilder &b, Location l, Value t, ValueRange iter) {
          auto step = scf::IfOp::create(
              b, l, iter[1],
              [&](OpBuilder &tb, Location tl) {
                GlueBuilder tib{tb, tl};
                Value isFirst =
                    arith::CmpIOp::create(tb, tl, I::eq, t, tib.idx(0));
                auto [cls, found] =
                    nextClass(tb, tl, op, numRows, iter[0], isFirst);
                Value counted = tib.addI(
                    iter[2], arith::SelectOp::create(tb, tl, found, tib.idx(1),
                                                     tib.idx(0)));
                scf::YieldOp::create(tb, tl, ValueRange{cls, found, counted});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, iter);
              });
          scf::YieldOp::create(b, l, step.getResults());
        });
    Value numClasses = countLoop.getResult(2);

    // 2. One NMS per class, merged into the list.
    Value list =
        minusOnes(rewriter, loc,
                  RankedTensorType::get({capacity + classCapacity}, indexType));
    Value nan = arith::ConstantOp::create(
        rewriter, loc, floatType,
        rewriter.getFloatAttr(floatType,
                              APFloat::getQNaN(floatType.getFloatSemantics())));
    auto scoresType = cast<RankedTensorType>(op.getScores().getType());
    auto classLoop = scf::ForOp::create(
        rewriter, loc, ib.idx(0), numClasses, ib.idx(1),
        ValueRange{list, ib.idx(0), firstClass},
        [&](OpBuilder &tb, Location tl, Value t, ValueRange iter) {
          GlueBuilder tib{tb, tl};
          Value isFirst = arith::CmpIOp::create(tb, tl, I::eq, t, tib.idx(0));
          Value cls = nextClass(tb, tl, op, numRows, iter[2], isFirst).first;
          Value masked = tensor::GenerateOp::create(
              tb, tl, scoresType, ValueRange{},
              [&](OpBuilder &gb, Location gl, ValueRange at) {
                Value c = tensor::ExtractOp::create(gb, gl, op.getIdxs(), at);
                Value s = tensor::ExtractOp::create(gb, gl, op.getScores(), at);
                Value same = arith::CmpIOp::create(gb, gl, I::eq, c, cls);
                tensor::YieldOp::create(
                    gb, gl,
                    arith::SelectOp::create(gb, gl, same, s, nan).getResult());
              });
          NmsOp kept =
              nms(tb, tl, op, op.getBoxes(), masked, numRows, classCapacity);
          scf::ForOp merge = mergeKept(tb, tl, op, iter[0], iter[1], kept);
          Value total = merge.getUpperBound();
          scf::YieldOp::create(tb, tl,
                               ValueRange{merge.getResult(0),
                                          tib.minI(total, tib.idx(capacity)),
                                          cls});
        });
    Value listed = classLoop.getResult(1);
    Value indices = firstEntries(rewriter, loc, indicesType,
                                 classLoop.getResult(0), listed);
    return {indices, ib.cast(listed, indexType)};
  }
};

/// torchvision remove_small_boxes: the indices of the rows whose sides pass
/// `>= min_size` (the size rounded to the element type, as torch compares),
/// compacted in increasing order.
struct RemoveSmallBoxesDecomposition : OpRewritePattern<RemoveSmallBoxesOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RemoveSmallBoxesOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t n = boxesType.getDimSize(0);
    if (ShapedType::isDynamic(n))
      return rewriter.notifyMatchFailure(op, "dynamic number of boxes");
    Type floatType = boxesType.getElementType();
    Type indexType = indicesType.getElementType();
    int64_t capacity = indicesType.getDimSize(0);
    GlueBuilder ib{rewriter, loc};
    Value numRows = clampedRowCount(ib, op.getValidCount(), n);
    Value minSize = op.getMinSizeValue();
    if (!minSize)
      minSize = arith::ConstantOp::create(
          rewriter, loc, floatType,
          rewriter.getFloatAttr(floatType,
                                op.getMinSizeAttr().getValueAsDouble()));
    Value capacityValue = ib.idx(capacity);
    auto loop = scf::ForOp::create(
        rewriter, loc, ib.idx(0), numRows, ib.idx(1),
        ValueRange{minusOnes(rewriter, loc, indicesType), ib.idx(0)},
        [&](OpBuilder &b, Location l, Value i, ValueRange iter) {
          GlueBuilder lb{b, l};
          auto coord = [&](int64_t j) -> Value {
            return tensor::ExtractOp::create(b, l, op.getBoxes(),
                                             ValueRange{i, lb.idx(j)});
          };
          Value w = arith::SubFOp::create(b, l, coord(2), coord(0));
          Value h = arith::SubFOp::create(b, l, coord(3), coord(1));
          using F = arith::CmpFPredicate;
          Value keep = arith::AndIOp::create(
              b, l, arith::CmpFOp::create(b, l, F::OGE, w, minSize),
              arith::CmpFOp::create(b, l, F::OGE, h, minSize));
          keep = arith::AndIOp::create(
              b, l, keep,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, iter[1],
                                    capacityValue));
          auto put = scf::IfOp::create(
              b, l, keep,
              [&](OpBuilder &tb, Location tl) {
                GlueBuilder t{tb, tl};
                Value out = tensor::InsertOp::create(
                    tb, tl, t.cast(i, indexType), iter[0], ValueRange{iter[1]});
                scf::YieldOp::create(
                    tb, tl, ValueRange{out, t.addI(iter[1], t.idx(1))});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, iter);
              });
          scf::YieldOp::create(b, l, put.getResults());
        });
    rewriter.replaceOp(
        op, {loop.getResult(0), ib.cast(loop.getResult(1), indexType)});
    return success();
  }
};

} // namespace

void mlir::detect::decompose::populateTorchvisionDecompositionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<BatchedNmsDecomposition, RemoveSmallBoxesDecomposition>(
      patterns.getContext());
}
