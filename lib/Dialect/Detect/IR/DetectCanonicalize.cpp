//===- DetectCanonicalize.cpp - canonicalization patterns -----------------===//
//
// Part of detect-mlir. Every rewrite here is exact: it never changes a
// result bit. (The one folder that can, the a -> b -> a round trip of
// box_convert, is documented on the op and lives in DetectOps.cpp.) Rewrites
// that would change rounding (absorbing an `xywh` conversion into an IoU,
// say) are deliberately absent, so that results stay identical to the
// framework that produced the IR.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::detect;

/// A valid-row count that is a constant >= N selects every row: drop it.
template <typename OpTy>
static LogicalResult dropFullValidCount(OpTy op, PatternRewriter &rewriter) {
  Value count = op.getValidCount();
  if (!count)
    return failure();
  llvm::APInt value;
  int64_t rows =
      cast<RankedTensorType>(op->getOperand(0).getType()).getDimSize(0);
  if (ShapedType::isDynamic(rows) ||
      !matchPattern(count, m_ConstantInt(&value)) ||
      value.getSExtValue() < rows)
    return failure();
  rewriter.modifyOpInPlace(op, [&] { op.getValidCountMutable().clear(); });
  return success();
}

/// `pattern` of an op with a valid-row count, then the drop of that count.
template <typename OpTy>
static void addWithValidCount(RewritePatternSet &results,
                              LogicalResult (*pattern)(OpTy,
                                                       PatternRewriter &)) {
  results.add(pattern);
  results.add(dropFullValidCount<OpTy>);
}

/// The source of `value` when it is a box_convert that only permutes
/// coordinates (xyxy <-> yxyx) over all rows.
static BoxConvertOp getPermutingConvert(Value value) {
  auto convert = value.getDefiningOp<BoxConvertOp>();
  if (!convert || convert.getValidCount() ||
      !isPermutation(convert.getFrom(), convert.getTo()))
    return {};
  return convert;
}

/// Ops whose result has no box layout (areas, IoU, indices) can read the
/// boxes before an exact permutation and adjust their `layout` instead.
template <typename OpTy>
static LogicalResult absorbPermutingConvert(OpTy op,
                                            PatternRewriter &rewriter) {
  BoxConvertOp convert = getPermutingConvert(op.getBoxes());
  if (!convert || convert.getTo() != op.getLayout())
    return failure();
  // A type change (static to dynamic rows) would change what the op verifies.
  if (convert.getBoxes().getType() != convert.getType())
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    op.getBoxesMutable().assign(convert.getBoxes());
    op.setLayout(convert.getFrom());
  });
  return success();
}

/// A scalar operand defined by a constant becomes the attribute form.
static FloatAttr getConstantFloat(Value value) {
  FloatAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return {};
  return FloatAttr::get(Float64Type::get(value.getContext()),
                        attr.getValueAsDouble());
}

//===----------------------------------------------------------------------===//

static LogicalResult composePermutations(BoxConvertOp op,
                                         PatternRewriter &rewriter) {
  // convert(convert(x, a -> b), b -> c) with a -> b a permutation reads x
  // directly: the permutation carries no rounding.
  BoxConvertOp inner = getPermutingConvert(op.getBoxes());
  if (!inner || inner.getBoxes().getType() != inner.getType())
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    op.getBoxesMutable().assign(inner.getBoxes());
    op.setFrom(inner.getFrom());
  });
  return success();
}

void BoxConvertOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *) {
  addWithValidCount(results, composePermutations);
}

void BoxAreaOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *) {
  addWithValidCount(results, absorbPermutingConvert<BoxAreaOp>);
}

static LogicalResult foldConstantImageSize(ClipBoxesOp op,
                                           PatternRewriter &rewriter) {
  // Only sizes the attribute form accepts (finite, non-negative).
  auto validSize = [](FloatAttr size) -> FloatAttr {
    if (size && std::isfinite(size.getValueAsDouble()) &&
        size.getValueAsDouble() >= 0)
      return size;
    return {};
  };
  FloatAttr height = validSize(getConstantFloat(op.getHeightValue()));
  FloatAttr width = validSize(getConstantFloat(op.getWidthValue()));
  if (!height && !width)
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    if (height) {
      op.setHeightAttr(height);
      op.getHeightValueMutable().clear();
    }
    if (width) {
      op.setWidthAttr(width);
      op.getWidthValueMutable().clear();
    }
  });
  return success();
}

void ClipBoxesOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *) {
  addWithValidCount(results, foldConstantImageSize);
}

void DecodeBoxesOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                                MLIRContext *) {
  results.add(dropFullValidCount<DecodeBoxesOp>);
}

static LogicalResult absorbPermutingConverts(IouOp op,
                                             PatternRewriter &rewriter) {
  // Both sides share one layout attribute, so both must be permuted alike.
  BoxConvertOp lhs = getPermutingConvert(op.getLhs());
  BoxConvertOp rhs = getPermutingConvert(op.getRhs());
  if (!lhs || !rhs || lhs.getFrom() != rhs.getFrom() ||
      lhs.getTo() != op.getLayout() || rhs.getTo() != op.getLayout() ||
      lhs.getBoxes().getType() != lhs.getType() ||
      rhs.getBoxes().getType() != rhs.getType())
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    op.getLhsMutable().assign(lhs.getBoxes());
    op.getRhsMutable().assign(rhs.getBoxes());
    op.setLayout(lhs.getFrom());
  });
  return success();
}

static LogicalResult dropFullIouCounts(IouOp op, PatternRewriter &rewriter) {
  auto isFull = [](Value count, Value boxes) {
    llvm::APInt value;
    int64_t rows = cast<RankedTensorType>(boxes.getType()).getDimSize(0);
    return count && !ShapedType::isDynamic(rows) &&
           matchPattern(count, m_ConstantInt(&value)) &&
           value.getSExtValue() >= rows;
  };
  bool lhs = isFull(op.getLhsValidCount(), op.getLhs());
  bool rhs = isFull(op.getRhsValidCount(), op.getRhs());
  if (!lhs && !rhs)
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    if (lhs)
      op.getLhsValidCountMutable().clear();
    if (rhs)
      op.getRhsValidCountMutable().clear();
  });
  return success();
}

void IouOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *) {
  results.add(absorbPermutingConverts);
  results.add(dropFullIouCounts);
}

static LogicalResult foldConstantRules(NmsOp op, PatternRewriter &rewriter) {
  FloatAttr iou = getConstantFloat(op.getIouThresholdValue());
  // A constant outside [0, 1] keeps its run-time meaning; the attribute
  // form would not verify.
  if (iou && !(iou.getValueAsDouble() >= 0 && iou.getValueAsDouble() <= 1))
    iou = {};
  FloatAttr score = getConstantFloat(op.getScoreThresholdValue());
  if (score && std::isnan(score.getValueAsDouble()))
    score = {};
  // A run-time limit at or above the capacity is the capacity itself.
  std::optional<int64_t> maxOutput;
  llvm::APInt limit;
  int64_t capacity =
      cast<RankedTensorType>(op.getIndices().getType()).getDimSize(0);
  if (op.getMaxOutputSize() && !ShapedType::isDynamic(capacity) &&
      matchPattern(op.getMaxOutputSize(), m_ConstantInt(&limit)) &&
      limit.getSExtValue() >= capacity)
    maxOutput = capacity;
  if (!iou && !score && !maxOutput)
    return failure();
  rewriter.modifyOpInPlace(op, [&] {
    if (iou) {
      op.setIouThresholdAttr(iou);
      op.getIouThresholdValueMutable().clear();
    }
    if (score) {
      op.setScoreThresholdAttr(score);
      op.getScoreThresholdValueMutable().clear();
    }
    if (maxOutput) {
      op.setMaxOutput(*maxOutput);
      op.getMaxOutputSizeMutable().clear();
    }
  });
  return success();
}

/// With no index slots (max_output(0)) nothing is kept: the result is an
/// empty tensor and a zero count, whatever the boxes.
static LogicalResult foldZeroCapacity(NmsOp op, PatternRewriter &rewriter) {
  auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
  if (indicesType.getDimSize(0) != 0)
    return failure();
  Value empty =
      tensor::EmptyOp::create(rewriter, op.getLoc(), indicesType.getShape(),
                              indicesType.getElementType());
  Value zero = arith::ConstantOp::create(
      rewriter, op.getLoc(), op.getCount().getType(),
      rewriter.getIntegerAttr(op.getCount().getType(), 0));
  rewriter.replaceOp(op, {empty, zero});
  return success();
}

void NmsOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *) {
  results.add(foldZeroCapacity);
  results.add(foldConstantRules);
  results.add(absorbPermutingConvert<NmsOp>);
  results.add(dropFullValidCount<NmsOp>);
}
