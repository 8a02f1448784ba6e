//===- NmsToLoops.cpp - detect.nms to scf loops ---------------------------===//
//
// Part of detect-mlir. Greedy NMS is sequential at heart: which box is kept
// depends on every decision before it. It becomes scf loops over memrefs:
//
//   candidates = boxes whose score passes the test      (CandidateOrder.h)
//   grid = cell size and extent from the candidates     (KeptIndex.h)
//   heapify(candidates) by (score desc, index asc)      (CandidateOrder.h)
//   while candidates and kept < limit:                  (GreedySelection.h)
//     c = pop()
//     if no kept box that can intersect c has IoU(c, k) passing: keep c
//
// This file holds the patterns, which choose the parts for an op, and the
// pass. A lowering strategy plugs its comparisons (Suppression.h) into the
// selection: the float formula (the reference) or the fixed-point
// comparisons (FixedPointComparisons.h).
//
// Scratch: the candidate order (n entries) and, with a grid, two positions
// per cell and one bucket entry per box (a box number, or its corners on
// 64-bit targets); box corners and areas are recomputed from the input (the
// same operations, so the same bits) instead of being tabulated.
//
//===----------------------------------------------------------------------===//

#include "FixedPointComparisons.h"
#include "GreedySelection.h"

#include "detect/Conversion/DetectToLoops/DetectToLoops.h"
#include "detect/Conversion/Passes.h"
#include "detect/Conversion/Strategies.h"
#include "detect/Conversion/Utils/ConversionDriver.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <memory>

namespace mlir::detect {
#define GEN_PASS_DEF_CONVERTDETECTNMSTOLOOPS
#include "detect/Conversion/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

namespace {

/// The scratch and parts that one op's lowering composes.
struct NmsPlan {
  BoxReader reader;
  int64_t cells = 0;
  bool branchFree = false;
  Value scores, order, kept, keptCorners;
};

/// The reference lowering (float arithmetic), which takes every op. A
/// strategy derives from it and overrides the hooks below.
class NmsOpLowering : public OpRewritePattern<NmsOp> {
public:
  NmsOpLowering(MLIRContext *ctx, unsigned indexBitwidth,
                PatternBenefit benefit = 1)
      : OpRewritePattern(ctx, benefit), indexBitwidth(indexBitwidth) {}

  LogicalResult matchAndRewrite(NmsOp op,
                                PatternRewriter &rewriter) const override;

protected:
  /// Whether this strategy lowers `op`.
  virtual LogicalResult matchStrategy(NmsOp, PatternRewriter &) const {
    return success();
  }
  /// Whether the heap compares f32 scores as integers.
  virtual bool integerKeys() const { return false; }
  /// Whether the grid's buckets may hold corners (the branch-free scan).
  virtual bool allowsCornerBuckets() const { return true; }
  /// Allocates the strategy's tables beside the kept list (after it).
  virtual Value allocateTables(OpBuilder &, Location, NmsOp,
                               const NmsPlan &) const {
    return {};
  }
  /// The comparisons of the selection loop.
  virtual std::unique_ptr<Suppression>
  makeSuppression(NmsOp op, const BoxReader &reader, KeptList kept,
                  const Grid &grid, Value prune, Value) const {
    return std::make_unique<FloatSuppression>(op, reader, kept, grid, prune);
  }

