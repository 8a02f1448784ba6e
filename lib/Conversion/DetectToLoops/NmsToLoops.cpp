//===- NmsToLoops.cpp - detect.nms to scf loops ---------------------------===//
//
// Part of detect-mlir. Greedy NMS is sequential at heart: which box is kept
// depends on every decision before it. It becomes scf loops over memrefs:
//
//   candidates = boxes whose score passes the test      (one pass, O(n))
//   grid = cell size and extent from the candidates     (one pass, O(n))
//   heapify(candidates) by (score desc, index asc)      (O(n))
//   while candidates and kept < limit:
//     c = pop()                                          (O(log n), lazily)
//     if no kept box that can intersect c has IoU(c, k) passing: keep c
//
// Exact pruning. When the IoU test is `IoU > t` with t >= 0 (or `>=` with
// t > 0), only boxes that intersect (x2 > x1' and x2' > x1 on both axes) can
// suppress each other: otherwise the intersection is 0 and the IoU is 0, -0
// or NaN, which never passes. So an empty box (or one with a NaN corner) is
// kept without comparisons and never suppresses, and kept boxes go into the
// bucket of the grid cell of their (x1, y1) corner; a candidate visits only
// the cells from which a kept box can reach it. Cells come from
// a monotone map of the coordinates, so this needs no rounding argument:
// if k intersects c then x1(k) < x2(c), hence cell(x1(k)) <= cell(x2(c)),
// and x2(k) > x1(c), hence cell(x1(k)) >= cell(x2(k)) - R >= cell(x1(c)) - R
// for a box registered only when it spans at most R cells. Boxes that span
// more cells go to one bucket that every candidate visits. With any other
// threshold nothing is pruned: the plain O(n * k) scan.
//
// Scratch: the candidate order (n entries) and, with a grid, two positions
// per cell and one bucket entry per box (a box number, or its corners on
// 64-bit targets); box corners and areas are recomputed from the input (the
// same operations, so the same bits) instead of being tabulated.
//
// The "fixed-point" strategy (cores without an FPU) is the same lowering
// with an integer fast path for the comparisons: a box is checked once, when
// it is popped, for exact corners (integers in [-1024, 1024],
// Utils/FixedPoint.h), and a kept box's integer corners are stored when it
// is kept (K x 4 x i16, a sentinel for a box that is not exact). Two exact
// boxes are compared in integers, and the IoU test becomes an integer
// comparison against the rounding boundary of the threshold (no division);
// every other pair takes the float formula. The decisions, hence the
// results, are the float lowering's.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/DetectToLoops/DetectToLoops.h"
#include "detect/Conversion/Passes.h"
#include "detect/Conversion/Strategies.h"
#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Conversion/Utils/FixedPoint.h"
#include "detect/Conversion/Utils/LoopBuilder.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <limits>
#include <mutex>
#include <optional>

namespace mlir::detect {
#define GEN_PASS_DEF_CONVERTDETECTNMSTOLOOPS
#include "detect/Conversion/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

/// Below this capacity the kept list is short enough to scan whole: no grid.
/// On 32-bit targets (microcontrollers, where the grid's ~2 KB of code
/// matter) only long kept lists pay for it.
constexpr int64_t kGridMinCapacity = 64;
constexpr int64_t kGridMinCapacity32 = 1024;
/// Kept slots per grid cell: K / 4 cells at most.
constexpr int64_t kKeptPerCell = 4;

/// The grid's parameters, all run-time values. `cell(v)` maps a coordinate
/// monotonically to [0, size): floor((v - origin) * scale), clamped.
struct GridAxis {
  Value origin, scale; // grid float type; scale finite and >= 0
  Value size, sizeF;   // cells on this axis (counter, and as a float)
  Value reach;         // R: a box registers in the grid if it spans <= R
};
struct Grid {
  GridAxis x, y;
  // Bucket c holds the kept boxes whose (x1, y1) corner is in cell c:
  // bucket[start[c], end[c]), box numbers, room reserved for every
  // candidate of the cell. Bucket `cells` (`outside`) holds the kept boxes
  // that span more than R cells; every candidate visits it.
  Value start, end, bucket;
  // With `withCorners`, the buckets hold the kept boxes' corners (four
  // columns, in bucket order) instead of box numbers: the scans then read
  // memory in order, and vectorize.
  bool withCorners = false;
  Value corners[4];
  Value outside;
};

/// Where a candidate goes in the grid and which cells it visits.
struct Placement {
  Value home;     // its bucket, or -1: nowhere (it intersects nothing)
  Value xlo, xhi; // cells visited: [xlo, xhi] x [ylo, yhi] (empty: yhi < 0)
  Value ylo, yhi;
  Value inert;    // it intersects nothing: no comparisons at all
  Value useCells; // the cells can be pruned (else yhi < 0)
};

/// The fixed-point strategy's state in the selection loop.
struct FixedPointKept {
  /// memref<K x 4 x i16>: the integer corners of kept box k (in kept
  /// order), or kNotExact in column 0 for a box that is not exact. Null:
  /// no integer comparisons (the float strategy, boxes decoded on read).
  Value corners;
  /// The heap orders f32 scores by an integer key (orderKey).
  bool integerKeys = false;
  /// The IoU test without a division, for a compile-time threshold (a
  /// run-time or adaptive one divides the two exact integers in f32).
  std::optional<RatioThreshold> ratio;
  static constexpr int64_t kNotExact = std::numeric_limits<int16_t>::min();
};

/// Reads box i as corners, as the op's layout and corner rule define them.
/// The same operations each time, so the same bits as a table would hold.
/// Boxes that come straight from detect.decode_boxes are decoded when read
/// (`decode`): the decoded table (16 bytes a box) is never stored, and only
/// the candidates that NMS reaches are decoded at all.
struct BoxReader {
  Value boxes; // memref<N x 4 x T>; the encodings when decoding
  BoxLayout layout;
  bool normalize;
  FloatType type;
  Value anchors; // memref<N x 4 x T> when decoding
  std::optional<DecodeRule> decode;

  Corners corners(LoopBuilder &l, Value i) const {
    BoxMath m(l.b, l.loc, type);
    auto row = [&](Value table) -> BoxCoords {
      return {l.load2(table, i, 0), l.load2(table, i, 1), l.load2(table, i, 2),
              l.load2(table, i, 3)};
    };
    BoxCoords v = decode ? m.decode(*decode, row(boxes), row(anchors))
                         : row(boxes);
    Corners c = m.toCorners(layout, v);
    return normalize ? m.normalize(c) : c;
  }
};

/// The decode_boxes op whose result NMS can decode on read: all rows valid
/// (no `valid` count, whose zero rows a reader would have to reproduce).
static DecodeBoxesOp decodedOnRead(NmsOp op) {
  auto decode = op.getBoxes().getDefiningOp<DecodeBoxesOp>();
  if (!decode || decode.getValidCount())
    return {};
  return decode;
}

/// Float arithmetic of the grid (f32, or f64 for f64 boxes): wide enough
/// that extending a coordinate to it is exact, hence monotone.
struct GridMath {
  OpBuilder &b;
  Location loc;
  FloatType type;
  Type counter;

