//===- Yolo.h - the YOLO head decomposition's builder -----------*- C++ -*-===//
//
// Part of detect-mlir. Yolo.cpp rewrites detect.yolo_postprocess;
// YoloScan.cpp builds its scan of the anchors. Both build through YoloBuilder.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSE_YOLO_H
#define DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSE_YOLO_H

#include "detect/Dialect/Detect/IR/DetectOps.h"
#include "detect/Dialect/Detect/Transforms/GlueBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

namespace mlir::detect::decompose {

/// Builds the pieces of one yolo_postprocess; every helper reads the op's
/// attributes, so each rule is stated once.
struct YoloBuilder : GlueBuilder {
  using CmpI = arith::CmpIPredicate;
  using CmpF = arith::CmpFPredicate;

  YoloPostprocessOp op;
  int64_t numClasses, numAnchors;

  YoloBuilder(YoloPostprocessOp op, OpBuilder &b, Location loc,
              int64_t numClasses, int64_t numAnchors)
      : GlueBuilder{b, loc}, op(op), numClasses(numClasses),
        numAnchors(numAnchors) {}

  Type i32() { return b.getI32Type(); }
  Type f32() { return b.getF32Type(); }
  Value cstI32(int64_t v) { return GlueBuilder::i32(v); }
  Value cstF32(float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }

  /// `cond ? then(...) : list` as an scf.if: `then` builds, in the then
  /// region, the values that replace `list`; the else region keeps it.
  SmallVector<Value>
  ifOrKeep(Value cond, ValueRange list,
           function_ref<SmallVector<Value>(YoloBuilder &)> then) {
    auto ifOp = scf::IfOp::create(
        b, loc, cond,
        [&](OpBuilder &tb, Location tl) {
          YoloBuilder t{op, tb, tl, numClasses, numAnchors};
          scf::YieldOp::create(tb, tl, then(t));
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(eb, el, list);
        });
    return ifOp.getResults();
  }

  bool quantized() { return op.getQuantization().has_value(); }
  bool v5() { return op.getHead() == YoloHead::yolov5; }
  bool unsignedStorage() {
    return quantized() &&
           llvm::cast<IntegerType>(*op.getQuantization()).isUnsigned();
  }

  /// Value `row` of `anchor` as stored (yolov8: predictions[0, row, anchor],
  /// yolov5: predictions[0, anchor, row]); i8 widened to i32 by its reading.
  Value stored(Value row, Value anchor) {
    Value v =
        extract(op.getPredictions(), v5() ? ValueRange{idx(0), anchor, row}
                                          : ValueRange{idx(0), row, anchor});
    if (!quantized())
      return v;
    if (unsignedStorage())
      return arith::ExtUIOp::create(b, loc, i32(), v);
    return arith::ExtSIOp::create(b, loc, i32(), v);
  }