  unsigned indexBitwidth;

private:
  NmsPlan plan(PatternRewriter &rewriter, NmsOp op) const;
};

/// The fixed-point strategy: the ops that select it, with f32 boxes and
/// scores and the IoU rule (OpenCV's overlap takes the reference
/// lowering).
class FixedPointNmsLowering : public NmsOpLowering {
public:
  FixedPointNmsLowering(MLIRContext *ctx, StrategySelection selection,
                        PatternBenefit benefit)
      : NmsOpLowering(ctx, selection.getIndexBitwidth(), benefit),
        selection(std::move(selection)) {}

protected:
  LogicalResult matchStrategy(NmsOp op,
                              PatternRewriter &rewriter) const override {
    if (!selection.selects(op))
      return rewriter.notifyMatchFailure(op, "another strategy is selected");
    if (!op.getBoxes().getType().getElementType().isF32() ||
        !op.getScores().getType().getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "only f32 boxes and scores");
    if (op.getOverlap() == SoftNmsOverlap::jaccard_distance)
      return rewriter.notifyMatchFailure(op, "only the IoU overlap");
    return success();
  }
  bool integerKeys() const override { return true; }
  /// The integer comparisons read the kept boxes' integer corners by kept
  /// position: buckets of positions, not of corners.
  bool allowsCornerBuckets() const override { return false; }
  /// Boxes decoded on read are compared in float only: decoded coordinates
  /// are integers by coincidence, and the table would cost K x 8 bytes for
  /// nothing.
  Value allocateTables(OpBuilder &b, Location loc, NmsOp op,
                       const NmsPlan &p) const override {
    if (p.reader.decode)
      return {};
    int64_t staticK = op.getIndices().getType().getDimSize(0);
    SmallVector<Value> dynamicK;
    if (ShapedType::isDynamic(staticK))
      dynamicK.push_back(tensor::DimOp::create(b, loc, op.getBoxes(), 0));
    return FixedPointSuppression::allocateCorners(b, loc, staticK, dynamicK);
  }
  std::unique_ptr<Suppression>
  makeSuppression(NmsOp op, const BoxReader &reader, KeptList kept,
                  const Grid &grid, Value prune, Value tables) const override {
    if (!tables)
      return NmsOpLowering::makeSuppression(op, reader, kept, grid, prune,
                                            tables);
    return std::make_unique<FixedPointSuppression>(op, reader, kept, grid,
                                                   prune, tables);
  }

private:
  StrategySelection selection;
};

/// Scores pass when they pass the op's score test; with no threshold,
/// every score but NaN is a candidate.
Value scorePasses(NmsOp op, BoxMath &m, Value score) {
  if (FloatAttr t = op.getScoreThresholdAttr())
    return m.passes(op.getScoreCompare(), score, t.getValueAsDouble());
  if (Value t = op.getScoreThresholdValue())
    return m.passes(op.getScoreCompare(), score, t);
  return m.cmp(arith::CmpFPredicate::ORD, score, score);
}

/// True when only intersecting boxes can suppress each other: `IoU > t`
/// with t >= 0 or `IoU >= t` with t > 0 (a NaN threshold passes nothing,
/// so pruning is exact then too). A constant for attribute thresholds
/// (after the rounding that BoxMath::passes applies, which keeps the
/// sign), a run-time test for operands. OpenCV's overlap makes two empty
/// boxes overlap fully: boxes that do not intersect can suppress each
/// other, so nothing is pruned.
Value buildPruningIsExact(OpBuilder &b, Location loc, NmsOp op) {
  if (op.getOverlap() == SoftNmsOverlap::jaccard_distance)
    return arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
  bool gt = op.getIouCompare() == Comparison::gt;
  if (FloatAttr t = op.getIouThresholdAttr()) {
    double v = t.getValueAsDouble();
    return arith::ConstantIntOp::create(b, loc, b.getI1Type(),
                                        gt ? v >= 0 : v > 0);
  }
  Value t = op.getIouThresholdValue();
  Value zero = arith::ConstantOp::create(b, loc, t.getType(),
                                         b.getFloatAttr(t.getType(), 0.0));
  return arith::CmpFOp::create(
      b, loc, gt ? arith::CmpFPredicate::UGE : arith::CmpFPredicate::UGT, t,
      zero);
}

} // namespace

// Decides the grid and how boxes are read, and allocates the scratch.
NmsPlan NmsOpLowering::plan(PatternRewriter &rewriter, NmsOp op) const {
  Location loc = op.getLoc();
  auto boxesType = op.getBoxes().getType();
  auto indicesType = op.getIndices().getType();
  auto elementType = cast<FloatType>(boxesType.getElementType());
  Type counterType = rewriter.getIntegerType(indexBitwidth);
  int64_t staticN = boxesType.getDimSize(0);
  int64_t staticK = indicesType.getDimSize(0);
  auto readOnly = [&](Value tensor) -> Value {
    auto type = cast<RankedTensorType>(tensor.getType());
    return bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(type.getShape(), elementType), tensor,
        /*readOnly=*/true);
  };
  NmsPlan p;
  // OpenCV's overlap: no pruning, hence no grid.
  bool jaccard = op.getOverlap() == SoftNmsOverlap::jaccard_distance;
  p.cells = jaccard ? 0 : gridCells(staticN, staticK, indexBitwidth);
  // On 64-bit machines (application processors: branch predictors that
  // random overlaps defeat, wide vector units), the buckets hold corners
  // and a candidate is compared with every box of a visited cell without
  // branches; on 32-bit microcontrollers (cheap branches, costly or
  // soft-float division) the buckets hold box numbers (2 or 4 bytes) and
  // the IoU is computed only for boxes that intersect.
  p.branchFree = p.cells > 0 && indexBitwidth == 64 && allowsCornerBuckets();

