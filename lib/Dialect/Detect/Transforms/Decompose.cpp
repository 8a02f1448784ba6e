//===- Decompose.cpp - framework-level detect ops to core ops -------------===//
//
// Part of detect-mlir. Each framework-level op is rewritten into the core
// ops with the attributes that state its framework's rules, so that every
// framework shares one lowering of NMS, decoding and IoU.
//
//===----------------------------------------------------------------------===//

#include "DecomposeYolo.h"

#include "detect/Dialect/Detect/IR/DetectOps.h"
#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTDECOMPOSE
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

/// A framework op's lowering strategy (the `detect.strategy` attribute,
/// detect/Conversion/Strategies.h) is passed on to the detect.nms ops that
/// do its work, where the strategy's patterns look for it.
void inheritStrategy(Operation *framework, Operation *core) {
  if (Attribute strategy = framework->getAttr("detect.strategy"))
    core->setAttr("detect.strategy", strategy);
}

/// Small arithmetic on `index` values for the glue loops.
struct IndexBuilder {
  OpBuilder &b;
  Location loc;

  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value dim(Value tensor, int64_t d) {
    return tensor::DimOp::create(b, loc, tensor, d);
  }
  /// Between an integer type and index.
  Value cast(Value v, Type to) {
    if (v.getType() == to)
      return v;
    return arith::IndexCastOp::create(b, loc, to, v);
  }
};

/// `[rows, 3]` filled with -1: the unused rows of a bounded result.
static Value minusOnes(OpBuilder &b, Location loc, RankedTensorType type) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  // Nothing to fill (and a fill of no elements trips the EmitC route).
  if (type.getNumElements() == 0)
    return empty;
  Value minusOne = arith::ConstantOp::create(
      b, loc, type.getElementType(),
      b.getIntegerAttr(type.getElementType(), -1));
  return linalg::FillOp::create(b, loc, ValueRange{minusOne},
                                ValueRange{empty})
      .getResult(0);
}

/// `source[prefix..., :, ...]` as a fresh tensor of `type`. A copy rather
/// than a `tensor.extract_slice`: the slice would bufferize to a strided
/// `memref.subview`, which the EmitC route cannot express, and the core ops'
/// lowerings read identity-layout buffers anyway.
static Value copyRow(OpBuilder &b, Location loc, RankedTensorType type,
                     Value source, ArrayRef<Value> prefix) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(
          tensor::DimOp::create(b, loc, source, prefix.size() + d));
  return tensor::GenerateOp::create(
      b, loc, type, dynamicSizes,
      [&](OpBuilder &gb, Location gl, ValueRange indices) {
        SmallVector<Value> at(prefix);
        at.append(indices.begin(), indices.end());
        Value v = tensor::ExtractOp::create(gb, gl, source, at);
        tensor::YieldOp::create(gb, gl, v);
      });
}

//===----------------------------------------------------------------------===//
// torchvision: batched_nms, remove_small_boxes
//===----------------------------------------------------------------------===//

/// The number of rows an op reads: `valid` clamped to [0, n], or n.
static Value clampedRowCount(IndexBuilder &ib, Value valid, int64_t n) {
  if (!valid)
    return ib.cst(n);
  Value v = ib.cast(valid, ib.b.getIndexType());
  return ib.min(arith::MaxSIOp::create(ib.b, ib.loc, v, ib.cst(0)), ib.cst(n));
}