  Value cst(double v) {
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, v));
  }
  Value ext(Value v) {
    return v.getType() == type ? v : arith::ExtFOp::create(b, loc, type, v);
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value lt(Value x, Value y) { return cmp(arith::CmpFPredicate::OLT, x, y); }
  Value gt(Value x, Value y) { return cmp(arith::CmpFPredicate::OGT, x, y); }
  Value ge(Value x, Value y) { return cmp(arith::CmpFPredicate::OGE, x, y); }
  Value le(Value x, Value y) { return cmp(arith::CmpFPredicate::OLE, x, y); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value toFloat(Value i) { return arith::SIToFPOp::create(b, loc, type, i); }
  /// v in [0, hi] as a counter; NaN and negatives give 0. The conversion
  /// only ever sees a value in range (C's cast of inf is undefined).
  Value clampToCounter(Value v, Value hi) {
    LoopBuilder l{b, loc, counter};
    Value ok = ge(v, cst(0.0));
    Value below = lt(v, hi);
    Value safe = select(l.andI(ok, below), v, cst(0.0));
    Value i = arith::FPToSIOp::create(b, loc, counter, safe);
    Value top = arith::FPToSIOp::create(b, loc, counter, hi);
    return l.select(ok, l.select(below, i, top), l.cst(0));
  }
  /// The cell of coordinate v on an axis: floor((v - origin) * scale)
  /// clamped to [0, size). Monotone in v (every step is), NaN gives 0.
  Value cell(const GridAxis &a, Value v) {
    LoopBuilder l{b, loc, counter};
    Value t = mul(sub(ext(v), a.origin), a.scale);
    Value atLeastOne = ge(t, cst(1.0));
    Value inside = lt(t, a.sizeF);
    Value safe = select(l.andI(atLeastOne, inside), t, cst(0.0));
    Value i = arith::FPToSIOp::create(b, loc, counter, safe);
    return l.select(atLeastOne, l.select(inside, i, l.sub(a.size, l.cst(1))),
                    l.cst(0));
  }
};

class NmsOpLowering : public OpRewritePattern<NmsOp> {
public:
  /// The reference lowering (float arithmetic), which takes every op.
  NmsOpLowering(MLIRContext *ctx, unsigned indexBitwidth)
      : OpRewritePattern(ctx), indexBitwidth(indexBitwidth) {}
  /// The fixed-point strategy: the ops that select it, with f32 boxes and
  /// scores and the IoU rule (OpenCV's overlap takes the reference
  /// lowering).
  NmsOpLowering(MLIRContext *ctx, StrategySelection fixedPoint,
                PatternBenefit benefit)
      : OpRewritePattern(ctx, benefit),
        indexBitwidth(fixedPoint.getIndexBitwidth()),
        fixedPoint(std::move(fixedPoint)) {}

  LogicalResult matchAndRewrite(NmsOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto boxesType = cast<RankedTensorType>(op.getBoxes().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    auto elementType = cast<FloatType>(boxesType.getElementType());
    if (fixedPoint) {
      if (!fixedPoint->selects(op))
        return rewriter.notifyMatchFailure(op, "another strategy is selected");
      if (!elementType.isF32() ||
          !cast<RankedTensorType>(op.getScores().getType())
               .getElementType()
               .isF32())
        return rewriter.notifyMatchFailure(op, "only f32 boxes and scores");
      if (op.getOverlap() == SoftNmsOverlap::jaccard_distance)
        return rewriter.notifyMatchFailure(op, "only the IoU overlap");
    }
    Type indexElementType = indicesType.getElementType();
    Type counterType = rewriter.getIntegerType(indexBitwidth);
    LoopBuilder lb{rewriter, loc, counterType};
    int64_t staticN = boxesType.getDimSize(0);
    int64_t staticK = indicesType.getDimSize(0);
    // Sizes: N boxes, K index slots, n valid boxes, `limit` kept at most.
    Value numBoxes = lb.cast(
        tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0), counterType);
    Value capacity =
        ShapedType::isDynamic(staticK) ? numBoxes : lb.cst(staticK);
    Value numValid = numBoxes;
    if (Value count = op.getValidCount())
      numValid = lb.clampCount(count, numBoxes);
    Value limit = capacity;
    if (Value maxOutput = op.getMaxOutputSize())
      limit = lb.clampCount(maxOutput, capacity);

    auto readOnly = [&](Value tensor) -> Value {
      auto type = cast<RankedTensorType>(tensor.getType());
      return bufferization::ToBufferOp::create(
          rewriter, loc, MemRefType::get(type.getShape(), elementType), tensor,
          /*readOnly=*/true);
    };

    // OpenCV's overlap: no pruning, hence no grid (below).
    bool jaccard = op.getOverlap() == SoftNmsOverlap::jaccard_distance;
    int64_t cells = 0;
    int64_t gridMin =
        indexBitwidth == 64 ? kGridMinCapacity : kGridMinCapacity32;
    if (!ShapedType::isDynamic(staticK) && staticK >= gridMin)
      cells = staticK / kKeptPerCell;
    // The grid needs a static N (bucket room for every box); pipelines
    // require static shapes anyway.
    if (ShapedType::isDynamic(staticN) || jaccard)
      cells = 0;
    // On 64-bit machines (application processors: branch predictors that
    // random overlaps defeat, wide vector units), the buckets hold corners
    // and a candidate is compared with every box of a visited cell without
    // branches; on 32-bit microcontrollers (cheap branches, costly or
    // soft-float division) the buckets hold box numbers (2 or 4 bytes) and
    // the IoU is computed only for boxes that intersect.
    // The fixed-point comparisons read the kept boxes' integer corners by
    // kept position: buckets of positions, not of corners.
    bool branchFree = cells > 0 && indexBitwidth == 64 && !fixedPoint;

    // Decoding on read pays when every kept box is read from a copy of its
    // corners: the kept list's own (no grid) or the corner buckets. Buckets
    // of box numbers would decode a box at every comparison.
    BoxReader reader{Value(), op.getLayout(), op.getNormalizeCorners(),
                     elementType, Value(), std::nullopt};
    // OpenCV's overlap reads the stored coordinates of both boxes itself.
    DecodeBoxesOp decode = decodedOnRead(op);
    if (decode && !jaccard && (cells == 0 || branchFree)) {
      reader.boxes = readOnly(decode.getEncodings());
      reader.anchors = readOnly(decode.getAnchors());
      reader.decode = DecodeRule::of(decode);
    } else {
      reader.boxes = readOnly(op.getBoxes());
    }
    Value scores = readOnly(op.getScores());

    // Scratch: the candidate heap (box numbers), and the result (unused
    // slots are -1), which also serves as the list of kept boxes.
    auto dynamicSize = [&](int64_t size) -> SmallVector<Value> {
      if (!ShapedType::isDynamic(size))
        return {};
      return {tensor::DimOp::create(rewriter, loc, op.getBoxes(), 0)};
    };
    auto orderType =
        MemRefType::get({staticN}, storageType(rewriter, counterType, staticN));
    Value order =
        memref::AllocOp::create(rewriter, loc, orderType, dynamicSize(staticN));
    auto keptType = MemRefType::get(indicesType.getShape(), indexElementType);
    Value kept =
        memref::AllocOp::create(rewriter, loc, keptType, dynamicSize(staticK));
    Value minusOne = arith::ConstantOp::create(
        rewriter, loc, indexElementType,
        rewriter.getIntegerAttr(indexElementType, -1));
    linalg::FillOp::create(rewriter, loc, ValueRange{minusOne},
                           ValueRange{kept});

    // Without a grid, the kept boxes' corners when boxes are decoded on
    // read: each is decoded once, when it is kept.
    Value keptCorners;
    if (reader.decode && cells == 0)
      keptCorners = memref::AllocOp::create(
          rewriter, loc,
          MemRefType::get({indicesType.getDimSize(0), 4}, elementType),
          dynamicSize(staticK));

    // Fixed point: the kept boxes' integer corners. Boxes decoded on read
    // are compared in float only: decoded coordinates are integers by
    // coincidence, and the table would cost K x 8 bytes for nothing.
    FixedPointKept fixedKept;
    fixedKept.integerKeys = static_cast<bool>(fixedPoint);
    if (fixedPoint && !reader.decode) {
      fixedKept.corners = memref::AllocOp::create(
          rewriter, loc,
          MemRefType::get({indicesType.getDimSize(0), 4},
                          rewriter.getI16Type()),
          dynamicSize(staticK));
      bool adaptive =
          op.getEtaAttr() && op.getEtaAttr().getValueAsDouble() < 1.0;
      if (FloatAttr t = op.getIouThresholdAttr(); t && !adaptive)
        fixedKept.ratio.emplace(op.getIouCompare(), t.getValueAsDouble());
    }

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
    // OpenCV's overlap makes two empty boxes overlap fully: boxes that do
    // not intersect can suppress each other, so nothing is pruned.
    Value prune = jaccard ? arith::ConstantIntOp::create(rewriter, loc,
                                                         rewriter.getI1Type(), 0)
                                .getResult()
                          : buildPruningIsExact(rewriter, loc, op);
    Grid grid = buildGrid(rewriter, loc, reader, order, numCandidates, prune,
                          cells, staticN, branchFree, counterType);
    buildHeapify(rewriter, loc, scores, fixedKept.integerKeys, order,
                 numCandidates);
    Value numKept = buildGreedySelection(
        rewriter, loc, op, reader, scores, order, kept, keptCorners,
        fixedKept, grid, cells, prune, numCandidates, limit, iouPasses);

    Value indices = bufferization::ToTensorOp::create(
        rewriter, loc, indicesType, kept, /*restrict=*/true,
        /*writable=*/true);
    Value count = lb.cast(numKept, indexElementType);
    rewriter.replaceOp(op, {indices, count});
    return success();
  }

private:
  unsigned indexBitwidth;
  /// Set for the fixed-point strategy's pattern.
  std::optional<StrategySelection> fixedPoint;

  /// True when only intersecting boxes can suppress each other: `IoU > t`
  /// with t >= 0 or `IoU >= t` with t > 0 (a NaN threshold passes nothing,
  /// so pruning is exact then too). A constant for attribute thresholds
  /// (after the rounding that BoxMath::passes applies, which keeps the
  /// sign), a run-time test for operands.
  static Value buildPruningIsExact(OpBuilder &b, Location loc, NmsOp op) {
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

  /// Stage 1: order[0, m) = the boxes whose score passes, in index order.
  template <typename ScorePasses>
  static Value buildCandidates(OpBuilder &b, Location loc, Value scores,
                               Value order, Value numValid,
                               ScorePasses scorePasses) {
    Type counter = numValid.getType();
    LoopBuilder lb{b, loc, counter};
    auto loop = scf::ForOp::create(
        b, loc, lb.cst(0), numValid, lb.cst(1), ValueRange{lb.cst(0)},
        [&](OpBuilder &nb, Location nl, Value i, ValueRange iter) {
          LoopBuilder l{nb, nl, counter};
          BoxMath m(nb, nl,
                    cast<FloatType>(
                        cast<MemRefType>(scores.getType()).getElementType()));
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

  /// Stage 2: with `cells` > 0, a grid over the candidates, and the room of
  /// each bucket: cells twice the mean box size on each axis, coarsened
  /// (halving the scale) until the extent of the (x1, y1) corners fits in
  /// `cells` cells. Only finite, non-empty boxes shape the grid; when there
  /// are none, or the sizes overflow, the grid is one cell. Any grid is
  /// exact; its shape only decides how much is pruned.
  static Grid buildGrid(OpBuilder &b, Location loc, const BoxReader &reader,
                        Value order, Value numCandidates, Value prune,
                        int64_t cells, int64_t staticN, bool withCorners,
                        Type counter) {
    LoopBuilder lb{b, loc, counter};
    Grid g;
    g.outside = lb.cst(cells);
    if (cells == 0)
      return g;
    // Positions in [0, N] and box numbers in [0, N).
    Type posType = storageType(b, counter, staticN);
    g.start =
        memref::AllocOp::create(b, loc, MemRefType::get({cells + 1}, posType));
    g.end =
        memref::AllocOp::create(b, loc, MemRefType::get({cells + 1}, posType));
    g.withCorners = withCorners;
    if (withCorners)
      for (Value &column : g.corners)
        column = memref::AllocOp::create(
            b, loc, MemRefType::get({staticN}, reader.type));
    else
      g.bucket = memref::AllocOp::create(
          b, loc, MemRefType::get({staticN}, storageType(b, counter, staticN)));

    FloatType gridType = FloatType(reader.type).getWidth() <= 32
                             ? FloatType(b.getF32Type())
                             : FloatType(b.getF64Type());
    GridMath gm{b, loc, gridType, counter};
    // The largest finite value stands for infinity: "finite" is |v| <= big,
    // and the C route prints no INFINITY (which needs <math.h>).
    double big = llvm::APFloat::getLargest(gridType.getFloatSemantics())
                     .convertToDouble();
    // minX, maxX, minY, maxY of the (x1, y1) corners; sums and maxima of
    // the sizes; the number of boxes counted.
    SmallVector<Value> init{gm.cst(big),  gm.cst(-big), gm.cst(big),
                            gm.cst(-big), gm.cst(0.0),  gm.cst(0.0),
                            gm.cst(0.0),  gm.cst(0.0),  lb.cst(0)};
    auto stats = scf::ForOp::create(
        b, loc, lb.cst(0), numCandidates, lb.cst(1), init,
        [&](OpBuilder &nb, Location nl, Value i, ValueRange s) {
          LoopBuilder l{nb, nl, counter};
          GridMath m{nb, nl, gridType, counter};
          Corners c = reader.corners(l, l.load(order, i));
          Value x1 = m.ext(c.x1), y1 = m.ext(c.y1), x2 = m.ext(c.x2),
                y2 = m.ext(c.y2);
          Value finite =
              l.andI(l.andI(m.ge(x1, m.cst(-big)), m.le(x2, m.cst(big))),
                     l.andI(m.ge(y1, m.cst(-big)), m.le(y2, m.cst(big))));
          Value ok = l.andI(finite, l.andI(m.gt(x2, x1), m.gt(y2, y1)));
          Value w = m.sub(x2, x1), h = m.sub(y2, y1);
          auto pick = [&](Value better, Value v, Value old) {
            return m.select(l.andI(ok, better), v, old);
          };
          SmallVector<Value> next{pick(m.lt(x1, s[0]), x1, s[0]),
                                  pick(m.gt(x1, s[1]), x1, s[1]),
                                  pick(m.lt(y1, s[2]), y1, s[2]),
                                  pick(m.gt(y1, s[3]), y1, s[3]),
                                  m.select(ok, m.add(s[4], w), s[4]),
                                  m.select(ok, m.add(s[5], h), s[5]),
                                  pick(m.gt(w, s[6]), w, s[6]),
                                  pick(m.gt(h, s[7]), h, s[7]),
                                  l.select(ok, l.add(s[8], l.cst(1)), s[8])};
          scf::YieldOp::create(nb, nl, next);
        });
    ValueRange s = stats.getResults();
    Value count = gm.toFloat(s[8]);
    Value meanW = gm.div(s[4], count), meanH = gm.div(s[5], count);
    Value rangeX = gm.sub(s[1], s[0]), rangeY = gm.sub(s[3], s[2]);
    // Cells twice the mean box size: the fastest of 1/2, 1, 2 and 4 times
    // on the host benchmark (fewer, longer buckets suit the branch-free
    // scan; the 32-bit scan is about as fast).
    Value scaleX = gm.div(gm.cst(0.5), meanW);
    Value scaleY = gm.div(gm.cst(0.5), meanH);
    auto finiteFrom = [&](Value v, arith::CmpFPredicate p) {
      return lb.andI(gm.cmp(p, v, gm.cst(0.0)), gm.le(v, gm.cst(big)));
    };
    using P = arith::CmpFPredicate;
    Value good = lb.andI(
        lb.andI(prune, lb.lt(lb.cst(0), s[8])),
        lb.andI(
            lb.andI(finiteFrom(scaleX, P::OGT), finiteFrom(scaleY, P::OGT)),
            lb.andI(finiteFrom(rangeX, P::OGE), finiteFrom(rangeY, P::OGE))));
    Value zero = gm.cst(0.0);
    rangeX = gm.select(good, rangeX, zero);
    rangeY = gm.select(good, rangeY, zero);
    g.x.origin = gm.select(good, s[0], zero);
    g.y.origin = gm.select(good, s[2], zero);

    // Coarsen until the grid fits: (floor(nx) + 1) * (floor(ny) + 1) <=
    // cells, with nx = rangeX * scaleX. Ends: a finite range times a
    // halving scale reaches 0, and one cell always fits.
    Value cellsF = gm.cst(static_cast<double>(cells));
    Type floatType = gridType;
    auto fit = scf::WhileOp::create(
        b, loc, TypeRange{floatType, floatType, floatType, floatType},
        ValueRange{gm.select(good, scaleX, zero),
                   gm.select(good, scaleY, zero)},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          LoopBuilder l{nb, nl, counter};
          GridMath m{nb, nl, gridType, counter};
          Value nx = m.mul(rangeX, args[0]), ny = m.mul(rangeY, args[1]);
          Value inX = m.lt(nx, cellsF), inY = m.lt(ny, cellsF);
          // Columns and rows, converted only when below `cells`; their
          // product is compared by division, which cannot overflow.
          auto span = [&](Value n, Value in) {
            Value safe = m.select(in, n, m.cst(0.0));
            return l.add(arith::FPToSIOp::create(nb, nl, counter, safe),
                         l.cst(1));
          };
          Value rowsAllowed =
              arith::DivSIOp::create(nb, nl, l.cst(cells), span(nx, inX));
          Value fits =
              l.andI(l.andI(inX, inY), l.le(span(ny, inY), rowsAllowed));
          scf::ConditionOp::create(nb, nl, l.notI(fits),
                                   ValueRange{args[0], args[1], nx, ny});
        },
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          GridMath m{nb, nl, gridType, counter};
          scf::YieldOp::create(nb, nl,
                               ValueRange{m.mul(args[0], m.cst(0.5)),
                                          m.mul(args[1], m.cst(0.5))});
        });
    auto axis = [&](GridAxis &a, Value scale, Value n, Value maxSize,
                    Value meanSize) {
      a.scale = scale;
      a.size = lb.add(arith::FPToSIOp::create(b, loc, counter, n), lb.cst(1));
      a.sizeF = gm.toFloat(a.size);
      // R covers the largest box, but at most twice the mean size plus two
      // cells: larger boxes go to the bucket every candidate visits.
      Value largest =
          lb.add(gm.clampToCounter(gm.mul(maxSize, scale), a.sizeF), lb.cst(1));
      Value typical =
          lb.add(lb.mul(gm.clampToCounter(gm.mul(meanSize, scale), a.sizeF),
                        lb.cst(2)),
                 lb.cst(2));
      a.reach = lb.min(largest, typical);
    };
    axis(g.x, fit.getResult(0), fit.getResult(2), s[6], meanW);
    axis(g.y, fit.getResult(1), fit.getResult(3), s[7], meanH);

    // Room in each bucket for all of its candidates: count them (in `end`),
    // then turn the counts into start positions.
    Value zeroPos = arith::ConstantOp::create(
        b, loc, cast<MemRefType>(g.end.getType()).getElementType(),
        b.getIntegerAttr(cast<MemRefType>(g.end.getType()).getElementType(),
                         0));
    linalg::FillOp::create(b, loc, ValueRange{zeroPos}, ValueRange{g.end});
    scf::ForOp::create(
        b, loc, lb.cst(0), numCandidates, lb.cst(1), ValueRange{},
        [&](OpBuilder &nb, Location nl, Value i, ValueRange) {
          LoopBuilder l{nb, nl, counter};
          GridMath m{nb, nl, gridType, counter};
          Value home =
              place(l, m, g, reader.corners(l, l.load(order, i)), prune).home;
          scf::IfOp::create(
              nb, nl, l.le(l.cst(0), home), [&](OpBuilder &ib, Location il) {
                LoopBuilder t{ib, il, counter};
                t.store(t.add(t.load(g.end, home), t.cst(1)), g.end, home);
                scf::YieldOp::create(ib, il);
              });
          scf::YieldOp::create(nb, nl);
        });
    scf::ForOp::create(
        b, loc, lb.cst(0), lb.cst(cells + 1), lb.cst(1), ValueRange{lb.cst(0)},
        [&](OpBuilder &nb, Location nl, Value c, ValueRange run) {
          LoopBuilder l{nb, nl, counter};
          Value n = l.load(g.end, c);
          l.store(run[0], g.start, c);
          l.store(run[0], g.end, c);
          scf::YieldOp::create(nb, nl, l.add(run[0], n));
        });
    return g;
  }

  /// The bucket of candidate `c` and the cells it visits. Every value is a
  /// function of the corners only, so the counting pass and the selection
  /// agree.
  static Placement place(LoopBuilder &l, GridMath &m, const Grid &g, Corners c,
                         Value prune) {
    BoxMath bm(l.b, l.loc, cast<FloatType>(c.x1.getType()));
    using P = arith::CmpFPredicate;
    Value nonEmpty =
        l.andI(bm.cmp(P::OGT, c.x2, c.x1), bm.cmp(P::OGT, c.y2, c.y1));
    Placement p;
    // An empty box (or a NaN corner) intersects nothing.
    p.inert = l.andI(prune, l.notI(nonEmpty));
    Value cx1 = m.cell(g.x, c.x1), cy1 = m.cell(g.y, c.y1);
    Value cx2 = m.cell(g.x, c.x2), cy2 = m.cell(g.y, c.y2);
    Value useCells = l.andI(prune, nonEmpty);
    p.useCells = useCells;
    Value inGrid = l.andI(useCells, l.andI(l.le(l.sub(cx2, cx1), g.x.reach),
                                           l.le(l.sub(cy2, cy1), g.y.reach)));
    p.home =
        l.select(p.inert, l.cst(-1),
                 l.select(inGrid, l.add(l.mul(cy1, g.x.size), cx1), g.outside));
    p.xlo = l.max(l.sub(cx1, g.x.reach), l.cst(0));
    p.xhi = cx2;
    p.ylo = l.max(l.sub(cy1, g.y.reach), l.cst(0));
    p.yhi = l.select(useCells, cy2, l.cst(-1));
    return p;
  }

  /// An i32 that orders f32 scores (not NaN) as the float comparison does:
  /// the bits, with the magnitude bits of negative numbers flipped, and -0
  /// taken as +0. Two integer comparisons instead of two soft-float calls.
  static Value orderKey(LoopBuilder &l, Value score) {
    LoopBuilder i{l.b, l.loc, l.b.getI32Type()};
    Value bits = arith::BitcastOp::create(i.b, i.loc, i.counter, score);
    Value sign = arith::ShRSIOp::create(i.b, i.loc, bits, i.cst(31));
    Value key = arith::XOrIOp::create(i.b, i.loc, bits,
                                      i.andI(sign, i.cst(0x7fffffff)));
    return i.select(i.eq(key, i.cst(-1)), i.cst(0), key);
  }

  /// True when candidate a comes before candidate b: higher score, or the
  /// same score and a lower index. Scores here are never NaN. With
  /// `integerKeys` (f32 scores, the fixed-point strategy) the scores are
  /// compared by orderKey.
  static Value before(LoopBuilder &l, Value scores, bool integerKeys, Value a,
                      Value b) {
    Value sa = l.load(scores, a), sb = l.load(scores, b);
    Value higher, same;
    if (integerKeys) {
      Value ka = orderKey(l, sa), kb = orderKey(l, sb);
      higher = l.cmp(arith::CmpIPredicate::sgt, ka, kb);
      same = l.eq(ka, kb);
    } else {
      higher =
          arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OGT, sa, sb);
      same =
          arith::CmpFOp::create(l.b, l.loc, arith::CmpFPredicate::OEQ, sa, sb);
    }
    return l.orI(higher, l.andI(same, l.lt(a, b)));
  }
  /// Moves order[start] down the max-heap order[0, size) to its place.
  static void buildSiftDown(OpBuilder &b, Location loc, Value scores,
                            bool integerKeys, Value order, Value start,
                            Value size) {
    Type counter = size.getType();
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
                      Value takeRight = before(r, scores, integerKeys,
                                               r.load(order, right),
                                               r.load(order, child));
                      scf::YieldOp::create(rb, rl,
                                           r.select(takeRight, right, child));
                    },
                    [&](OpBuilder &rb, Location rl) {
                      scf::YieldOp::create(rb, rl, child);
                    });
                Value best = pick.getResult(0);
                Value atPos = t.load(order, pos), atBest = t.load(order, best);
                Value swap = before(t, scores, integerKeys, atBest, atPos);
                scf::IfOp::create(tb, tl, swap,
                                  [&](OpBuilder &sb, Location sl) {
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

  /// Stage 3: a max-heap over order[0, m), bottom-up in O(m).
  static void buildHeapify(OpBuilder &b, Location loc, Value scores,
                           bool integerKeys, Value order, Value size) {
    Type counter = size.getType();
    LoopBuilder lb{b, loc, counter};
    Value half = arith::ShRUIOp::create(b, loc, size, lb.cst(1));
    scf::ForOp::create(b, loc, lb.cst(0), half, lb.cst(1), ValueRange{},
                       [&](OpBuilder &nb, Location nl, Value k, ValueRange) {
                         LoopBuilder l{nb, nl, counter};
                         // start = half - 1 - k: parents from the last one up
                         // to the root.
                         Value start = l.sub(l.sub(half, l.cst(1)), k);
                         buildSiftDown(nb, nl, scores, integerKeys, order,
                                       start, size);
                         scf::YieldOp::create(nb, nl);
                       });
  }

  /// OpenCV's rectOverlap of boxes i and j for Rect2d: 1 - f32(1 - IoU),
  /// the IoU in f64 from the coordinates as given (areas of the layout),
  /// and 1 when the two areas sum to at most DBL_EPSILON. In the element
  /// type.
  static Value jaccardOverlap(LoopBuilder &l, const BoxReader &reader,
                              Value i, Value j) {
    FloatType f64 = l.b.getF64Type();
    BoxMath d(l.b, l.loc, f64);
    auto box = [&](Value k) -> std::pair<Corners, Value> {
      BoxCoords v;
      for (int64_t q = 0; q < 4; ++q) {
        Value x = l.load2(reader.boxes, k, q);
        v[q] = x.getType() == f64 ? x
                                  : arith::ExtFOp::create(l.b, l.loc, f64, x)
                                        .getResult();
      }
      Corners c = d.toCorners(reader.layout, v);
      if (reader.normalize)
        c = d.normalize(c);
      return {c, d.area(reader.layout, v, reader.normalize)};
    };
    auto [a, areaA] = box(i);
    auto [b, areaB] = box(j);
    Value iou = d.overlap(IouKind::iou, DegenerateRule::ieee, a, areaA, b,
                          areaB, Value());
    Value distance = d.select(
        d.cmp(arith::CmpFPredicate::OLE, d.add(areaA, areaB),
              d.constant(std::numeric_limits<double>::epsilon())),
        d.constant(0.0), d.sub(d.constant(1.0), iou));
    Type f32 = l.b.getF32Type();
    BoxMath s(l.b, l.loc, cast<FloatType>(f32));
    Value overlap = s.sub(
        s.constant(1.0), arith::TruncFOp::create(l.b, l.loc, f32, distance));
    if (reader.type != f32)
      overlap = arith::ExtFOp::create(l.b, l.loc, reader.type, overlap);
    return overlap;
  }

  /// Fixed point: whether kept box `o` suppresses candidate `c`, both exact
  /// (i32 corners; `cArea` the candidate's area). Boxes that do not
  /// intersect are skipped as in the float path. With a compile-time
  /// threshold and a positive union (not degenerate under the op's rule),
  /// the test is RatioThreshold's integer comparison; otherwise the ratio is
  /// the float division of the two exact integers.
  template <typename TestIou>
  static Value integerSuppresses(OpBuilder &b, Location loc, NmsOp op,
                                 const FixedPointKept &fixedKept, Value prune,
                                 ArrayRef<Value> c, Value cArea,
                                 ArrayRef<Value> o, FloatType elementType,
                                 TestIou testIou) {
    using P = arith::CmpIPredicate;
    LoopBuilder l{b, loc, b.getI32Type()};
    Value intersects =
        l.andI(l.andI(l.cmp(P::sgt, o[2], c[0]), l.cmp(P::sgt, c[2], o[0])),
               l.andI(l.cmp(P::sgt, o[3], c[1]), l.cmp(P::sgt, c[3], o[1])));
    auto test = scf::IfOp::create(
        b, loc, l.orI(l.notI(prune), intersects),
        [&](OpBuilder &tb, Location tl) {
          LoopBuilder t{tb, tl, tb.getI32Type()};
          DegenerateRule rule = op.getDegenerate();
          Value oArea = t.mul(t.sub(o[2], o[0]), t.sub(o[3], o[1]));
          IntegerOverlap overlap =
              buildIntegerOverlap(tb, tl, c, cArea, o, oArea);
          auto divided = [&](OpBuilder &db, Location dl) {
            BoxMath dm(db, dl, elementType);
            return testIou(dm, buildIntegerIouRatio(db, dl, elementType, rule,
                                                    overlap, cArea, oArea));
          };
          if (!fixedKept.ratio) {
            scf::YieldOp::create(tb, tl, divided(tb, tl));
            return;
          }
          Value plain = t.lt(t.cst(0), overlap.uni);
          if (rule == DegenerateRule::zero_area)
            plain = t.andI(plain, t.andI(t.lt(t.cst(0), cArea),
                                         t.lt(t.cst(0), oArea)));
          auto decide = scf::IfOp::create(
              tb, tl, plain,
              [&](OpBuilder &db, Location dl) {
                scf::YieldOp::create(
                    db, dl,
                    fixedKept.ratio->build(db, dl, overlap.inter, overlap.uni));
              },
              [&](OpBuilder &db, Location dl) {
                scf::YieldOp::create(db, dl, divided(db, dl));
              });
          scf::YieldOp::create(tb, tl, decide.getResult(0));
        },
        [&](OpBuilder &tb, Location tl) {
          scf::YieldOp::create(tb, tl, LoopBuilder{tb, tl, tb.getI32Type()}
                                           .boolean(false));
        });
    return test.getResult(0);
  }

  /// Stage 4: pop candidates in order and keep those that no kept box
  /// suppresses. With a grid, a kept box goes into its bucket and a
  /// candidate visits the outside bucket and the buckets of the cells from
  /// which a kept box can reach it; without one, it scans the kept list.
  /// Returns the number kept.
  template <typename IouPasses>
  static Value
  buildGreedySelection(OpBuilder &b, Location loc, NmsOp op,
                       const BoxReader &reader, Value scores, Value order,
                       Value kept, Value keptCorners,
                       const FixedPointKept &fixedKept, const Grid &grid,
                       int64_t cells, Value prune,
                       Value numCandidates, Value limit, IouPasses iouPasses) {
    Type counter = numCandidates.getType();
    LoopBuilder lb{b, loc, counter};
    FloatType elementType = reader.type;
    DegenerateRule rule = op.getDegenerate();
    FloatType gridType = FloatType(elementType).getWidth() <= 32
                             ? FloatType(b.getF32Type())
                             : FloatType(b.getF64Type());
    bool branchFree = grid.withCorners;
    bool jaccard = op.getOverlap() == SoftNmsOverlap::jaccard_distance;
    // Fixed point: the integer comparisons of exact boxes.
    bool fixedPoint = static_cast<bool>(fixedKept.corners);
    // OpenCV's top_k: at most this many candidates are popped.
    std::optional<int64_t> maxCandidates;
    if (IntegerAttr k = op.getMaxCandidatesAttr())
      maxCandidates = k.getInt();
    // OpenCV's eta: the threshold is carried in the element type.
    double eta = op.getEtaAttr() ? op.getEtaAttr().getValueAsDouble() : 1.0;
    bool adaptive = eta < 1.0;
    SmallVector<Type> iterTypes{counter, counter};
    SmallVector<Value> inits{numCandidates, lb.cst(0)};
    if (adaptive) {
      iterTypes.push_back(elementType);
      if (FloatAttr t = op.getIouThresholdAttr())
        inits.push_back(arith::ConstantOp::create(
            b, loc, elementType,
            b.getFloatAttr(elementType, t.getValueAsDouble())));
      else
        inits.push_back(op.getIouThresholdValue());
    }
    auto loop = scf::WhileOp::create(
        b, loc, iterTypes, inits,
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          LoopBuilder l{nb, nl, counter};
          Value more = l.andI(l.lt(l.cst(0), args[0]), l.lt(args[1], limit));
          if (maxCandidates) {
            // Popped so far: numCandidates - heapSize. The counter is i32
            // or i64, so a limit clamped to INT32_MAX fits.
            Value popped = l.sub(numCandidates, args[0]);
            int64_t k = std::min<int64_t>(*maxCandidates,
                                          std::numeric_limits<int32_t>::max());
            more = l.andI(more, l.lt(popped, l.cst(k)));
          }
          scf::ConditionOp::create(nb, nl, more, args);
        },
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          LoopBuilder l{nb, nl, counter};
          BoxMath m(nb, nl, elementType);
          GridMath gm{nb, nl, gridType, counter};
          Value heapSize = args[0], numKept = args[1];
          auto testIou = [&](BoxMath &tm, Value iou) -> Value {
            if (adaptive)
              return tm.passes(op.getIouCompare(), iou, args[2]);
            return iouPasses(tm, iou);
          };
          // Pop the best remaining candidate.
          Value candidate = l.load(order, l.cst(0));
          Value newSize = l.sub(heapSize, l.cst(1));
          l.store(l.load(order, newSize), order, l.cst(0));
          buildSiftDown(nb, nl, scores, fixedKept.integerKeys, order,
                        l.cst(0), newSize);

          Corners c = reader.corners(l, candidate);
          // Fixed point: the candidate's integer corners, checked once.
          SmallVector<Value, 4> ci;
          Value cExact, cAreaI, cArea;
          if (fixedPoint) {
            for (Value v : {c.x1, c.y1, c.x2, c.y2}) {
              ExactInteger e = buildExactInteger(nb, nl, v);
              ci.push_back(e.value);
              cExact = cExact ? l.andI(cExact, e.exact) : e.exact;
            }
            cAreaI = arith::MulIOp::create(
                nb, nl, arith::SubIOp::create(nb, nl, ci[2], ci[0]),
                arith::SubIOp::create(nb, nl, ci[3], ci[1]));
          } else {
            cArea = m.cornerArea(c);
          }

          // Does box `other` suppress the candidate? Boxes that do not
          // intersect cannot when pruning is exact: no IoU is computed.
          // `other` is the box number when known (OpenCV's overlap reads
          // the box as given).
          auto suppresses = [&](OpBuilder &sb, Location sl, Corners o,
                                Value other, Value cArea) {
            LoopBuilder s{sb, sl, counter};
            BoxMath sm(sb, sl, elementType);
            using P = arith::CmpFPredicate;
            Value intersects = s.andI(
                s.andI(sm.cmp(P::OGT, o.x2, c.x1), sm.cmp(P::OGT, c.x2, o.x1)),
                s.andI(sm.cmp(P::OGT, o.y2, c.y1), sm.cmp(P::OGT, c.y2, o.y1)));
            Value maybe = s.orI(s.notI(prune), intersects);
            if (branchFree) {
              Value iou = sm.overlap(IouKind::iou, rule, c, cArea, o,
                                     sm.cornerArea(o), Value());
              return s.andI(maybe, testIou(sm, iou));
            }
            auto test = scf::IfOp::create(
                sb, sl, maybe,
                [&](OpBuilder &tb, Location tl) {
                  BoxMath tm(tb, tl, elementType);
                  LoopBuilder tl2{tb, tl, counter};
                  Value iou =
                      jaccard
                          ? jaccardOverlap(tl2, reader, candidate, other)
                          : tm.overlap(IouKind::iou, rule, c, cArea, o,
                                       tm.cornerArea(o), Value());
                  scf::YieldOp::create(tb, tl, testIou(tm, iou));
                },
                [&](OpBuilder &tb, Location tl) {
                  scf::YieldOp::create(
                      tb, tl, LoopBuilder{tb, tl, counter}.boolean(false));
                });
            return test.getResult(0);
          };
          // Fixed point: does the kept box at kept position `k` suppress
          // the candidate? Two exact boxes are compared in integers (the
          // same decisions: every intermediate is the float path's number),
          // any other pair by `suppresses`.
          auto suppressesKept = [&](OpBuilder &sb, Location sl,
                                    Value k) -> Value {
            LoopBuilder s{sb, sl, counter};
            Type i32 = sb.getI32Type();
            SmallVector<Value, 4> oi;
            for (int64_t q = 0; q < 4; ++q)
              oi.push_back(arith::ExtSIOp::create(
                  sb, sl, i32, s.load2(fixedKept.corners, k, q)));
            Value notExact = arith::ConstantOp::create(
                sb, sl, i32,
                sb.getI32IntegerAttr(FixedPointKept::kNotExact));
            Value bothExact = s.andI(
                cExact, arith::CmpIOp::create(sb, sl, arith::CmpIPredicate::ne,
                                              oi[0], notExact));
            auto branch = scf::IfOp::create(
                sb, sl, bothExact,
                [&](OpBuilder &tb, Location tl) {
                  scf::YieldOp::create(
                      tb, tl,
                      integerSuppresses(tb, tl, op, fixedKept, prune, ci,
                                        cAreaI, oi, elementType, testIou));
                },
                [&](OpBuilder &tb, Location tl) {
                  LoopBuilder t{tb, tl, counter};
                  Corners o =
                      keptCorners
                          ? Corners{t.load2(keptCorners, k, 0),
                                    t.load2(keptCorners, k, 1),
                                    t.load2(keptCorners, k, 2),
                                    t.load2(keptCorners, k, 3)}
                          : reader.corners(t, t.load(kept, k));
                  // The candidate's float area: of an exact box, its integer
                  // area is the same number (the sign of a zero area aside,
                  // which decides nothing: such a box intersects nothing).
                  // LLVM hoists the soft-float calls out of the scan, which
                  // it costs as cheap: they run once per popped candidate.
                  Value area = t.select(
                      cExact,
                      arith::SIToFPOp::create(tb, tl, elementType, cAreaI),
                      BoxMath(tb, tl, elementType).cornerArea(c));
                  scf::YieldOp::create(tb, tl,
                                       suppresses(tb, tl, o, Value(), area));
                });
            return branch.getResult(0);
          };
          // Scans list[lo, hi) (box numbers) from the end; stops at an
          // overlap.
          // The corners of entry j of `list`: box numbers (the kept list,
          // or buckets of box numbers), or null for the corner buckets.
          auto boxAt = [&](LoopBuilder &t, Value list, Value j) -> Value {
            return list ? t.load(list, j) : Value();
          };
          auto at = [&](LoopBuilder &t, Value list, Value j) -> Corners {
            if (list == kept && keptCorners)
              return {t.load2(keptCorners, j, 0), t.load2(keptCorners, j, 1),
                      t.load2(keptCorners, j, 2), t.load2(keptCorners, j, 3)};
            if (list)
              return reader.corners(t, t.load(list, j));
            return {t.load(grid.corners[0], j), t.load(grid.corners[1], j),
                    t.load(grid.corners[2], j), t.load(grid.corners[3], j)};
          };
          auto scan = [&](OpBuilder &sb, Location sl, Value list, Value lo,
                          Value hi) -> Value {
            LoopBuilder s{sb, sl, counter};
            if (branchFree) {
              auto f = scf::ForOp::create(
                  sb, sl, lo, hi, s.cst(1), ValueRange{s.boolean(false)},
                  [&](OpBuilder &wb, Location wl, Value j, ValueRange a) {
                    LoopBuilder t{wb, wl, counter};
                    Value hit = suppresses(wb, wl, at(t, list, j),
                                           boxAt(t, list, j), cArea);
                    scf::YieldOp::create(wb, wl, t.orI(a[0], hit));
                  });
              return f.getResult(0);
            }
            auto w = scf::WhileOp::create(
                sb, sl, TypeRange{counter, sb.getI1Type()},
                ValueRange{hi, s.boolean(false)},
                [&](OpBuilder &wb, Location wl, ValueRange a) {
                  LoopBuilder t{wb, wl, counter};
                  Value go = t.andI(t.lt(lo, a[0]), t.notI(a[1]));
                  scf::ConditionOp::create(wb, wl, go, a);
                },
                [&](OpBuilder &wb, Location wl, ValueRange a) {
                  LoopBuilder t{wb, wl, counter};
                  Value j = t.sub(a[0], t.cst(1));
                  // Fixed point: the kept list and the buckets hold kept
                  // positions.
                  Value hit =
                      fixedPoint
                          ? suppressesKept(wb, wl,
                                           list == kept ? j : t.load(list, j))
                          : suppresses(wb, wl, at(t, list, j),
                                       boxAt(t, list, j), cArea);
                  scf::YieldOp::create(wb, wl, ValueRange{j, hit});
                });
            return w.getResult(1);
          };

          Value suppressed, home;
          if (cells == 0) {
            // The kept boxes, newest first (none for a box that intersects
            // nothing).
            BoxMath bm(nb, nl, elementType);
            using P = arith::CmpFPredicate;
            Value nonEmpty =
                l.andI(bm.cmp(P::OGT, c.x2, c.x1), bm.cmp(P::OGT, c.y2, c.y1));
            Value inert = l.andI(prune, l.notI(nonEmpty));
            suppressed = scan(nb, nl, kept, l.cst(0),
                              l.select(inert, l.cst(0), numKept));
          } else {
            Placement p = place(l, gm, grid, c, prune);
            home = p.home;
            // The outside bucket (row ylo - 1), then the cells [xlo, xhi] x
            // [ylo, yhi] row by row; nothing for an inert candidate. One
            // loop, so that the comparison code exists once.
            Value ylo = l.select(p.useCells, p.ylo, l.cst(0));
            Value y0 =
                l.select(p.inert, l.add(p.yhi, l.cst(1)), l.sub(ylo, l.cst(1)));
            auto cellLoop = scf::WhileOp::create(
                nb, nl, TypeRange{counter, counter, nb.getI1Type()},
                ValueRange{p.xlo, y0, l.boolean(false)},
                [&](OpBuilder &wb, Location wl, ValueRange a) {
                  LoopBuilder t{wb, wl, counter};
                  Value go = t.andI(t.notI(a[2]), t.le(a[1], p.yhi));
                  scf::ConditionOp::create(wb, wl, go, a);
                },
                [&](OpBuilder &wb, Location wl, ValueRange a) {
                  LoopBuilder t{wb, wl, counter};
                  Value outside = t.lt(a[1], ylo);
                  Value cell = t.select(outside, grid.outside,
                                        t.add(t.mul(a[1], grid.x.size), a[0]));
                  Value hit =
                      scan(wb, wl, grid.bucket, t.load(grid.start, cell),
                           t.load(grid.end, cell));
                  Value inRow = t.andI(t.notI(outside), t.lt(a[0], p.xhi));
                  Value x = t.select(inRow, t.add(a[0], t.cst(1)), p.xlo);
                  Value y =
                      t.select(outside, ylo,
                               t.select(inRow, a[1], t.add(a[1], t.cst(1))));
                  scf::YieldOp::create(wb, wl, ValueRange{x, y, hit});
                });
            suppressed = cellLoop.getResult(2);
          }

          scf::IfOp::create(
              nb, nl, l.notI(suppressed), [&](OpBuilder &ib, Location il) {
                LoopBuilder i{ib, il, counter};
                i.store(candidate, kept, numKept);
                if (fixedPoint) {
                  Value notExact = arith::ConstantOp::create(
                      ib, il, ib.getI32Type(),
                      ib.getI32IntegerAttr(FixedPointKept::kNotExact));
                  Value first = i.select(cExact, ci[0], notExact);
                  Value v[4] = {first, ci[1], ci[2], ci[3]};
                  for (int q = 0; q < 4; ++q)
                    memref::StoreOp::create(
                        ib, il,
                        arith::TruncIOp::create(ib, il, ib.getI16Type(), v[q]),
                        fixedKept.corners,
                        ValueRange{i.cast(numKept, ib.getIndexType()),
                                   arith::ConstantIndexOp::create(ib, il, q)});
                }
                if (keptCorners) {
                  Value v[4] = {c.x1, c.y1, c.x2, c.y2};
                  for (int q = 0; q < 4; ++q)
                    memref::StoreOp::create(
                        ib, il, v[q], keptCorners,
                        ValueRange{i.cast(numKept, ib.getIndexType()),
                                   arith::ConstantIndexOp::create(ib, il, q)});
                }
                if (cells > 0)
                  scf::IfOp::create(ib, il, i.le(i.cst(0), home),
                                    [&](OpBuilder &kb, Location kl) {
                                      LoopBuilder k{kb, kl, counter};
                                      Value at = k.load(grid.end, home);
                                      if (grid.withCorners) {
                                        Value v[4] = {c.x1, c.y1, c.x2, c.y2};
                                        for (int q = 0; q < 4; ++q)
                                          k.store(v[q], grid.corners[q], at);
                                      } else {
                                        k.store(fixedPoint ? numKept
                                                           : candidate,
                                                grid.bucket, at);
                                      }
                                      k.store(k.add(at, k.cst(1)), grid.end,
                                              home);
                                      scf::YieldOp::create(kb, kl);
                                    });
                scf::YieldOp::create(ib, il);
              });
          Value newKept =
              l.select(suppressed, numKept, l.add(numKept, l.cst(1)));
          SmallVector<Value> next{newSize, newKept};
          if (adaptive) {
            // OpenCV: after a kept box, `if (t > 0.5) t *= eta` in float.
            BoxMath em(nb, nl, elementType);
            Value t = args[2];
            Value shrink = l.andI(
                l.notI(suppressed),
                em.cmp(arith::CmpFPredicate::OGT, t, em.constant(0.5)));
            next.push_back(l.select(shrink, em.mul(t, em.constant(eta)), t));
          }
          scf::YieldOp::create(nb, nl, next);
        });
    return loop.getResult(1);
  }
};

struct ConvertDetectNmsToLoopsPass
    : mlir::detect::impl::ConvertDetectNmsToLoopsBase<
          ConvertDetectNmsToLoopsPass> {
  using ConvertDetectNmsToLoopsBase::ConvertDetectNmsToLoopsBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    ConversionTarget target(*ctx);
    target.addIllegalOp<NmsOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // Strategies of detect.nms other than the reference one take the ops
    // that select them (Strategies.h).
    registerNmsLoweringStrategies();
    if (failed(verifyStrategySelection(
            getOperation(), NmsOp::getOperationName(), nmsStrategy)))
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    populateDetectNmsToLoopsPatterns(patterns, indexBitwidth);
    populateLoweringStrategyPatterns(patterns, NmsOp::getOperationName(),
                                     nmsStrategy, indexBitwidth);
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

void mlir::detect::populateFixedPointNmsPatterns(
    RewritePatternSet &patterns, const StrategySelection &selection,
    PatternBenefit benefit) {
  patterns.add<NmsOpLowering>(patterns.getContext(), selection, benefit);
}

void mlir::detect::registerNmsLoweringStrategies() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerLoweringStrategy(
        {"detect.nms", "float",
         "the reference lowering: the IEEE float IoU of torchvision for "
         "every comparison",
         1, nullptr});
    registerLoweringStrategy(
        {"detect.nms", "fixed-point",
         "pairs of boxes whose corners are integers in [-1024, 1024] are "
         "compared in integers, without a division for a compile-time "
         "threshold; other pairs in float; the float lowering's results, "
         "fewer instructions on cores without an FPU",
         2, populateFixedPointNmsPatterns});
  });
}
