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
    GlueBuilder g{rewriter, loc};
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto scoresType = cast<RankedTensorType>(op.getScores().getType());
    auto outBoxesType = cast<RankedTensorType>(op.getNmsedBoxes().getType());
    auto outRowsType = cast<RankedTensorType>(op.getNmsedScores().getType());
    auto validType = cast<RankedTensorType>(op.getValidDetections().getType());
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
    auto tableType = RankedTensorType::get(
        {numClasses, std::max<int64_t>(perClass, 1)}, i32);
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
          GlueBuilder w{bb, bl};
          // Boxes shared by all classes are copied once per batch.
          auto classBoxes = [&](OpBuilder &b, Location l, Value cls) {
            return tensor::GenerateOp::create(
                b, l, classBoxesType, ValueRange{},
                [&](OpBuilder &gb, Location gl, ValueRange at) {
                  GlueBuilder x{gb, gl};
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
          Value table = filled(bb, bl, tableType, bb.getI32IntegerAttr(0));
          Value counts = filled(bb, bl, countsType, bb.getI32IntegerAttr(0));
          auto classLoop = scf::ForOp::create(
              bb, bl, w.idx(0), w.idx(numClasses), w.idx(1),
              ValueRange{table, counts},
              [&](OpBuilder &cb, Location cl, Value cls, ValueRange iter) {
                GlueBuilder c{cb, cl};
                Value boxesC = shared ? shared : classBoxes(cb, cl, cls);
                Value scoresC = tensor::GenerateOp::create(
                    cb, cl, classScoresType, ValueRange{},
                    [&](OpBuilder &gb, Location gl, ValueRange at) {
                      GlueBuilder x{gb, gl};
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
                      cb.getUnitAttr(), zeroArea, IntegerAttr(), FloatAttr(),
                      SoftNmsOverlapAttr());
                  inheritStrategy(op, nms);
                  kept = nms.getIndices();
                  count = nms.getCount();
                }
                auto copy = scf::ForOp::create(
                    cb, cl, c.idx(0), c.toIndex(count), c.idx(1),
                    ValueRange{iter[0]},
                    [&](OpBuilder &kb, Location kl, Value k, ValueRange t) {
                      GlueBuilder x{kb, kl};
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
          Value cursors = filled(bb, bl, countsType, bb.getI32IntegerAttr(0));
          auto rowLoop = scf::ForOp::create(
              bb, bl, w.idx(0), w.idx(m), w.idx(1),
              ValueRange{outs[0], outs[1], outs[2], cursors, w.i32(0)},
              [&](OpBuilder &rb, Location rl, Value row, ValueRange iter) {
                using I = arith::CmpIPredicate;
                GlueBuilder r{rb, rl};
                Value noScore = arith::ConstantOp::create(rb, rl, zeroF);
                auto scan = scf::ForOp::create(
                    rb, rl, r.idx(0), r.idx(numClasses), r.idx(1),
                    ValueRange{noScore, r.i32(-1), r.i32(0)},
                    [&](OpBuilder &sb, Location sl, Value cls,
                        ValueRange best) {
                      GlueBuilder x{sb, sl};
                      Value cur = x.extract(iter[3], {cls});
                      Value has = x.cmpi(I::slt, cur, x.extract(counts, {cls}));
                      // Read a valid slot even for an exhausted class.
                      Value slot = x.toIndex(x.select(has, cur, x.i32(0)));
                      Value box = x.toIndex(x.extract(table, {cls, slot}));
                      Value s = x.extract(scoresIn, {batch, box, cls});
                      Value better = x.andI(
                          has,
                          x.orI(x.cmpi(I::slt, best[1], x.i32(0)),
                                x.cmpf(arith::CmpFPredicate::OGT, s, best[0])));
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
                      GlueBuilder x{ib, il};
                      Value cls = x.toIndex(scan.getResult(1));
                      Value box = x.toIndex(scan.getResult(2));
                      Value qc = q == 1 ? x.idx(0) : cls;
                      Value ob = iter[0];
                      for (int64_t j = 0; j < 4; ++j) {
                        Value v =
                            x.extract(boxesIn, {batch, box, qc, x.idx(j)});
                        if (op.getClipBoxes()) {
                          // TensorFlow: max(min(v, 1), 0).
                          Value one = arith::ConstantOp::create(
                              ib, il, ib.getFloatAttr(elementType, 1.0));
                          Value zero = arith::ConstantOp::create(ib, il, zeroF);
                          v = x.select(
                              x.cmpf(arith::CmpFPredicate::OLT, one, v), one,
                              v);
                          v = x.select(
                              x.cmpf(arith::CmpFPredicate::OLT, v, zero), zero,
                              v);
                        }
                        ob = x.insert(v, ob, {batch, row, x.idx(j)});
                      }
                      Value os =
                          x.insert(scan.getResult(0), iter[1], {batch, row});
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
