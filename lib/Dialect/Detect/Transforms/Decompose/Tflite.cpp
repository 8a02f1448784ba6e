//===- Tflite.cpp - TFLite detection post-processing to core ops ----------===//
//
// Part of detect-mlir. detect.detection_postprocess
// (TFLite_Detection_PostProcess) becomes decode_boxes, a per-anchor class
// ranking and detect.nms; quantized inputs are dequantized first.
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

/// The (score, class) pairs of each anchor, best first.
struct RankedClasses {
  SmallVector<Value> scores;  // tensor<Nxf32> per rank
  SmallVector<Value> classes; // tensor<Nxi32> per rank; num_classes: none
};

/// Rank `count` of every anchor's classes: for each anchor, the best
/// (score, class) pair strictly after the previous rank's pair in the order
/// (score descending, class ascending). A NaN score is never ranked. One
/// `linalg.generic` reduction over the classes per rank.
///
/// With `withClasses` false (one rank whose classes are found again later,
/// see bestClassOf) only the best score is kept: the reduction is a plain
/// maximum, and no class table is stored.
static RankedClasses rankClasses(OpBuilder &b, Location loc, Value predictions,
                                 int64_t offset, int64_t numClasses,
                                 int64_t count, bool withClasses = true) {
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
    Value bestInit =
        filled(b, loc, scoreType,
               b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{scoreType}, ValueRange{predictions},
        ValueRange{bestInit}, {predictionMap, rowMap},
        {utils::IteratorType::parallel, utils::IteratorType::reduction},
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          GlueBuilder g{nb, nl};
          // Ordered: a NaN score never wins.
          Value better = g.cmpf(arith::CmpFPredicate::OGT, args[0], args[1]);
          if (offset != 0) {
            Value column = g.toI32(linalg::IndexOp::create(nb, nl, 1));
            better = g.andI(better, g.cmpi(arith::CmpIPredicate::sge, column,
                                           g.i32(offset)));
          }
          linalg::YieldOp::create(
              nb, nl, ValueRange{g.select(better, args[0], args[1])});
        });
    ranked.scores.push_back(generic.getResult(0));
    return ranked;
  }
  for (int64_t rank = 0; rank < count; ++rank) {
    Value bestInit =
        filled(b, loc, scoreType,
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
          GlueBuilder g{nb, nl};
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
          linalg::YieldOp::create(nb, nl,
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
  GlueBuilder g{b, loc};
  Value init = arith::ConstantOp::create(
      b, loc, b.getF32FloatAttr(-std::numeric_limits<float>::infinity()));
  auto scan = scf::ForOp::create(
      b, loc, g.idx(0), g.idx(numClasses), g.idx(1),
      ValueRange{init, g.i32(numClasses)},
      [&](OpBuilder &sb, Location sl, Value cls, ValueRange best) {
        GlueBuilder s{sb, sl};
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

/// The pieces of one TFLite_Detection_PostProcess rewrite, over its decoded
/// boxes.
struct PostprocessBuilder {
  DetectionPostprocessOp op;
  int64_t n, numClasses, offset, maxDetections, perAnchor;
  Value boxes;

  /// TFLite's NMS rules; its thresholds are floats, compared as floats.
  NmsOp nms(OpBuilder &b, Location l, Value scores, int64_t limit) {
    Type i32 = b.getI32Type();
    int64_t capacity = std::min(limit, n);
    NmsSpec spec;
    spec.iou = b.getF64FloatAttr(op.getIouThreshold().convertToDouble());
    spec.score = b.getF64FloatAttr(op.getScoreThreshold().convertToDouble());
    spec.maxOutput = b.getI64IntegerAttr(limit);
    spec.scoreCompare = Comparison::ge;
    spec.layout = BoxLayout::yxyx;
    spec.degenerate = DegenerateRule::zero_area;
    return createNms(b, l, op, RankedTensorType::get({capacity}, i32), boxes,
                     scores, spec);
  }

  /// Writes one result row: the box of `anchor`, its class and score.
  SmallVector<Value> writeRow(GlueBuilder &w, ValueRange outs, Value row,
                              Value anchor, Value cls, Value score) {
    Value zero = w.idx(0);
    Value bo = outs[0];
    for (int64_t j = 0; j < 4; ++j)
      bo = w.insert(w.extract(boxes, {anchor, w.idx(j)}), bo,
                    {zero, row, w.idx(j)});
    Value co = w.insert(w.toF32(cls), outs[1], {zero, row});
    Value so = w.insert(score, outs[2], {zero, row});
    return {bo, co, so};
  }

  /// Fast path: NMS over anchors by their best class score. Returns the
  /// written outputs and their number of rows.
  std::pair<SmallVector<Value>, Value> fastPath(OpBuilder &b, Location loc,
                                                ValueRange outs) {
    GlueBuilder g{b, loc};
    // One class per anchor (TFLite's default): only the best scores are
    // stored; the few kept anchors find their class again.
    bool classesLater = perAnchor == 1;
    RankedClasses ranked = rankClasses(b, loc, op.getClassPredictions(), offset,
                                       numClasses, perAnchor, !classesLater);
    auto kept = nms(b, loc, ranked.scores[0], maxDetections);
    Value numKept = g.toIndex(kept.getCount());
    auto loop = scf::ForOp::create(
        b, loc, g.idx(0), numKept, g.idx(1), outs,
        [&](OpBuilder &lb, Location l, Value i, ValueRange current) {
          GlueBuilder w{lb, l};
          Value anchor = w.toIndex(w.extract(kept.getIndices(), {i}));
          SmallVector<Value> rows(current);
          for (int64_t col = 0; col < perAnchor; ++col) {
            Value row = w.addI(w.mulI(i, w.idx(perAnchor)), w.idx(col));
            Value cls = classesLater
                            ? bestClassOf(lb, l, op.getClassPredictions(),
                                          anchor, offset, numClasses)
                            : w.extract(ranked.classes[col], {anchor});
            // An anchor without a ranked class (all NaN) reports class 0.
            cls = w.select(
                w.cmpi(arith::CmpIPredicate::eq, cls, w.i32(numClasses)),
                w.i32(0), cls);
            Value score = w.extract(ranked.scores[col], {anchor});
            rows = writeRow(w, rows, row, anchor, cls, score);
          }
          scf::YieldOp::create(lb, l, rows);
        });
    return {SmallVector<Value>(loop.getResults()),
            g.mulI(numKept, g.idx(perAnchor))};
  }

  /// Merges the `kept` selections of class `cls` (scores in `column`) into
  /// the sorted lists (scores, anchors, classes) of `listed` entries, from
  /// the back and in place: position w takes the last of the remaining
  /// entries; on equal scores the new class's entry goes after.
  static scf::ForOp mergeClass(OpBuilder &b, Location l, ValueRange lists,
                               Value listed, NmsOp kept, Value column,
                               Value cls) {
    using I = arith::CmpIPredicate;
    GlueBuilder c{b, l};
    Value numKept = c.toIndex(kept.getCount());
    Value total = c.addI(listed, numKept);
    Value clsI32 = c.toI32(cls);
    return scf::ForOp::create(
        b, l, c.idx(0), total, c.idx(1),
        ValueRange{lists[0], lists[1], lists[2], c.subI(listed, c.idx(1)),
                   c.subI(numKept, c.idx(1))},
        [&](OpBuilder &mb, Location ml, Value t, ValueRange m) {
          GlueBuilder x{mb, ml};
          Value a = m[3], bIdx = m[4];
          Value w = x.subI(x.subI(total, x.idx(1)), t);
          Value hasNew = x.cmpi(I::sge, bIdx, x.idx(0));
          auto step = scf::IfOp::create(
              mb, ml, hasNew,
              [&](OpBuilder &ib, Location il) {
                GlueBuilder y{ib, il};
                Value zero = y.idx(0);
                Value newAnchorI32 = y.extract(kept.getIndices(), {bIdx});
                Value newAnchor = y.toIndex(newAnchorI32);
                Value newScore = y.extract(column, {newAnchor});
                Value ac = y.maxI(a, zero);
                Value oldScore = y.extract(m[0], {ac});
                Value takeNew = y.orI(
                    y.cmpi(I::slt, a, zero),
                    y.cmpf(arith::CmpFPredicate::OLE, newScore, oldScore));
                Value s = y.select(takeNew, newScore, oldScore);
                Value an =
                    y.select(takeNew, newAnchorI32, y.extract(m[1], {ac}));
                Value cl = y.select(takeNew, clsI32, y.extract(m[2], {ac}));
                Value ls = y.insert(s, m[0], {w});
                Value la = y.insert(an, m[1], {w});
                Value lc = y.insert(cl, m[2], {w});
                Value one = y.idx(1);
                scf::YieldOp::create(
                    ib, il,
                    ValueRange{ls, la, lc, y.select(takeNew, a, y.subI(a, one)),
                               y.select(takeNew, y.subI(bIdx, one), bIdx)});
              },
              [&](OpBuilder &ib, Location il) {
                // Only old entries remain: already in place.
                scf::YieldOp::create(ib, il, m);
              });
          scf::YieldOp::create(mb, ml, step.getResults());
        });
  }

  /// Regular path: NMS per class; the best max_detections of all classes by
  /// (score desc, class asc, NMS order), kept sorted in a list of capacity
  /// max_detections + one class's selections and merged from the back, in
  /// place. Returns the written outputs and their number of rows.
  std::pair<SmallVector<Value>, Value> regularPath(OpBuilder &b, Location loc,
                                                   ValueRange outs) {
    GlueBuilder g{b, loc};
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    int64_t perClass = std::min<int64_t>(op.getDetectionsPerClass(), n);
    int64_t capacity = maxDetections + perClass;
    Value listScores = filled(b, loc, RankedTensorType::get({capacity}, f32),
                              b.getF32FloatAttr(0.0f));
    Value listAnchors = filled(b, loc, RankedTensorType::get({capacity}, i32),
                               b.getI32IntegerAttr(0));
    Value listClasses = filled(b, loc, RankedTensorType::get({capacity}, i32),
                               b.getI32IntegerAttr(0));
    auto columnType = RankedTensorType::get({n}, f32);
    auto classLoop = scf::ForOp::create(
        b, loc, g.idx(0), g.idx(numClasses), g.idx(1),
        ValueRange{listScores, listAnchors, listClasses, g.idx(0)},
        [&](OpBuilder &cb, Location l, Value cls, ValueRange iter) {
          GlueBuilder c{cb, l};
          Value column = tensor::GenerateOp::create(
              cb, l, columnType, ValueRange{},
              [&](OpBuilder &gb, Location gl, ValueRange at) {
                GlueBuilder x{gb, gl};
                Value v =
                    x.extract(op.getClassPredictions(),
                              {x.idx(0), at[0], x.addI(cls, x.idx(offset))});
                tensor::YieldOp::create(gb, gl, v);
              });
          NmsOp kept = nms(cb, l, column, op.getDetectionsPerClass());
          Value listed = iter[3];
          scf::ForOp merge =
              mergeClass(cb, l, iter.take_front(3), listed, kept, column, cls);
          Value total = merge.getUpperBound();
          Value newListed = c.minI(total, c.idx(maxDetections));
          scf::YieldOp::create(cb, l,
                               ValueRange{merge.getResult(0),
                                          merge.getResult(1),
                                          merge.getResult(2), newListed});
        });
    Value listed = classLoop.getResult(3);
    auto loop = scf::ForOp::create(
        b, loc, g.idx(0), listed, g.idx(1), outs,
        [&](OpBuilder &lb, Location l, Value i, ValueRange current) {
          GlueBuilder w{lb, l};
          Value anchor = w.toIndex(w.extract(classLoop.getResult(1), {i}));
          Value cls = w.extract(classLoop.getResult(2), {i});
          Value score = w.extract(classLoop.getResult(0), {i});
          scf::YieldOp::create(lb, l,
                               writeRow(w, current, i, anchor, cls, score));
        });
    return {SmallVector<Value>(loop.getResults()), listed};
  }
};

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
    GlueBuilder g{rewriter, loc};
    auto predType = cast<RankedTensorType>(op.getClassPredictions().getType());
    int64_t n = predType.getDimSize(1);
    int64_t numClasses = op.getNumClasses();
    int64_t perAnchor =
        std::min<int64_t>(op.getMaxClassesPerDetection(), numClasses);
    PostprocessBuilder pb{op,
                          n,
                          numClasses,
                          predType.getDimSize(2) - numClasses,
                          static_cast<int64_t>(op.getMaxDetections()),
                          perAnchor,
                          decodeBoxes(rewriter, op, n)};

    auto outBoxesType =
        cast<RankedTensorType>(op.getDetectionBoxes().getType());
    auto outRowsType =
        cast<RankedTensorType>(op.getDetectionClasses().getType());
    Value outBoxes =
        filled(rewriter, loc, outBoxesType, rewriter.getF32FloatAttr(0.0f));
    Value outClasses =
        filled(rewriter, loc, outRowsType, rewriter.getF32FloatAttr(0.0f));
    Value outScores =
        filled(rewriter, loc, outRowsType, rewriter.getF32FloatAttr(0.0f));
    SmallVector<Value> outs{outBoxes, outClasses, outScores};
    auto [results, numRows] = op.getUseRegularNms()
                                  ? pb.regularPath(rewriter, loc, outs)
                                  : pb.fastPath(rewriter, loc, outs);
    Value num = tensor::FromElementsOp::create(rewriter, loc,
                                               op.getNumDetections().getType(),
                                               ValueRange{g.toF32(numRows)});
    rewriter.replaceOp(op, {results[0], results[1], results[2], num});
    return success();
  }

  /// Every anchor's box decoded, [ymin, xmin, ymax, xmax].
  static Value decodeBoxes(PatternRewriter &rewriter, DetectionPostprocessOp op,
                           int64_t n) {
    Location loc = op.getLoc();
    GlueBuilder g{rewriter, loc};
    auto boxesType = RankedTensorType::get({n, 4}, rewriter.getF32Type());
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
    return DecodeBoxesOp::create(
        rewriter, loc, boxesType, encodings, op.getAnchors(),
        /*valid_count=*/Value(), op.getYScaleAttr(), op.getXScaleAttr(),
        op.getHScaleAttr(), op.getWScaleAttr(),
        BoxLayoutAttr::get(rewriter.getContext(), BoxLayout::yxyx),
        computeType);
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
               Value wide = storage.isUnsigned()
                                ? arith::ExtUIOp::create(nb, nl, i32, args[0])
                                      .getResult()
                                : arith::ExtSIOp::create(nb, nl, i32, args[0])
                                      .getResult();
               Value v = arith::SIToFPOp::create(nb, nl, f32, wide);
               Value zp = arith::ConstantOp::create(
                   nb, nl,
                   nb.getF32FloatAttr(static_cast<float>(zeroPoint.getInt())));
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
      encodings =
          dequantize(rewriter, loc, encodings, cast<IntegerType>(*storage),
                     op.getBoxScaleAttr(), op.getBoxZeroPointAttr());
    Value predictions = op.getClassPredictions();
    if (std::optional<Type> storage = op.getClassQuantization())
      predictions =
          dequantize(rewriter, loc, predictions, cast<IntegerType>(*storage),
                     op.getClassScaleAttr(), op.getClassZeroPointAttr());
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

} // namespace

void mlir::detect::decompose::populateTfliteDecompositionPatterns(
    RewritePatternSet &patterns) {
  patterns
      .add<DetectionPostprocessDecomposition, DequantizeDetectionPostprocess>(
          patterns.getContext());
}