  // Decoding on read pays when every kept box is read from a copy of its
  // corners: the kept list's own (no grid) or the corner buckets. Buckets
  // of box numbers would decode a box at every comparison. OpenCV's
  // overlap reads the stored coordinates of both boxes itself.
  p.reader = BoxReader{Value(),     op.getLayout(), op.getNormalizeCorners(),
                       elementType, Value(),        std::nullopt};
  DecodeBoxesOp decode = decodedOnRead(op);
  if (decode && !jaccard && (p.cells == 0 || p.branchFree)) {
    p.reader.boxes = readOnly(decode.getEncodings());
    p.reader.anchors = readOnly(decode.getAnchors());
    p.reader.decode = DecodeRule::of(decode);
  } else {
    p.reader.boxes = readOnly(op.getBoxes());
  }
  p.scores = readOnly(op.getScores());

  // Scratch: the candidate heap (box numbers), and the result (unused
  // slots are -1), which also serves as the list of kept boxes.
  auto dynamicSize = [&](int64_t size) -> SmallVector<Value> {
    if (!ShapedType::isDynamic(size))
      return {};
    return {tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0)};
  };
  auto orderType =
      MemRefType::get({staticN}, storageType(rewriter, counterType, staticN));
  p.order =
      memref::AllocOp::create(rewriter, loc, orderType, dynamicSize(staticN));
  Type indexElementType = indicesType.getElementType();
  auto keptType = MemRefType::get(indicesType.getShape(), indexElementType);
  p.kept =
      memref::AllocOp::create(rewriter, loc, keptType, dynamicSize(staticK));
  Value minusOne =
      arith::ConstantOp::create(rewriter, loc, indexElementType,
                                rewriter.getIntegerAttr(indexElementType, -1));
  linalg::FillOp::create(rewriter, loc, ValueRange{minusOne},
                         ValueRange{p.kept});

  // Without a grid, the kept boxes' corners when boxes are decoded on
  // read: each is decoded once, when it is kept.
  if (p.reader.decode && p.cells == 0)
    p.keptCorners = memref::AllocOp::create(
        rewriter, loc, MemRefType::get({staticK, 4}, elementType),
        dynamicSize(staticK));
  return p;
}

