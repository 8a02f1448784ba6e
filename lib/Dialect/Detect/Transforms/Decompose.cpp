//===- Decompose.cpp - framework-level detect ops to core ops -------------===//
//
// Part of detect-mlir. Each framework-level op is rewritten into the core
// ops with the attributes that state its framework's rules, so that every
// framework shares one lowering of NMS, decoding and IoU.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectOps.h"
#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTDECOMPOSE
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

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
                    /*valid_count=*/Value(), op.getIouThresholdValue(),
                    op.getScoreThresholdValue(), op.getMaxOutputValue(),
                    iouAttr, op.getScoreThresholdAttr(),
                    op.getMaxOutputBoxesPerClassAttr(),
                    ComparisonAttr::get(cb.getContext(), Comparison::gt),
                    ComparisonAttr::get(cb.getContext(), Comparison::gt),
                    BoxLayoutAttr::get(cb.getContext(), layout),
                    cornerLayout ? cb.getUnitAttr() : UnitAttr(),
                    DegenerateRuleAttr::get(cb.getContext(),
                                            DegenerateRule::zero_union));
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

struct DetectDecomposePass
    : mlir::detect::impl::DetectDecomposeBase<DetectDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<MulticlassNmsDecomposition>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
