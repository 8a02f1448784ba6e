//===- TensorFlow.cpp - TensorFlow combined NMS to core ops ---------------===//
//
// Part of detect-mlir. detect.combined_nms (CombinedNonMaxSuppression)
// becomes one detect.nms (or detect.soft_nms) per class and a merge of the
// classes' lists.
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

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::decompose;

namespace {

//===----------------------------------------------------------------------===//
// TensorFlow CombinedNonMaxSuppression
//===----------------------------------------------------------------------===//

/// The pieces of one combined_nms rewrite: each reads the op's shapes and
/// rules from here.
struct CombinedNmsBuilder {
  CombinedNmsOp op;
  FloatType elementType;
  int64_t n, q, numClasses, m, perClass;

  TypedAttr zeroF() { return FloatAttr::get(elementType, 0.0); }
  Type i32() { return IntegerType::get(op.getContext(), 32); }
  RankedTensorType countsType() {
    return RankedTensorType::get({numClasses}, i32());
  }

  /// The boxes of class `cls` in `batch` (the shared ones when q == 1).
  Value classBoxes(OpBuilder &b, Location l, Value batch, Value cls) {
    auto type = RankedTensorType::get({n, 4}, elementType);
    return tensor::GenerateOp::create(
        b, l, type, ValueRange{},
        [&](OpBuilder &gb, Location gl, ValueRange at) {
          GlueBuilder x{gb, gl};
          Value v = x.extract(op.getBoxes(),
                              {batch, at[0], q == 1 ? x.idx(0) : cls, at[1]});
          tensor::YieldOp::create(gb, gl, v);
        });
  }

  /// One class's hard NMS: its kept indices and their count.
  std::pair<Value, Value> classNms(OpBuilder &b, Location l, Value boxes,
                                   Value scores) {
    MLIRContext *ctx = b.getContext();
    auto keptType = RankedTensorType::get({perClass}, i32());
    auto yxyx = BoxLayoutAttr::get(ctx, BoxLayout::yxyx);
    auto zeroArea = DegenerateRuleAttr::get(ctx, DegenerateRule::zero_area);
    auto gt = ComparisonAttr::get(ctx, Comparison::gt);
    auto iouCompare = ComparisonAttr::get(ctx, op.getIouCompare());
    std::optional<Type> computeType = op.getComputeType();
    if (computeType && *computeType != elementType) {
      // sigma 0: every weight is 1, so this is hard NMS (TensorFlow's V3 is
      // V5 with sigma 0), in computeType.
      auto soft = SoftNmsOp::create(
          b, l, keptType, RankedTensorType::get({perClass}, elementType), i32(),
          boxes, scores, SoftNmsMethodAttr::get(ctx, SoftNmsMethod::gaussian),
          SoftNmsUpdateAttr::get(ctx, SoftNmsUpdate::lazy),
          b.getF64FloatAttr(0.0), op.getIouThresholdAttr(),
          op.getScoreThresholdAttr(), b.getI64IntegerAttr(perClass), iouCompare,
          gt, yxyx, b.getUnitAttr(), zeroArea,
          SoftNmsOverlapAttr::get(ctx, SoftNmsOverlap::iou),
          TypeAttr::get(*computeType),
          /*pad_to_max_output=*/UnitAttr());
      return {soft.getIndices(), soft.getCount()};
    }
    NmsSpec spec;
    spec.iou = op.getIouThresholdAttr();
    spec.score = op.getScoreThresholdAttr();
    spec.maxOutput = b.getI64IntegerAttr(perClass);
    spec.iouCompare = op.getIouCompare();
    spec.layout = BoxLayout::yxyx;
    spec.normalizeCorners = true;
    spec.degenerate = DegenerateRule::zero_area;
    NmsOp nms = createNms(b, l, op, keptType, boxes, scores, spec);
    return {nms.getIndices(), nms.getCount()};
  }