LogicalResult NmsOpLowering::matchAndRewrite(NmsOp op,
                                             PatternRewriter &rewriter) const {
  if (failed(matchStrategy(op, rewriter)))
    return failure();
  Location loc = op.getLoc();
  auto indicesType = op.getIndices().getType();
  Type counterType = rewriter.getIntegerType(indexBitwidth);
  LoopBuilder lb{rewriter, loc, counterType};
  int64_t staticK = indicesType.getDimSize(0);
  // Sizes: N boxes, K index slots, n valid boxes, `limit` kept at most.
  Value numBoxes = lb.cast(
      tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0), counterType);
  Value capacity = ShapedType::isDynamic(staticK) ? numBoxes : lb.cst(staticK);
  Value numValid = numBoxes;
  if (Value count = op.getValidCount())
    numValid = lb.clampCount(count, numBoxes);
  Value limit = capacity;
  if (Value maxOutput = op.getMaxOutputSize())
    limit = lb.clampCount(maxOutput, capacity);

  NmsPlan p = plan(rewriter, op);
  Value tables = allocateTables(rewriter, loc, op, p);

  Value numCandidates = buildCandidates(
      rewriter, loc, p.scores, p.order, numValid,
      [&](BoxMath &m, Value score) { return scorePasses(op, m, score); });
  Value prune = buildPruningIsExact(rewriter, loc, op);
  Grid grid = Grid::build(rewriter, loc, p.reader, p.order, numCandidates,
                          prune, p.cells, op.getBoxes().getType().getDimSize(0),
                          p.branchFree, counterType);
  CandidateHeap heap{p.scores, p.order, integerKeys()};
  heap.buildHeapify(rewriter, loc, numCandidates);
  KeptList kept{p.kept, p.keptCorners};
  std::unique_ptr<Suppression> suppression =
      makeSuppression(op, p.reader, kept, grid, prune, tables);
  GreedySelection selection{op, p.reader, heap, kept, grid, prune};
  Value numKept =
      selection.build(rewriter, loc, numCandidates, limit, *suppression);

  Value indices = bufferization::ToTensorOp::create(rewriter, loc, indicesType,
                                                    p.kept, /*restrict=*/true,
                                                    /*writable=*/true);
  Value count = lb.cast(numKept, indicesType.getElementType());
  rewriter.replaceOp(op, {indices, count});
  return success();
}

namespace {
struct ConvertDetectNmsToLoopsPass
    : mlir::detect::impl::ConvertDetectNmsToLoopsBase<
          ConvertDetectNmsToLoopsPass> {
  using ConvertDetectNmsToLoopsBase::ConvertDetectNmsToLoopsBase;
  // The strategies are registered with the passes
  // (registerBuiltinLoweringStrategies), before any pass runs.
  void runOnOperation() override {
    auto populate = [&](RewritePatternSet &patterns) {
      populateDetectNmsToLoopsPatterns(patterns, indexBitwidth);
    };
    if (failed(lowerOpsWithStrategies<NmsOp>(getOperation(), nmsStrategy,
                                             indexBitwidth, populate)))
      signalPassFailure();
  }
};
} // namespace

void mlir::detect::populateDetectNmsToLoopsPatterns(RewritePatternSet &patterns,
                                                    unsigned indexBitwidth) {
  patterns.add<NmsOpLowering>(patterns.getContext(), indexBitwidth);
}

void mlir::detect::populateFixedPointNmsPatterns(
    RewritePatternSet &patterns, const StrategySelection &selection,
    PatternBenefit benefit) {
  addStrategyPattern<FixedPointNmsLowering>(patterns, selection, benefit);
}

void mlir::detect::registerNmsLoweringStrategies() {
  registerFloatAndFixedPointStrategies(
      NmsOp::getOperationName(),
      "the reference lowering: the IEEE float IoU of torchvision for every "
      "comparison",
      "pairs of boxes whose corners are integers in [-1024, 1024] are "
      "compared in integers, without a division for a compile-time "
      "threshold; other pairs in float; the float lowering's results, fewer "
      "instructions on cores without an FPU",
      populateFixedPointNmsPatterns);
}