/// `indices[K]` from the first `count` entries of `list`, -1 after them.
static Value firstEntries(OpBuilder &b, Location loc, RankedTensorType type,
                          Value list, Value count) {
  Type indexType = type.getElementType();
  return tensor::GenerateOp::create(
      b, loc, type, ValueRange{},
      [&](OpBuilder &gb, Location gl, ValueRange at) {
        Value inList = arith::CmpIOp::create(
            gb, gl, arith::CmpIPredicate::slt, at[0], count);
        Value entry = tensor::ExtractOp::create(gb, gl, list, at);
        Value minusOne = arith::ConstantOp::create(
            gb, gl, indexType, gb.getIntegerAttr(indexType, -1));
        tensor::YieldOp::create(
            gb, gl, arith::SelectOp::create(gb, gl, inList, entry, minusOne)
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
    IndexBuilder ib{rewriter, loc};
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
    MLIRContext *ctx = b.getContext();
    int64_t n = cast<RankedTensorType>(boxes.getType()).getDimSize(0);
    Type indexType =
        cast<RankedTensorType>(op.getIndices().getType()).getElementType();
    auto nms = NmsOp::create(
        b, loc, RankedTensorType::get({capacity}, indexType), indexType, boxes,
        scores, numRows, op.getIouThresholdValue(), Value(), Value(),
        op.getIouThresholdAttr(), FloatAttr(),
        capacity < n ? b.getI64IntegerAttr(capacity) : IntegerAttr(),
        ComparisonAttr::get(ctx, Comparison::gt),
        ComparisonAttr::get(ctx, Comparison::gt),
        BoxLayoutAttr::get(ctx, BoxLayout::xyxy), UnitAttr(),
        DegenerateRuleAttr::get(ctx, DegenerateRule::ieee),
        IntegerAttr(), FloatAttr(), SoftNmsOverlapAttr());
    inheritStrategy(op, nms);
    return nms;
  }

  /// `boxes + idxs * (max(boxes) + 1)` in the element type, as torchvision:
  /// the maximum over the valid rows propagates NaN (torch.max), the class
  /// converts to the element type first (`idxs.to(boxes)`).
  static SmallVector<Value> coordinateOffset(PatternRewriter &rewriter,
                                             BatchedNmsOp op, Value numRows) {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto floatType = cast<FloatType>(boxesType.getElementType());
    IndexBuilder ib{rewriter, loc};
    Value lowest = arith::ConstantOp::create(
        rewriter, loc, floatType,
        rewriter.getFloatAttr(floatType,
                              -std::numeric_limits<double>::infinity()));
    auto maxLoop = scf::ForOp::create(
        rewriter, loc, ib.cst(0), numRows, ib.cst(1), ValueRange{lowest},
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
    Value step = arith::AddFOp::create(rewriter, loc, maxLoop.getResult(0), one);
    Value shifted = tensor::GenerateOp::create(
        rewriter, loc, boxesType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange at) {
          Value cls = tensor::ExtractOp::create(b, l, op.getIdxs(),
                                                ValueRange{at[0]});
          Value clsValue = arith::SIToFPOp::create(b, l, floatType, cls);
          Value offset = arith::MulFOp::create(b, l, clsValue, step);
          Value v = tensor::ExtractOp::create(b, l, op.getBoxes(), at);
          tensor::YieldOp::create(b, l,
                                  arith::AddFOp::create(b, l, v, offset)
                                      .getResult());
        });
    int64_t capacity =
        cast<RankedTensorType>(op.getIndices().getType()).getDimSize(0);
    NmsOp kept = nms(rewriter, loc, op, shifted, op.getScores(), numRows,
                     capacity);
    return {kept.getIndices(), kept.getCount()};
  }

  /// The smallest class above `prev` among the first `numRows` rows (any
  /// class when `isFirst`), and whether there is one.
  static std::pair<Value, Value> nextClass(OpBuilder &b, Location loc,
                                           BatchedNmsOp op, Value numRows,
                                           Value prev, Value isFirst) {
    using I = arith::CmpIPredicate;
    IndexBuilder ib{b, loc};
    Value notFound = arith::ConstantIntOp::create(b, loc, 0, 1);
    auto scan = scf::ForOp::create(
        b, loc, ib.cst(0), numRows, ib.cst(1), ValueRange{prev, notFound},
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

  /// For each distinct class, by increasing value: NMS with the other
  /// classes' scores masked as NaN (never selected), and a backward merge
  /// of its kept boxes into a list sorted by (score desc, index asc) whose
  /// capacity leaves room for one class's boxes. The classes are counted
  /// first, so that the NMS sits directly in a loop (its scratch is hoisted
  /// out of loops, not out of branches) that runs once per class.
  static SmallVector<Value> perClass(PatternRewriter &rewriter,
                                     BatchedNmsOp op, Value numRows) {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto floatType = cast<FloatType>(boxesType.getElementType());
    Type indexType = indicesType.getElementType();
    Type classType = getElementTypeOrSelf(op.getIdxs().getType());
    int64_t n = boxesType.getDimSize(0);
    int64_t capacity = indicesType.getDimSize(0);
    int64_t classCapacity = std::min(capacity, n);
    IndexBuilder ib{rewriter, loc};
    using I = arith::CmpIPredicate;
    using F = arith::CmpFPredicate;
    Value trueValue = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
    Value firstClass = arith::ConstantIntOp::create(rewriter, loc, classType, 0);

    // 1. The number of distinct classes (at most numRows).
    auto countLoop = scf::ForOp::create(
        rewriter, loc, ib.cst(0), numRows, ib.cst(1),
        ValueRange{firstClass, trueValue, ib.cst(0)},
        [&](OpBuilder &b, Location l, Value t, ValueRange iter) {
          auto step = scf::IfOp::create(
              b, l, iter[1],
              [&](OpBuilder &tb, Location tl) {
                IndexBuilder tib{tb, tl};
                Value isFirst =
                    arith::CmpIOp::create(tb, tl, I::eq, t, tib.cst(0));
                auto [cls, found] =
                    nextClass(tb, tl, op, numRows, iter[0], isFirst);
                Value counted = tib.add(
                    iter[2], arith::SelectOp::create(tb, tl, found,
                                                     tib.cst(1), tib.cst(0)));
                scf::YieldOp::create(tb, tl, ValueRange{cls, found, counted});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, iter);
              });
          scf::YieldOp::create(b, l, step.getResults());
        });
    Value numClasses = countLoop.getResult(2);

    // 2. One NMS per class, merged into the list.
    Value list = minusOnes(
        rewriter, loc,
        RankedTensorType::get({capacity + classCapacity}, indexType));
    Value nan = arith::ConstantOp::create(
        rewriter, loc, floatType,
        rewriter.getFloatAttr(floatType,
                              APFloat::getQNaN(floatType.getFloatSemantics())));
    auto scoresType = cast<RankedTensorType>(op.getScores().getType());
    auto classLoop = scf::ForOp::create(
        rewriter, loc, ib.cst(0), numClasses, ib.cst(1),
        ValueRange{list, ib.cst(0), firstClass},
        [&](OpBuilder &tb, Location tl, Value t, ValueRange iter) {
          IndexBuilder tib{tb, tl};
          Value isFirst = arith::CmpIOp::create(tb, tl, I::eq, t, tib.cst(0));
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
          Value listed = iter[1];
          Value numKept = tib.cast(kept.getCount(), tb.getIndexType());
          Value total = tib.add(listed, numKept);
          // Position w takes the later of the two remaining tails' last
          // entries: a lower score, or an equal score and a higher index.
          // Scores of kept boxes are never NaN.
          auto merge = scf::ForOp::create(
              tb, tl, tib.cst(0), total, tib.cst(1),
              ValueRange{iter[0], tib.sub(listed, tib.cst(1)),
                         tib.sub(numKept, tib.cst(1))},
              [&](OpBuilder &mb, Location ml, Value s, ValueRange m) {
                IndexBuilder mib{mb, ml};
                Value a = m[1], bIdx = m[2];
                Value hasNew =
                    arith::CmpIOp::create(mb, ml, I::sge, bIdx, mib.cst(0));
                auto put = scf::IfOp::create(
                    mb, ml, hasNew,
                    [&](OpBuilder &pb, Location pl) {
                      IndexBuilder p{pb, pl};
                      Value w = p.sub(p.sub(total, p.cst(1)), s);
                      Value newEntry = tensor::ExtractOp::create(
                          pb, pl, kept.getIndices(), ValueRange{bIdx});
                      Value newRow = p.cast(newEntry, pb.getIndexType());
                      Value ac = arith::MaxSIOp::create(pb, pl, a, p.cst(0));
                      Value oldEntry = tensor::ExtractOp::create(
                          pb, pl, m[0], ValueRange{ac});
                      // No old entry left: the old row is never read.
                      Value noOld =
                          arith::CmpIOp::create(pb, pl, I::slt, a, p.cst(0));
                      Value oldRow = arith::SelectOp::create(
                          pb, pl, noOld, newRow,
                          p.cast(oldEntry, pb.getIndexType()));
                      Value newScore = tensor::ExtractOp::create(
                          pb, pl, op.getScores(), ValueRange{newRow});
                      Value oldScore = tensor::ExtractOp::create(
                          pb, pl, op.getScores(), ValueRange{oldRow});
                      Value later = arith::OrIOp::create(
                          pb, pl,
                          arith::CmpFOp::create(pb, pl, F::OLT, newScore,
                                                oldScore),
                          arith::AndIOp::create(
                              pb, pl,
                              arith::CmpFOp::create(pb, pl, F::OEQ, newScore,
                                                    oldScore),
                              arith::CmpIOp::create(pb, pl, I::sgt, newEntry,
                                                    oldEntry)));
                      Value takeNew = arith::OrIOp::create(pb, pl, noOld, later);
                      Value entry = arith::SelectOp::create(pb, pl, takeNew,
                                                            newEntry, oldEntry);
                      Value updated = tensor::InsertOp::create(
                          pb, pl, entry, m[0], ValueRange{w});
                      Value one = p.cst(1);
                      scf::YieldOp::create(
                          pb, pl,
                          ValueRange{updated,
                                     arith::SelectOp::create(pb, pl, takeNew,
                                                             a, p.sub(a, one)),
                                     arith::SelectOp::create(
                                         pb, pl, takeNew, p.sub(bIdx, one),
                                         bIdx)});
                    },
                    [&](OpBuilder &pb, Location pl) {
                      // Only old entries remain: already in place.
                      scf::YieldOp::create(pb, pl, m);
                    });
                scf::YieldOp::create(mb, ml, put.getResults());
              });
          scf::YieldOp::create(
              tb, tl,
              ValueRange{merge.getResult(0), tib.min(total, tib.cst(capacity)),
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
    IndexBuilder ib{rewriter, loc};
    Value numRows = clampedRowCount(ib, op.getValidCount(), n);
    Value minSize = op.getMinSizeValue();
    if (!minSize)
      minSize = arith::ConstantOp::create(
          rewriter, loc, floatType,
          rewriter.getFloatAttr(floatType,
                                op.getMinSizeAttr().getValueAsDouble()));
    Value capacityValue = ib.cst(capacity);
    auto loop = scf::ForOp::create(
        rewriter, loc, ib.cst(0), numRows, ib.cst(1),
        ValueRange{minusOnes(rewriter, loc, indicesType), ib.cst(0)},
        [&](OpBuilder &b, Location l, Value i, ValueRange iter) {
          IndexBuilder lb{b, l};
          auto coord = [&](int64_t j) -> Value {
            return tensor::ExtractOp::create(b, l, op.getBoxes(),
                                             ValueRange{i, lb.cst(j)});
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
                IndexBuilder t{tb, tl};
                Value out = tensor::InsertOp::create(
                    tb, tl, t.cast(i, indexType), iter[0],
                    ValueRange{iter[1]});
                scf::YieldOp::create(
                    tb, tl, ValueRange{out, t.add(iter[1], t.cst(1))});
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, iter);
              });
          scf::YieldOp::create(b, l, put.getResults());
        });
    rewriter.replaceOp(op, {loop.getResult(0),
                            ib.cast(loop.getResult(1), indexType)});
    return success();
  }
};

/// ONNX NonMaxSuppression: one detect.nms per (batch, class), its kept
/// indices appended as (batch, class, box) rows while capacity remains.
struct MulticlassNmsDecomposition : OpRewritePattern<MulticlassNmsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(MulticlassNmsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto selectedType = cast<RankedTensorType>(op.getSelected().getType());
    Type indexType = selectedType.getElementType();
    Type elementType = boxesType.getElementType();
    int64_t n = boxesType.getDimSize(1);
    int64_t capacity = selectedType.getDimSize(0);
    IndexBuilder ib{rewriter, loc};

    Value selected = minusOnes(rewriter, loc, selectedType);
    // ONNX's default limit is 0: no output. So is a zero capacity.
    bool noLimit = !op.getMaxOutputBoxesPerClassAttr() && !op.getMaxOutputValue();
    if (noLimit || capacity == 0) {
      Value zero = arith::ConstantOp::create(
          rewriter, loc, indexType, rewriter.getIntegerAttr(indexType, 0));
      rewriter.replaceOp(op, {selected, zero});
      return success();
    }

    // Capacity of each class's NMS.
    int64_t perClass;
    if (IntegerAttr limit = op.getMaxOutputBoxesPerClassAttr())
      perClass = ShapedType::isDynamic(n) ? limit.getInt()
                                          : std::min(limit.getInt(), n);
    else
      perClass = ShapedType::isDynamic(n) ? ShapedType::kDynamic
                                          : std::min(capacity, n);
    auto keepType = RankedTensorType::get({perClass}, indexType);
    auto classBoxesType = RankedTensorType::get({n, 4}, elementType);
    auto classScoresType = RankedTensorType::get({n}, elementType);

    BoxLayout layout = op.getLayout();
    bool cornerLayout = layout == BoxLayout::xyxy || layout == BoxLayout::yxyx;
    FloatAttr iouAttr = op.getIouThresholdAttr();
    if (!iouAttr && !op.getIouThresholdValue())
      iouAttr = rewriter.getF64FloatAttr(0.0); // ONNX's default.

    Value zero = ib.cst(0), one = ib.cst(1), capacityValue = ib.cst(capacity);
    Value numBatches = ib.dim(op.getBoxes(), 0);
    Value numClasses = ib.dim(op.getScores(), 1);
    auto batchLoop = scf::ForOp::create(
        rewriter, loc, zero, numBatches, one, ValueRange{selected, zero},
        [&](OpBuilder &bb, Location bl, Value batch, ValueRange batchIter) {
          Value classBoxes = copyRow(bb, bl, classBoxesType, op.getBoxes(),
                                     {batch});
          auto classLoop = scf::ForOp::create(
              bb, bl, zero, numClasses, one, batchIter,
              [&](OpBuilder &cb, Location cl, Value cls, ValueRange iter) {
                IndexBuilder ci{cb, cl};
                Value classScores = copyRow(cb, cl, classScoresType,
                                            op.getScores(), {batch, cls});
                auto nms = NmsOp::create(
                    cb, cl, keepType, indexType, classBoxes, classScores,
                    op.getValidCount(), op.getIouThresholdValue(),
                    op.getScoreThresholdValue(), op.getMaxOutputValue(),
                    iouAttr, op.getScoreThresholdAttr(),
                    op.getMaxOutputBoxesPerClassAttr(),
                    ComparisonAttr::get(cb.getContext(), Comparison::gt),
                    ComparisonAttr::get(cb.getContext(), Comparison::gt),
                    BoxLayoutAttr::get(cb.getContext(), layout),
                    cornerLayout ? cb.getUnitAttr() : UnitAttr(),
                    DegenerateRuleAttr::get(cb.getContext(),
                                            DegenerateRule::zero_union),
        IntegerAttr(), FloatAttr(), SoftNmsOverlapAttr());
                inheritStrategy(op, nms);
                Value out = iter[0], total = iter[1];
                Value kept = ci.cast(nms.getCount(), cb.getIndexType());
                Value rows = ci.min(kept, ci.sub(capacityValue, total));
                Value batchIndex = ci.cast(batch, indexType);
                Value classIndex = ci.cast(cls, indexType);
                auto rowLoop = scf::ForOp::create(
                    cb, cl, zero, rows, one, ValueRange{out},
                    [&](OpBuilder &rb, Location rl, Value j, ValueRange o) {
                      IndexBuilder ri{rb, rl};
                      Value row = ri.add(total, j);
                      Value box = tensor::ExtractOp::create(
                          rb, rl, nms.getIndices(), ValueRange{j});
                      Value t = o[0];
                      Value columns[3] = {batchIndex, classIndex, box};
                      for (int64_t col = 0; col < 3; ++col)
                        t = tensor::InsertOp::create(
                            rb, rl, columns[col], t,
                            ValueRange{row, ri.cst(col)});
                      scf::YieldOp::create(rb, rl, t);
                    });
                scf::YieldOp::create(
                    cb, cl,
                    ValueRange{rowLoop.getResult(0), ci.add(total, rows)});
              });
          scf::YieldOp::create(bb, bl, classLoop.getResults());
        });
    Value count = ib.cast(batchLoop.getResult(1), indexType);
    rewriter.replaceOp(op, {batchLoop.getResult(0), count});
    return success();
  }
};


//===----------------------------------------------------------------------===//
// TFLite_Detection_PostProcess
//===----------------------------------------------------------------------===//

/// `type` filled with `value`.
static Value filled(OpBuilder &b, Location loc, RankedTensorType type,
                    TypedAttr value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value v = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, ValueRange{v}, ValueRange{empty})
      .getResult(0);
}

namespace {
/// Scalar helpers on i32 and f32 for the glue of the post-process.
struct Glue {
  OpBuilder &b;
  Location loc;

  Value i32(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, b.getI32Type(), v);
  }
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value toIndex(Value v) {
    return v.getType().isIndex()
               ? v
               : arith::IndexCastOp::create(b, loc, b.getIndexType(), v)
                     .getResult();
  }
  Value toI32(Value v) {
    return v.getType().isInteger(32)
               ? v
               : arith::IndexCastOp::create(b, loc, b.getI32Type(), v)
                     .getResult();
  }
  Value toF32(Value v) {
    return arith::SIToFPOp::create(b, loc, b.getF32Type(), toI32(v));
  }
  Value cmpi(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value cmpf(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value addI(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value subI(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mulI(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value maxI(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value minI(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value extract(Value t, ValueRange at) {
    return tensor::ExtractOp::create(b, loc, t, at);
  }
  Value insert(Value v, Value t, ValueRange at) {
    return tensor::InsertOp::create(b, loc, v, t, at);
  }
};

/// The (score, class) pairs of each anchor, best first.
struct RankedClasses {
  SmallVector<Value> scores;  // tensor<Nxf32> per rank
  SmallVector<Value> classes; // tensor<Nxi32> per rank; num_classes: none
};
} // namespace

/// Rank `count` of every anchor's classes: for each anchor, the best
/// (score, class) pair strictly after the previous rank's pair in the order
/// (score descending, class ascending). A NaN score is never ranked. One
/// `linalg.generic` reduction over the classes per rank.
///
/// With `withClasses` false (one rank whose classes are found again later,
/// see bestClassOf) only the best score is kept: the reduction is a plain
/// maximum, and no class table is stored.
static RankedClasses rankClasses(OpBuilder &b, Location loc,
                                 Value predictions, int64_t offset,
                                 int64_t numClasses, int64_t count,
                                 bool withClasses = true) {
  MLIRContext *ctx = b.getContext();
  int64_t n = cast<RankedTensorType>(predictions.getType()).getDimSize(1);
  auto scoreType = RankedTensorType::get({n}, b.getF32Type());
  auto classType = RankedTensorType::get({n}, b.getI32Type());
  AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx);
  // The reduction runs over every column (a map `d1 + offset` would leave
  // linalg unable to derive the loop bounds); the background is skipped.
  AffineMap predictionMap =
      AffineMap::get(2, 0, {getAffineConstantExpr(0, ctx), d0, d1}, ctx);
  AffineMap rowMap = AffineMap::get(2, 0, {d0}, ctx);
  RankedClasses ranked;
  if (!withClasses) {
    assert(count == 1 && "only a single rank is found without classes");
    Value bestInit = filled(
        b, loc, scoreType,
        b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{scoreType}, ValueRange{predictions},
        ValueRange{bestInit}, {predictionMap, rowMap},
        {utils::IteratorType::parallel, utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          Glue g{nb, nl};
          // Ordered: a NaN score never wins.
          Value better = g.cmpf(arith::CmpFPredicate::OGT, args[0], args[1]);
          if (offset != 0) {
            Value column = g.toI32(linalg::IndexOp::create(nb, nl, 1));
            better = g.andI(better, g.cmpi(arith::CmpIPredicate::sge, column,
                                           g.i32(offset)));
          }
          linalg::YieldOp::create(nb, nl,
                                  ValueRange{g.select(better, args[0], args[1])});
        });
    ranked.scores.push_back(generic.getResult(0));
    return ranked;
  }
  for (int64_t rank = 0; rank < count; ++rank) {
    Value bestInit = filled(
        b, loc, scoreType,
        b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
    Value classInit =
        filled(b, loc, classType, b.getI32IntegerAttr(numClasses));
    SmallVector<Value> inputs{predictions};
    SmallVector<AffineMap> maps{predictionMap};
    if (rank > 0) {
      inputs.append({ranked.scores.back(), ranked.classes.back()});
      maps.append({rowMap, rowMap});
    }
    maps.append({rowMap, rowMap});
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{scoreType, classType}, inputs,
        ValueRange{bestInit, classInit}, maps,
        {utils::IteratorType::parallel, utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          using P = arith::CmpFPredicate;
          using I = arith::CmpIPredicate;
          Glue g{nb, nl};
          Value v = args[0];
          Value best = args[args.size() - 2], bestClass = args.back();
          Value column = g.toI32(linalg::IndexOp::create(nb, nl, 1));
          Value cls = g.subI(column, g.i32(offset));
          Value better = g.orI(
              g.cmpf(P::OGT, v, best),
              g.andI(g.cmpf(P::OEQ, v, best), g.cmpi(I::slt, cls, bestClass)));
          if (offset != 0)
            better = g.andI(better, g.cmpi(I::sge, cls, g.i32(0)));
          if (rank > 0) {
            Value prev = args[1], prevClass = args[2];
            Value after = g.orI(g.cmpf(P::OLT, v, prev),
                                g.andI(g.cmpf(P::OEQ, v, prev),
                                       g.cmpi(I::sgt, cls, prevClass)));
            better = g.andI(better, after);
          }
          linalg::YieldOp::create(
              nb, nl,
              ValueRange{g.select(better, v, best),
                         g.select(better, cls, bestClass)});
        });
    ranked.scores.push_back(generic.getResult(0));
    ranked.classes.push_back(generic.getResult(1));
  }
  return ranked;
}

/// The best class of one anchor as rank 0 of rankClasses orders them (score
/// descending, then class ascending; NaN never ranked): the first class, in
/// ascending order, whose score is strictly above every earlier one. Returns
/// `numClasses` when no score is ranked.
static Value bestClassOf(OpBuilder &b, Location loc, Value predictions,
                         Value anchor, int64_t offset, int64_t numClasses) {
  Glue g{b, loc};
  Value init = arith::ConstantOp::create(
      b, loc, b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
  auto scan = scf::ForOp::create(
      b, loc, g.idx(0), g.idx(numClasses), g.idx(1),
      ValueRange{init, g.i32(numClasses)},
      [&](OpBuilder &sb, Location sl, Value cls, ValueRange best) {
        Glue s{sb, sl};
        Value v = s.extract(predictions,
                            {s.idx(0), anchor, s.addI(cls, s.idx(offset))});
        Value better = s.cmpf(arith::CmpFPredicate::OGT, v, best[0]);
        scf::YieldOp::create(
            sb, sl,
            ValueRange{s.select(better, v, best[0]),
                       s.select(better, s.toI32(cls), best[1])});
      });
  return scan.getResult(1);
}

/// TFLite_Detection_PostProcess: decode_boxes, a per-anchor class ranking,
/// and detect.nms (fast path) or one detect.nms per class merged by score
/// (regular path); the results are written into zero-padded outputs.
struct DetectionPostprocessDecomposition
    : OpRewritePattern<DetectionPostprocessOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DetectionPostprocessOp op,
                                PatternRewriter &rewriter) const override {
    // Quantized inputs are dequantized first (DequantizeDetectionPostprocess).
    if (op.getBoxQuantization() || op.getClassQuantization())
      return rewriter.notifyMatchFailure(op, "quantized inputs");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Glue g{rewriter, loc};
    auto predType = cast<RankedTensorType>(op.getClassPredictions().getType());
    int64_t n = predType.getDimSize(1);
    int64_t numClasses = op.getNumClasses();
    int64_t offset = predType.getDimSize(2) - numClasses;
    int64_t maxDetections = op.getMaxDetections();
    int64_t perAnchor =
        std::min<int64_t>(op.getMaxClassesPerDetection(), numClasses);
    Type f32 = rewriter.getF32Type(), i32 = rewriter.getI32Type();

    // 1. Decode every anchor's box, [ymin, xmin, ymax, xmax].
    auto boxesType = RankedTensorType::get({n, 4}, f32);
    // The batch row of the encodings: a reshape when it holds just the box
    // (no copy: rows are read where they are decoded), else its first four
    // columns copied out (keypoint columns follow the box in some models).
    Value encodings;
    if (cast<RankedTensorType>(op.getBoxEncodings().getType()).getDimSize(2) ==
        4)
      encodings = tensor::CollapseShapeOp::create(
          rewriter, loc, boxesType, op.getBoxEncodings(),
          ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    else
      encodings =
          copyRow(rewriter, loc, boxesType, op.getBoxEncodings(), {g.idx(0)});
    std::optional<Type> decodeType = op.getDecodeType();
    TypeAttr computeType;
    if (!decodeType || decodeType->isF64())
      computeType = TypeAttr::get(rewriter.getF64Type());
    Value boxes = DecodeBoxesOp::create(
        rewriter, loc, boxesType, encodings, op.getAnchors(),
        /*valid_count=*/Value(), op.getYScaleAttr(), op.getXScaleAttr(),
        op.getHScaleAttr(), op.getWScaleAttr(),
        BoxLayoutAttr::get(ctx, BoxLayout::yxyx), computeType);

    // TFLite's NMS rules; its thresholds are floats, compared as floats.
    auto nmsRules = [&](OpBuilder &b, Location l, Value scores,
                        int64_t limit) {
      int64_t capacity = std::min(limit, n);
      auto nms = NmsOp::create(
          b, l, RankedTensorType::get({capacity}, i32), i32, boxes, scores,
          Value(), Value(), Value(), Value(),
          b.getF64FloatAttr(op.getIouThreshold().convertToDouble()),
          b.getF64FloatAttr(op.getScoreThreshold().convertToDouble()),
          b.getI64IntegerAttr(limit),
          ComparisonAttr::get(ctx, Comparison::gt),
          ComparisonAttr::get(ctx, Comparison::ge),
          BoxLayoutAttr::get(ctx, BoxLayout::yxyx), UnitAttr(),
          DegenerateRuleAttr::get(ctx, DegenerateRule::zero_area),
        IntegerAttr(), FloatAttr(), SoftNmsOverlapAttr());
      inheritStrategy(op, nms);
      return nms;
    };

    auto outBoxesType =
        cast<RankedTensorType>(op.getDetectionBoxes().getType());
    auto outRowsType =
        cast<RankedTensorType>(op.getDetectionClasses().getType());
    Value outBoxes = filled(rewriter, loc, outBoxesType,
                            rewriter.getF32FloatAttr(0.0f));
    Value outClasses =
        filled(rewriter, loc, outRowsType, rewriter.getF32FloatAttr(0.0f));
    Value outScores =
        filled(rewriter, loc, outRowsType, rewriter.getF32FloatAttr(0.0f));
    // Writes one result row: the box of `anchor`, its class and score.
    auto writeRow = [&](Glue &w, ValueRange outs, Value row, Value anchor,
                        Value cls, Value score) -> SmallVector<Value> {
      Value zero = w.idx(0);
      Value bo = outs[0];
      for (int64_t j = 0; j < 4; ++j)
        bo = w.insert(w.extract(boxes, {anchor, w.idx(j)}), bo,
                      {zero, row, w.idx(j)});
      Value co = w.insert(w.toF32(cls), outs[1], {zero, row});
      Value so = w.insert(score, outs[2], {zero, row});
      return {bo, co, so};
    };

    Value numRows;
    SmallVector<Value> results;
    if (!op.getUseRegularNms()) {
      // 2. Fast path: NMS over anchors by their best class score.
      // One class per anchor (TFLite's default): only the best scores are
      // stored; the few kept anchors find their class again.
      bool classesLater = perAnchor == 1;
      RankedClasses ranked =
          rankClasses(rewriter, loc, op.getClassPredictions(), offset,
                      numClasses, perAnchor, !classesLater);
      auto nms = nmsRules(rewriter, loc, ranked.scores[0], maxDetections);
      Value kept = g.toIndex(nms.getCount());
      auto loop = scf::ForOp::create(
          rewriter, loc, g.idx(0), kept, g.idx(1),
          ValueRange{outBoxes, outClasses, outScores},
          [&](OpBuilder &b, Location l, Value i, ValueRange outs) {
            Glue w{b, l};
            Value anchor = w.toIndex(w.extract(nms.getIndices(), {i}));
            SmallVector<Value> current(outs);
            for (int64_t col = 0; col < perAnchor; ++col) {
              Value row = w.addI(w.mulI(i, w.idx(perAnchor)), w.idx(col));
              Value cls = classesLater
                              ? bestClassOf(b, l, op.getClassPredictions(),
                                            anchor, offset, numClasses)
                              : w.extract(ranked.classes[col], {anchor});
              // An anchor without a ranked class (all NaN) reports class 0.
              cls = w.select(w.cmpi(arith::CmpIPredicate::eq, cls,
                                    w.i32(numClasses)),
                             w.i32(0), cls);
              Value score = w.extract(ranked.scores[col], {anchor});
              current = writeRow(w, current, row, anchor, cls, score);
            }
            scf::YieldOp::create(b, l, current);
          });
      results.assign(loop.getResults().begin(), loop.getResults().end());
      numRows = g.mulI(kept, g.idx(perAnchor));
    } else {
      // 2. Regular path: NMS per class; the best max_detections of all
      // classes by (score desc, class asc, NMS order), kept sorted in a
      // list of capacity max_detections + one class's selections and
      // merged from the back, in place.
      int64_t perClass = std::min<int64_t>(op.getDetectionsPerClass(), n);
      int64_t capacity = maxDetections + perClass;
      Value listScores =
          filled(rewriter, loc, RankedTensorType::get({capacity}, f32),
                 rewriter.getF32FloatAttr(0.0f));
      Value listAnchors =
          filled(rewriter, loc, RankedTensorType::get({capacity}, i32),
                 rewriter.getI32IntegerAttr(0));
      Value listClasses =
          filled(rewriter, loc, RankedTensorType::get({capacity}, i32),
                 rewriter.getI32IntegerAttr(0));
      auto columnType = RankedTensorType::get({n}, f32);
      auto classLoop = scf::ForOp::create(
          rewriter, loc, g.idx(0), g.idx(numClasses), g.idx(1),
          ValueRange{listScores, listAnchors, listClasses, g.idx(0)},
          [&](OpBuilder &b, Location l, Value cls, ValueRange iter) {
            Glue c{b, l};
            Value column = tensor::GenerateOp::create(
                b, l, columnType, ValueRange{},
                [&](OpBuilder &gb, Location gl, ValueRange at) {
                  Glue x{gb, gl};
                  Value v = x.extract(op.getClassPredictions(),
                                      {x.idx(0), at[0],
                                       x.addI(cls, x.idx(offset))});
                  tensor::YieldOp::create(gb, gl, v);
                });
            auto nms = nmsRules(b, l, column, op.getDetectionsPerClass());
            Value listed = iter[3];
            Value kept = c.toIndex(nms.getCount());
            Value total = c.addI(listed, kept);
            Value clsI32 = c.toI32(cls);
            // Backward merge: position w takes the last of the remaining
            // entries; on equal scores the new class's entry goes after.
            auto merge = scf::ForOp::create(
                b, l, c.idx(0), total, c.idx(1),
                ValueRange{iter[0], iter[1], iter[2], c.subI(listed, c.idx(1)),
                           c.subI(kept, c.idx(1))},
                [&](OpBuilder &mb, Location ml, Value t, ValueRange m) {
                  using I = arith::CmpIPredicate;
                  Glue x{mb, ml};
                  Value a = m[3], bIdx = m[4];
                  Value w = x.subI(x.subI(total, x.idx(1)), t);
                  Value hasNew = x.cmpi(I::sge, bIdx, x.idx(0));
                  auto step = scf::IfOp::create(
                      mb, ml, hasNew,
                      [&](OpBuilder &ib, Location il) {
                        Glue y{ib, il};
                        Value zero = y.idx(0);
                        Value newAnchorI32 =
                            y.extract(nms.getIndices(), {bIdx});
                        Value newAnchor = y.toIndex(newAnchorI32);
                        Value newScore = y.extract(column, {newAnchor});
                        Value ac = y.maxI(a, zero);
                        Value oldScore = y.extract(m[0], {ac});
                        Value takeNew = y.orI(
                            y.cmpi(I::slt, a, zero),
                            y.cmpf(arith::CmpFPredicate::OLE, newScore,
                                   oldScore));
                        Value s = y.select(takeNew, newScore, oldScore);
                        Value an = y.select(takeNew, newAnchorI32,
                                            y.extract(m[1], {ac}));
                        Value cl = y.select(takeNew, clsI32,
                                            y.extract(m[2], {ac}));
                        Value ls = y.insert(s, m[0], {w});
                        Value la = y.insert(an, m[1], {w});
                        Value lc = y.insert(cl, m[2], {w});
                        Value one = y.idx(1);
                        scf::YieldOp::create(
                            ib, il,
                            ValueRange{ls, la, lc,
                                       y.select(takeNew, a, y.subI(a, one)),
                                       y.select(takeNew, y.subI(bIdx, one),
                                                bIdx)});
                      },
                      [&](OpBuilder &ib, Location il) {
                        // Only old entries remain: already in place.
                        scf::YieldOp::create(ib, il, m);
                      });
                  scf::YieldOp::create(mb, ml, step.getResults());
                });
            Value newListed = c.minI(total, c.idx(maxDetections));
            scf::YieldOp::create(
                b, l,
                ValueRange{merge.getResult(0), merge.getResult(1),
                           merge.getResult(2), newListed});
          });
      Value listed = classLoop.getResult(3);
      auto loop = scf::ForOp::create(
          rewriter, loc, g.idx(0), listed, g.idx(1),
          ValueRange{outBoxes, outClasses, outScores},
          [&](OpBuilder &b, Location l, Value i, ValueRange outs) {
            Glue w{b, l};
            Value anchor = w.toIndex(w.extract(classLoop.getResult(1), {i}));
            Value cls = w.extract(classLoop.getResult(2), {i});
            Value score = w.extract(classLoop.getResult(0), {i});
            scf::YieldOp::create(b, l,
                                 writeRow(w, outs, i, anchor, cls, score));
          });
      results.assign(loop.getResults().begin(), loop.getResults().end());
      numRows = listed;
    }
    Value num = tensor::FromElementsOp::create(
        rewriter, loc, op.getNumDetections().getType(),
        ValueRange{g.toF32(numRows)});
    rewriter.replaceOp(op, {results[0], results[1], results[2], num});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// TensorFlow CombinedNonMaxSuppression
//===----------------------------------------------------------------------===//

/// CombinedNonMaxSuppression: per batch, one hard NMS per class (detect.nms,
/// or detect.soft_nms with sigma 0 to compute in another type), the kept
/// indices gathered in a [C, P] table; then the M result rows are taken by a
/// merge of the classes' lists (each already by decreasing score): the best
/// head by (score desc, class asc), which is TensorFlow's order with its
/// ties resolved as a stable sort would.
struct CombinedNmsDecomposition : OpRewritePattern<CombinedNmsOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CombinedNmsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Glue g{rewriter, loc};
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto scoresType = cast<RankedTensorType>(op.getScores().getType());
    auto outBoxesType = cast<RankedTensorType>(op.getNmsedBoxes().getType());
    auto outRowsType = cast<RankedTensorType>(op.getNmsedScores().getType());
    auto validType =
        cast<RankedTensorType>(op.getValidDetections().getType());
    if (!boxesType.hasStaticShape() || !scoresType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    auto elementType = cast<FloatType>(boxesType.getElementType());
    int64_t n = boxesType.getDimSize(1), q = boxesType.getDimSize(2);
    int64_t numClasses = scoresType.getDimSize(2);
    int64_t m = outRowsType.getDimSize(1);
    int64_t perClass =
        std::min<int64_t>(op.getMaxOutputSizePerClassAttr().getInt(), n);
    Type i32 = rewriter.getI32Type();
    TypedAttr zeroF = rewriter.getFloatAttr(elementType, 0.0);

    Value outBoxes = filled(rewriter, loc, outBoxesType, zeroF);
    Value outScores = filled(rewriter, loc, outRowsType, zeroF);
    Value outClasses = filled(rewriter, loc, outRowsType, zeroF);
    Value valid =
        filled(rewriter, loc, validType, rewriter.getI32IntegerAttr(0));
    // No boxes (perClass == 0): the batch loop below still runs, so that
    // each result is its own value (returning one zero tensor twice trips
    // buffer-results-to-out-params), and yields the padding.
    auto tableType =
        RankedTensorType::get({numClasses, std::max<int64_t>(perClass, 1)}, i32);
    auto countsType = RankedTensorType::get({numClasses}, i32);
    auto classBoxesType = RankedTensorType::get({n, 4}, elementType);
    auto classScoresType = RankedTensorType::get({n}, elementType);
    auto keptType = RankedTensorType::get({perClass}, i32);
    Value boxesIn = op.getBoxes(), scoresIn = op.getScores();
    auto yxyx = BoxLayoutAttr::get(ctx, BoxLayout::yxyx);
    auto zeroArea = DegenerateRuleAttr::get(ctx, DegenerateRule::zero_area);
    auto gt = ComparisonAttr::get(ctx, Comparison::gt);
    auto iouCompare = ComparisonAttr::get(ctx, op.getIouCompare());
    std::optional<Type> computeType = op.getComputeType();
    bool viaSoft = computeType && *computeType != elementType;

    auto batchLoop = scf::ForOp::create(
        rewriter, loc, g.idx(0), g.idx(boxesType.getDimSize(0)), g.idx(1),
        ValueRange{outBoxes, outScores, outClasses, valid},
        [&](OpBuilder &bb, Location bl, Value batch, ValueRange outs) {
          Glue w{bb, bl};
          // Boxes shared by all classes are copied once per batch.
          auto classBoxes = [&](OpBuilder &b, Location l, Value cls) {
            return tensor::GenerateOp::create(
                b, l, classBoxesType, ValueRange{},
                [&](OpBuilder &gb, Location gl, ValueRange at) {
                  Glue x{gb, gl};
                  Value v = x.extract(
                      boxesIn, {batch, at[0], q == 1 ? x.idx(0) : cls, at[1]});
                  tensor::YieldOp::create(gb, gl, v);
                });
          };
          if (perClass == 0) {
            // No boxes: nothing to select, and nothing to read (the merge
            // below reads a slot of every class, exhausted or not).
            scf::YieldOp::create(
                bb, bl,
                ValueRange{outs[0], outs[1], outs[2],
                           w.insert(w.i32(0), outs[3], {batch})});
            return;
          }
          Value shared = q == 1 ? classBoxes(bb, bl, Value()) : Value();

          // 1. Each class's NMS, kept indices into row c of the table.
          Value table =
              filled(bb, bl, tableType, bb.getI32IntegerAttr(0));
          Value counts =
              filled(bb, bl, countsType, bb.getI32IntegerAttr(0));
          auto classLoop = scf::ForOp::create(
              bb, bl, w.idx(0), w.idx(numClasses), w.idx(1),
              ValueRange{table, counts},
              [&](OpBuilder &cb, Location cl, Value cls, ValueRange iter) {
                Glue c{cb, cl};
                Value boxesC = shared ? shared : classBoxes(cb, cl, cls);
                Value scoresC = tensor::GenerateOp::create(
                    cb, cl, classScoresType, ValueRange{},
                    [&](OpBuilder &gb, Location gl, ValueRange at) {
                      Glue x{gb, gl};
                      tensor::YieldOp::create(
                          gb, gl, x.extract(scoresIn, {batch, at[0], cls}));
                    });
                Value kept, count;
                if (viaSoft) {
                  // sigma 0: every weight is 1, so this is hard NMS
                  // (TensorFlow's V3 is V5 with sigma 0), in computeType.
                  auto soft = SoftNmsOp::create(
                      cb, cl, keptType,
                      RankedTensorType::get({perClass}, elementType), i32,
                      boxesC, scoresC,
                      SoftNmsMethodAttr::get(ctx, SoftNmsMethod::gaussian),
                      SoftNmsUpdateAttr::get(ctx, SoftNmsUpdate::lazy),
                      cb.getF64FloatAttr(0.0), op.getIouThresholdAttr(),
                      op.getScoreThresholdAttr(),
                      cb.getI64IntegerAttr(perClass), iouCompare, gt, yxyx,
                      cb.getUnitAttr(), zeroArea,
                      SoftNmsOverlapAttr::get(ctx, SoftNmsOverlap::iou),
                      TypeAttr::get(*computeType),
                      /*pad_to_max_output=*/UnitAttr());
                  kept = soft.getIndices();
                  count = soft.getCount();
                } else {
                  auto nms = NmsOp::create(
                      cb, cl, keptType, i32, boxesC, scoresC,
                      /*valid_count=*/Value(), Value(), Value(), Value(),
                      op.getIouThresholdAttr(), op.getScoreThresholdAttr(),
                      cb.getI64IntegerAttr(perClass), iouCompare, gt, yxyx,
                      cb.getUnitAttr(), zeroArea,
        IntegerAttr(), FloatAttr(), SoftNmsOverlapAttr());
                  inheritStrategy(op, nms);
                  kept = nms.getIndices();
                  count = nms.getCount();
                }
                auto copy = scf::ForOp::create(
                    cb, cl, c.idx(0), c.toIndex(count), c.idx(1),
                    ValueRange{iter[0]},
                    [&](OpBuilder &kb, Location kl, Value k, ValueRange t) {
                      Glue x{kb, kl};
                      scf::YieldOp::create(
                          kb, kl,
                          x.insert(x.extract(kept, {k}), t[0], {cls, k}));
                    });
                Value newCounts = c.insert(count, iter[1], {cls});
                scf::YieldOp::create(cb, cl,
                                     ValueRange{copy.getResult(0), newCounts});
              });
          table = classLoop.getResult(0);
          counts = classLoop.getResult(1);

          // 2. The M best rows: merge the classes' lists by their heads.
          Value cursors =
              filled(bb, bl, countsType, bb.getI32IntegerAttr(0));
          auto rowLoop = scf::ForOp::create(
              bb, bl, w.idx(0), w.idx(m), w.idx(1),
              ValueRange{outs[0], outs[1], outs[2], cursors, w.i32(0)},
              [&](OpBuilder &rb, Location rl, Value row, ValueRange iter) {
                using I = arith::CmpIPredicate;
                Glue r{rb, rl};
                Value noScore = arith::ConstantOp::create(rb, rl, zeroF);
                auto scan = scf::ForOp::create(
                    rb, rl, r.idx(0), r.idx(numClasses), r.idx(1),
                    ValueRange{noScore, r.i32(-1), r.i32(0)},
                    [&](OpBuilder &sb, Location sl, Value cls,
                        ValueRange best) {
                      Glue x{sb, sl};
                      Value cur = x.extract(iter[3], {cls});
                      Value has =
                          x.cmpi(I::slt, cur, x.extract(counts, {cls}));
                      // Read a valid slot even for an exhausted class.
                      Value slot = x.toIndex(x.select(has, cur, x.i32(0)));
                      Value box = x.toIndex(x.extract(table, {cls, slot}));
                      Value s = x.extract(scoresIn, {batch, box, cls});
                      Value better = x.andI(
                          has, x.orI(x.cmpi(I::slt, best[1], x.i32(0)),
                                     x.cmpf(arith::CmpFPredicate::OGT, s,
                                            best[0])));
                      scf::YieldOp::create(
                          sb, sl,
                          ValueRange{x.select(better, s, best[0]),
                                     x.select(better, x.toI32(cls), best[1]),
                                     x.select(better, x.toI32(box), best[2])});
                    });
                Value found = r.cmpi(I::sge, scan.getResult(1), r.i32(0));
                auto write = scf::IfOp::create(
                    rb, rl, found,
                    [&](OpBuilder &ib, Location il) {
                      Glue x{ib, il};
                      Value cls = x.toIndex(scan.getResult(1));
                      Value box = x.toIndex(scan.getResult(2));
                      Value qc = q == 1 ? x.idx(0) : cls;
                      Value ob = iter[0];
                      for (int64_t j = 0; j < 4; ++j) {
                        Value v = x.extract(boxesIn, {batch, box, qc, x.idx(j)});
                        if (op.getClipBoxes()) {
                          // TensorFlow: max(min(v, 1), 0).
                          Value one = arith::ConstantOp::create(
                              ib, il, ib.getFloatAttr(elementType, 1.0));
                          Value zero =
                              arith::ConstantOp::create(ib, il, zeroF);
                          v = x.select(
                              x.cmpf(arith::CmpFPredicate::OLT, one, v), one,
                              v);
                          v = x.select(
                              x.cmpf(arith::CmpFPredicate::OLT, v, zero), zero,
                              v);
                        }
                        ob = x.insert(v, ob, {batch, row, x.idx(j)});
                      }
                      Value os = x.insert(scan.getResult(0), iter[1],
                                          {batch, row});
                      Value classValue = arith::SIToFPOp::create(
                          ib, il, elementType, scan.getResult(1));
                      Value oc = x.insert(classValue, iter[2], {batch, row});
                      Value cur = x.extract(iter[3], {cls});
                      Value cursors =
                          x.insert(x.addI(cur, x.i32(1)), iter[3], {cls});
                      scf::YieldOp::create(
                          ib, il,
                          ValueRange{ob, os, oc, cursors,
                                     x.addI(iter[4], x.i32(1))});
                    },
                    [&](OpBuilder &ib, Location il) {
                      scf::YieldOp::create(ib, il, iter);
                    });
                scf::YieldOp::create(rb, rl, write.getResults());
              });
          Value newValid = w.insert(rowLoop.getResult(4), outs[3], {batch});
          scf::YieldOp::create(
              bb, bl,
              ValueRange{rowLoop.getResult(0), rowLoop.getResult(1),
                         rowLoop.getResult(2), newValid});
        });
    rewriter.replaceOp(op, batchLoop.getResults());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Quantized TFLite_Detection_PostProcess inputs
//===----------------------------------------------------------------------===//

/// `(float(q) - float(zero_point)) * scale` of every byte of `input` (i8
/// bytes read as `storage`, ui8 or si8), as TFLite's Dequantize: one
/// rounding, of the product.
static Value dequantize(OpBuilder &b, Location loc, Value input,
                        IntegerType storage, FloatAttr scale,
                        IntegerAttr zeroPoint) {
  auto type = cast<RankedTensorType>(input.getType());
  auto f32Type = RankedTensorType::get(type.getShape(), b.getF32Type());
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), b.getF32Type());
  AffineMap id = b.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> parallel(type.getRank(),
                                            utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{f32Type}, ValueRange{input}, ValueRange{init},
             ArrayRef<AffineMap>{id, id}, parallel,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Type i32 = nb.getI32Type(), f32 = nb.getF32Type();
               Value wide =
                   storage.isUnsigned()
                       ? arith::ExtUIOp::create(nb, nl, i32, args[0])
                             .getResult()
                       : arith::ExtSIOp::create(nb, nl, i32, args[0])
                             .getResult();
               Value v = arith::SIToFPOp::create(nb, nl, f32, wide);
               Value zp = arith::ConstantOp::create(
                   nb, nl, nb.getF32FloatAttr(
                               static_cast<float>(zeroPoint.getInt())));
               Value s = arith::ConstantOp::create(
                   nb, nl,
                   nb.getF32FloatAttr(scale.getValue().convertToFloat()));
               Value d = arith::MulFOp::create(
                   nb, nl, arith::SubFOp::create(nb, nl, v, zp), s);
               linalg::YieldOp::create(nb, nl, d);
             })
      .getResult(0);
}

/// A TFLite_Detection_PostProcess with quantized inputs becomes the same op
/// on their dequantized f32 values.
struct DequantizeDetectionPostprocess
    : OpRewritePattern<DetectionPostprocessOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(DetectionPostprocessOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getBoxQuantization() && !op.getClassQuantization())
      return rewriter.notifyMatchFailure(op, "float inputs");
    Location loc = op.getLoc();
    Value encodings = op.getBoxEncodings();
    if (std::optional<Type> storage = op.getBoxQuantization())
      encodings = dequantize(rewriter, loc, encodings,
                             cast<IntegerType>(*storage), op.getBoxScaleAttr(),
                             op.getBoxZeroPointAttr());
    Value predictions = op.getClassPredictions();
    if (std::optional<Type> storage = op.getClassQuantization())
      predictions = dequantize(rewriter, loc, predictions,
                               cast<IntegerType>(*storage),
                               op.getClassScaleAttr(),
                               op.getClassZeroPointAttr());
    auto floatOp = DetectionPostprocessOp::create(
        rewriter, loc, op.getResultTypes(), encodings, predictions,
        op.getAnchors(), op.getNumClassesAttr(), op.getMaxDetectionsAttr(),
        op.getMaxClassesPerDetectionAttr(), op.getDetectionsPerClassAttr(),
        op.getScoreThresholdAttr(), op.getIouThresholdAttr(),
        op.getYScaleAttr(), op.getXScaleAttr(), op.getHScaleAttr(),
        op.getWScaleAttr(), op.getUseRegularNmsAttr(), op.getDecodeTypeAttr(),
        TypeAttr(), FloatAttr(), IntegerAttr(), TypeAttr(), FloatAttr(),
        IntegerAttr());
    rewriter.replaceOp(op, floatOp.getResults());
    return success();
  }
};

struct DetectDecomposePass
    : mlir::detect::impl::DetectDecomposeBase<DetectDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MulticlassNmsDecomposition, DetectionPostprocessDecomposition>(
        &getContext());
    patterns.add<CombinedNmsDecomposition>(&getContext());
    patterns.add<DequantizeDetectionPostprocess>(&getContext());
    patterns.add<BatchedNmsDecomposition, RemoveSmallBoxesDecomposition>(
        &getContext());
    populateYoloDecompositionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