  /// Each class's NMS in `batch`, its kept indices into row c of a [C, P]
  /// table: the table and the counts.
  std::pair<Value, Value> selectPerClass(OpBuilder &b, Location l,
                                         Value batch) {
    GlueBuilder w{b, l};
    Value shared = q == 1 ? classBoxes(b, l, batch, Value()) : Value();
    // No boxes (perClass == 0) takes no table: the batch body returns first.
    auto tableType = RankedTensorType::get(
        {numClasses, std::max<int64_t>(perClass, 1)}, i32());
    auto classScoresType = RankedTensorType::get({n}, elementType);
    Value table = filled(b, l, tableType, b.getI32IntegerAttr(0));
    Value counts = filled(b, l, countsType(), b.getI32IntegerAttr(0));
    auto classLoop = scf::ForOp::create(
        b, l, w.idx(0), w.idx(numClasses), w.idx(1), ValueRange{table, counts},
        [&](OpBuilder &cb, Location cl, Value cls, ValueRange iter) {
          GlueBuilder c{cb, cl};
          Value boxesC = shared ? shared : classBoxes(cb, cl, batch, cls);
          Value scoresC = tensor::GenerateOp::create(
              cb, cl, classScoresType, ValueRange{},
              [&](OpBuilder &gb, Location gl, ValueRange at) {
                GlueBuilder x{gb, gl};
                tensor::YieldOp::create(
                    gb, gl, x.extract(op.getScores(), {batch, at[0], cls}));
              });
          Value kept, count;
          std::tie(kept, count) = classNms(cb, cl, boxesC, scoresC);
          auto copy = scf::ForOp::create(
              cb, cl, c.idx(0), c.toIndex(count), c.idx(1), ValueRange{iter[0]},
              [&](OpBuilder &kb, Location kl, Value k, ValueRange t) {
                GlueBuilder x{kb, kl};
                scf::YieldOp::create(
                    kb, kl, x.insert(x.extract(kept, {k}), t[0], {cls, k}));
              });
          Value newCounts = c.insert(count, iter[1], {cls});
          scf::YieldOp::create(cb, cl,
                               ValueRange{copy.getResult(0), newCounts});
        });
    return {classLoop.getResult(0), classLoop.getResult(1)};
  }

  /// The best head of the classes' lists at their `cursors`: its score,
  /// class (-1: none left) and box, by (score desc, class asc).
  scf::ForOp bestHead(OpBuilder &b, Location l, Value batch, Value cursors,
                      Value table, Value counts) {
    using I = arith::CmpIPredicate;
    GlueBuilder r{b, l};
    Value noScore = arith::ConstantOp::create(b, l, zeroF());
    return scf::ForOp::create(
        b, l, r.idx(0), r.idx(numClasses), r.idx(1),
        ValueRange{noScore, r.i32(-1), r.i32(0)},
        [&](OpBuilder &sb, Location sl, Value cls, ValueRange best) {
          GlueBuilder x{sb, sl};
          Value cur = x.extract(cursors, {cls});
          Value has = x.cmpi(I::slt, cur, x.extract(counts, {cls}));
          // Read a valid slot even for an exhausted class.
          Value slot = x.toIndex(x.select(has, cur, x.i32(0)));
          Value box = x.toIndex(x.extract(table, {cls, slot}));
          Value s = x.extract(op.getScores(), {batch, box, cls});
          Value better =
              x.andI(has, x.orI(x.cmpi(I::slt, best[1], x.i32(0)),
                                x.cmpf(arith::CmpFPredicate::OGT, s, best[0])));
          scf::YieldOp::create(
              sb, sl,
              ValueRange{x.select(better, s, best[0]),
                         x.select(better, x.toI32(cls), best[1]),
                         x.select(better, x.toI32(box), best[2])});
        });
  }

  /// Writes result `row` of `batch` from the head that `scan` found and
  /// advances that class's cursor: the updated (boxes, scores, classes,
  /// cursors, count).
  SmallVector<Value> writeRow(GlueBuilder &x, Value batch, Value row,
                              scf::ForOp scan, ValueRange iter) {
    Value cls = x.toIndex(scan.getResult(1));
    Value box = x.toIndex(scan.getResult(2));
    Value qc = q == 1 ? x.idx(0) : cls;
    Value ob = iter[0];
    for (int64_t j = 0; j < 4; ++j) {
      Value v = x.extract(op.getBoxes(), {batch, box, qc, x.idx(j)});
      if (op.getClipBoxes()) {
        // TensorFlow: max(min(v, 1), 0).
        Value one = arith::ConstantOp::create(
            x.b, x.loc, x.b.getFloatAttr(elementType, 1.0));
        Value zero = arith::ConstantOp::create(x.b, x.loc, zeroF());
        v = x.select(x.cmpf(arith::CmpFPredicate::OLT, one, v), one, v);
        v = x.select(x.cmpf(arith::CmpFPredicate::OLT, v, zero), zero, v);
      }
      ob = x.insert(v, ob, {batch, row, x.idx(j)});
    }
    Value os = x.insert(scan.getResult(0), iter[1], {batch, row});
    Value classValue =
        arith::SIToFPOp::create(x.b, x.loc, elementType, scan.getResult(1));
    Value oc = x.insert(classValue, iter[2], {batch, row});
    Value cur = x.extract(iter[3], {cls});
    Value cursors = x.insert(x.addI(cur, x.i32(1)), iter[3], {cls});
    return {ob, os, oc, cursors, x.addI(iter[4], x.i32(1))};
  }