  /// `(float(q) - float(zero_point)) * scale` (TFLite's Dequantize), or the
  /// float value itself.
  Value dequantize(Value v) {
    if (!quantized())
      return v;
    Value q = arith::SIToFPOp::create(b, loc, f32(), v);
    Value zp = cstF32(static_cast<float>(op.getZeroPointAttr().getInt()));
    Value scale = cstF32(op.getScale()->convertToFloat());
    return arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, q, zp),
                                 scale);
  }

  float thresholdF32() {
    return static_cast<float>(op.getScoreThreshold().convertToDouble());
  }

  bool passesF32(float v) {
    return op.getScoreCompare() == Comparison::gt ? v > thresholdF32()
                                                  : v >= thresholdF32();
  }

  /// The least stored value whose dequantized value passes the score test
  /// (dequantization is increasing, so exactly the values from it on pass);
  /// none when no byte passes. Computed with the same f32 operations as
  /// `dequantize`.
  std::optional<int64_t> storedThreshold() {
    int64_t lo = unsignedStorage() ? 0 : -128;
    float zp = static_cast<float>(op.getZeroPointAttr().getInt());
    float scale = op.getScale()->convertToFloat();
    for (int64_t q = lo; q < lo + 256; ++q) {
      volatile float diff = static_cast<float>(q) - zp;
      volatile float v = diff * scale;
      if (passesF32(v))
        return q;
    }
    return std::nullopt;
  }

  /// The best stored class score of `anchor`: a maximum over the class rows
  /// (NaN never wins). Its class is found again only for candidates.
  Value bestStored(Value anchor) {
    Value init = quantized() ? cstI32(std::numeric_limits<int32_t>::min())
                             : cstF32(-std::numeric_limits<float>::infinity());
    auto loop = scf::ForOp::create(
        b, loc, idx(4), idx(4 + numClasses), idx(1), ValueRange{init},
        [&](OpBuilder &nb, Location nl, Value row, ValueRange acc) {
          YoloBuilder in{op, nb, nl, numClasses, numAnchors};
          Value v = in.stored(row, anchor);
          Value best =
              quantized()
                  ? arith::MaxSIOp::create(nb, nl, acc[0], v).getResult()
                  : arith::MaxNumFOp::create(nb, nl, acc[0], v).getResult();
          scf::YieldOp::create(nb, nl, best);
        });
    return loop.getResult(0);
  }

  /// Whether a best stored score makes its anchor a candidate.
  Value isCandidate(Value best) {
    if (quantized()) {
      std::optional<int64_t> q0 = storedThreshold();
      if (!q0)
        return arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
      return arith::CmpIOp::create(b, loc, CmpI::sge, best, cstI32(*q0));
    }
    CmpF p = op.getScoreCompare() == Comparison::gt ? CmpF::OGT : CmpF::OGE;
    return arith::CmpFOp::create(b, loc, p, best, cstF32(thresholdF32()));
  }

  /// The first class whose stored score equals `best` (torch's max and
  /// STMicroelectronics' strict `>` scan both take the first).
  Value firstClassOf(Value anchor, Value best) {
    Value none = idx(numClasses);
    auto loop = scf::ForOp::create(
        b, loc, idx(0), idx(numClasses), idx(1), ValueRange{none},
        [&](OpBuilder &nb, Location nl, Value c, ValueRange acc) {
          YoloBuilder in{op, nb, nl, numClasses, numAnchors};
          Value v =
              in.stored(arith::AddIOp::create(nb, nl, c, in.idx(4)), anchor);
          Value equal =
              quantized()
                  ? arith::CmpIOp::create(nb, nl, CmpI::eq, v, best).getResult()
                  : arith::CmpFOp::create(nb, nl, CmpF::OEQ, v, best)
                        .getResult();
          Value first = arith::AndIOp::create(
              nb, nl, equal,
              arith::CmpIOp::create(nb, nl, CmpI::eq, acc[0],
                                    in.idx(numClasses)));
          scf::YieldOp::create(nb, nl, in.select(first, c, acc[0]));
        });
    return loop.getResult(0);
  }

  /// Value `row` (0..3: cx, cy, w, h) of the anchor's box, dequantized and
  /// scaled by the image size (x for even rows, y for odd ones).
  Value boxValue(Value anchor, int64_t row) {
    Value v = dequantize(stored(idx(row), anchor));
    if (op.getImageHeight()) {
      FloatAttr size =
          row % 2 == 0 ? op.getImageWidthAttr() : op.getImageHeightAttr();
      v = arith::MulFOp::create(b, loc, v,
                                cstF32(size.getValue().convertToFloat()));
    }
    return v;
  }

  /// The candidate's box as `output_layout` (or corners for NMS): corners
  /// `c -/+ s / 2` in f32, as ultralytics' xywh2xyxy.
  SmallVector<Value, 4> box(Value anchor, BoxLayout layout) {
    SmallVector<Value, 4> v;
    for (int64_t row = 0; row < 4; ++row)
      v.push_back(boxValue(anchor, row));
    if (layout == BoxLayout::cxcywh)
      return v;
    Value two = cstF32(2.0f);
    Value halfW = arith::DivFOp::create(b, loc, v[2], two);
    Value halfH = arith::DivFOp::create(b, loc, v[3], two);
    return {arith::SubFOp::create(b, loc, v[0], halfW),
            arith::SubFOp::create(b, loc, v[1], halfH),
            arith::AddFOp::create(b, loc, v[0], halfW),
            arith::AddFOp::create(b, loc, v[1], halfH)};
  }
};

/// The candidate list: anchors (i32), classes (i32) and dequantized scores
/// (f32) of `capacity` entries in anchor order, and how many are used.
struct Candidates {
  Value anchors, classes, scores, count;
};

/// One pass over the anchors of `yb.op` that collects at most `capacity`
/// candidates (YoloScan.cpp).
Candidates scanCandidates(YoloBuilder &yb, int64_t capacity);

} // namespace mlir::detect::decompose

#endif // DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSE_YOLO_H
