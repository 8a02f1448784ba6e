//===- Onnx.cpp - ONNX NonMaxSuppression to core ops ----------------------===//
//
// Part of detect-mlir. detect.multiclass_nms (ONNX NonMaxSuppression) becomes
// one detect.nms per (batch, class) in scf loops.
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
    GlueBuilder ib{rewriter, loc};

    Value selected = minusOnes(rewriter, loc, selectedType);
    // ONNX's default limit is 0: no output. So is a zero capacity.
    bool noLimit =
        !op.getMaxOutputBoxesPerClassAttr() && !op.getMaxOutputValue();
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

    Value zero = ib.idx(0), one = ib.idx(1), capacityValue = ib.idx(capacity);
    Value numBatches = ib.dim(op.getBoxes(), 0);
    Value numClasses = ib.dim(op.getScores(), 1);
    auto batchLoop = scf::ForOp::create(
        rewriter, loc, zero, numBatches, one, ValueRange{selected, zero},
        [&](OpBuilder &bb, Location bl, Value batch, ValueRange batchIter) {
          Value classBoxes =
              copyRow(bb, bl, classBoxesType, op.getBoxes(), {batch});
          auto classLoop = scf::ForOp::create(
              bb, bl, zero, numClasses, one, batchIter,
              [&](OpBuilder &cb, Location cl, Value cls, ValueRange iter) {
                GlueBuilder ci{cb, cl};
                Value classScores = copyRow(cb, cl, classScoresType,
                                            op.getScores(), {batch, cls});
                NmsSpec spec;
                spec.validCount = op.getValidCount();
                spec.iouValue = op.getIouThresholdValue();
                spec.scoreValue = op.getScoreThresholdValue();
                spec.maxOutputValue = op.getMaxOutputValue();
                spec.iou = iouAttr;
                spec.score = op.getScoreThresholdAttr();
                spec.maxOutput = op.getMaxOutputBoxesPerClassAttr();
                spec.layout = layout;
                spec.normalizeCorners = cornerLayout;
                spec.degenerate = DegenerateRule::zero_union;
                NmsOp nms = createNms(cb, cl, op, keepType, classBoxes,
                                      classScores, spec);
                Value out = iter[0], total = iter[1];
                Value kept = ci.cast(nms.getCount(), cb.getIndexType());
                Value rows = ci.minI(kept, ci.subI(capacityValue, total));
                Value batchIndex = ci.cast(batch, indexType);
                Value classIndex = ci.cast(cls, indexType);
                auto rowLoop = scf::ForOp::create(
                    cb, cl, zero, rows, one, ValueRange{out},
                    [&](OpBuilder &rb, Location rl, Value j, ValueRange o) {
                      GlueBuilder ri{rb, rl};
                      Value row = ri.addI(total, j);
                      Value box = tensor::ExtractOp::create(
                          rb, rl, nms.getIndices(), ValueRange{j});
                      Value t = o[0];
                      Value columns[3] = {batchIndex, classIndex, box};
                      for (int64_t col = 0; col < 3; ++col)
                        t = tensor::InsertOp::create(
                            rb, rl, columns[col], t,
                            ValueRange{row, ri.idx(col)});
                      scf::YieldOp::create(rb, rl, t);
                    });
                scf::YieldOp::create(
                    cb, cl,
                    ValueRange{rowLoop.getResult(0), ci.addI(total, rows)});
              });
          scf::YieldOp::create(bb, bl, classLoop.getResults());
        });
    Value count = ib.cast(batchLoop.getResult(1), indexType);
    rewriter.replaceOp(op, {batchLoop.getResult(0), count});
    return success();
  }
};

} // namespace

void mlir::detect::decompose::populateOnnxDecompositionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MulticlassNmsDecomposition>(patterns.getContext());
}