  /// The M best rows of `batch`: a merge of the classes' lists by their
  /// heads, written into `outs`. Returns (boxes, scores, classes, cursors,
  /// count).
  scf::ForOp mergeRows(OpBuilder &b, Location l, Value batch, ValueRange outs,
                       Value table, Value counts) {
    GlueBuilder w{b, l};
    Value cursors = filled(b, l, countsType(), b.getI32IntegerAttr(0));
    return scf::ForOp::create(
        b, l, w.idx(0), w.idx(m), w.idx(1),
        ValueRange{outs[0], outs[1], outs[2], cursors, w.i32(0)},
        [&](OpBuilder &rb, Location rl, Value row, ValueRange iter) {
          GlueBuilder r{rb, rl};
          scf::ForOp scan = bestHead(rb, rl, batch, iter[3], table, counts);
          Value found =
              r.cmpi(arith::CmpIPredicate::sge, scan.getResult(1), r.i32(0));
          auto write = scf::IfOp::create(
              rb, rl, found,
              [&](OpBuilder &ib, Location il) {
                GlueBuilder x{ib, il};
                scf::YieldOp::create(ib, il,
                                     writeRow(x, batch, row, scan, iter));
              },
              [&](OpBuilder &ib, Location il) {
                scf::YieldOp::create(ib, il, iter);
              });
          scf::YieldOp::create(rb, rl, write.getResults());
        });
  }
};

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
    GlueBuilder g{rewriter, loc};
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto scoresType = cast<RankedTensorType>(op.getScores().getType());
    auto outBoxesType = cast<RankedTensorType>(op.getNmsedBoxes().getType());
    auto outRowsType = cast<RankedTensorType>(op.getNmsedScores().getType());
    auto validType = cast<RankedTensorType>(op.getValidDetections().getType());
    if (!boxesType.hasStaticShape() || !scoresType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    int64_t n = boxesType.getDimSize(1);
    CombinedNmsBuilder cb{
        op,
        cast<FloatType>(boxesType.getElementType()),
        n,
        boxesType.getDimSize(2),
        scoresType.getDimSize(2),
        outRowsType.getDimSize(1),
        std::min<int64_t>(op.getMaxOutputSizePerClassAttr().getInt(), n)};

    Value outBoxes = filled(rewriter, loc, outBoxesType, cb.zeroF());
    Value outScores = filled(rewriter, loc, outRowsType, cb.zeroF());
    Value outClasses = filled(rewriter, loc, outRowsType, cb.zeroF());
    Value valid =
        filled(rewriter, loc, validType, rewriter.getI32IntegerAttr(0));
    // No boxes (perClass == 0): the batch loop still runs, so that each
    // result is its own value (returning one zero tensor twice trips
    // buffer-results-to-out-params), and yields the padding.
    auto batchLoop = scf::ForOp::create(
        rewriter, loc, g.idx(0), g.idx(boxesType.getDimSize(0)), g.idx(1),
        ValueRange{outBoxes, outScores, outClasses, valid},
        [&](OpBuilder &bb, Location bl, Value batch, ValueRange outs) {
          GlueBuilder w{bb, bl};
          if (cb.perClass == 0) {
            // No boxes: nothing to select, and nothing to read (the merge
            // reads a slot of every class, exhausted or not).
            scf::YieldOp::create(
                bb, bl,
                ValueRange{outs[0], outs[1], outs[2],
                           w.insert(w.i32(0), outs[3], {batch})});
            return;
          }
          auto [table, counts] = cb.selectPerClass(bb, bl, batch);
          scf::ForOp rowLoop = cb.mergeRows(bb, bl, batch, outs, table, counts);
          Value newValid = w.insert(rowLoop.getResult(4), outs[3], {batch});
          scf::YieldOp::create(bb, bl,
                               ValueRange{rowLoop.getResult(0),
                                          rowLoop.getResult(1),
                                          rowLoop.getResult(2), newValid});
        });
    rewriter.replaceOp(op, batchLoop.getResults());
    return success();
  }
};

} // namespace

void mlir::detect::decompose::populateTensorFlowDecompositionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<CombinedNmsDecomposition>(patterns.getContext());
}
