//===- Yolo.cpp - YOLO head post-processing to core ops -------------------===//
//
// Part of detect-mlir. detect.yolo_postprocess becomes one scan of the score
// rows that keeps the candidates (anchor, class, score) in a bounded list,
// the candidates' boxes, and detect.nms. Only candidates are dequantized: the
// scan compares stored values with the threshold moved into their domain.
//
//===----------------------------------------------------------------------===//

#include "Yolo.h"
#include "DecomposeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::decompose;

namespace {

struct YoloPostprocessDecomposition : OpRewritePattern<YoloPostprocessOp> {
  using OpRewritePattern::OpRewritePattern;
  using CmpI = YoloBuilder::CmpI;
  using CmpF = YoloBuilder::CmpF;

  LogicalResult matchAndRewrite(YoloPostprocessOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto predType = cast<RankedTensorType>(op.getPredictions().getType());
    bool v5 = op.getHead() == YoloHead::yolov5;
    int64_t numClasses =
        v5 ? predType.getDimSize(2) - 5 : predType.getDimSize(1) - 4;
    int64_t numAnchors = v5 ? predType.getDimSize(1) : predType.getDimSize(2);
    YoloBuilder yb{op, rewriter, loc, numClasses, numAnchors};
    int64_t capacity = numAnchors;
    if (std::optional<uint64_t> k = op.getMaxCandidates())
      capacity = std::min<int64_t>(capacity, *k);

    Candidates cand = scanCandidates(yb, capacity);
    Value boxes = nmsBoxes(yb, cand, capacity);
    auto [kept, numKept] = select(yb, cand, boxes, capacity);
    rewriter.replaceOp(op, results(yb, cand, kept, numKept));
    return success();
  }

  /// class_nms(offset) (in f32, as ultralytics adds `cls * max_wh`). Only the
  /// first `count` rows are written: NMS reads no others.
  static Value nmsBoxes(YoloBuilder &yb, const Candidates &cand,
                        int64_t capacity) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    auto type = RankedTensorType::get({capacity, 4}, b.getF32Type());
    Value init =
        tensor::EmptyOp::create(b, loc, type.getShape(), b.getF32Type());
    bool shift = yb.op.getClassNms() == ClassNms::offset;
    auto loop = scf::ForOp::create(
        b, loc, yb.idx(0), cand.count, yb.idx(1), ValueRange{init},
        [&](OpBuilder &nb, Location nl, Value k, ValueRange acc) {
          YoloBuilder in{yb.op, nb, nl, yb.numClasses, yb.numAnchors};
          Value anchor = in.toIndex(in.extract(cand.anchors, k));
          SmallVector<Value, 4> corners = in.box(anchor, BoxLayout::xyxy);
          Value offset;
          if (shift) {
            Value cls = arith::SIToFPOp::create(nb, nl, in.f32(),
                                                in.extract(cand.classes, k));
            offset = arith::MulFOp::create(
                nb, nl, cls,
                in.cstF32(static_cast<float>(
                    yb.op.getClassOffset().convertToDouble())));
          }
          Value out = acc[0];
          for (int64_t j = 0; j < 4; ++j) {
            Value v = corners[j];
            if (shift)
              v = arith::AddFOp::create(nb, nl, v, offset);
            out = in.insert(v, out, ValueRange{k, in.idx(j)});
          }
          scf::YieldOp::create(nb, nl, out);
        });
    return loop.getResult(0);
  }

  /// torchvision's nms rules over the first `valid` candidates.
  static std::pair<Value, Value> nms(YoloBuilder &yb, Value boxes, Value scores,
                                     Value valid, int64_t limit,
                                     int64_t capacity) {
    Type i32 = yb.b.getI32Type();
    int64_t keptSlots = std::min(limit, capacity);
    NmsSpec spec;
    spec.validCount = valid;
    spec.iou = yb.b.getF64FloatAttr(yb.op.getIouThreshold().convertToDouble());
    if (keptSlots < capacity)
      spec.maxOutput = yb.b.getI64IntegerAttr(keptSlots);
    NmsOp nms =
        createNms(yb.b, yb.loc, yb.op, RankedTensorType::get({keptSlots}, i32),
                  boxes, scores, spec);
    return {nms.getIndices(), yb.toIndex(nms.getCount())};
  }

  /// The kept candidates' positions, at most max_det of them, and their
  /// number (index).
  static std::pair<Value, Value> select(YoloBuilder &yb, const Candidates &cand,
                                        Value boxes, int64_t capacity) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    int64_t maxDet = yb.op.getMaxDet();
    if (yb.op.getClassNms() != ClassNms::per_class) {
      return nms(yb, boxes, cand.scores, cand.count, maxDet, capacity);
    }
    // per_class: the other classes' scores are NaN (never selected); each
    // class's kept boxes are appended while max_det allows.
    int64_t perClass = capacity;
    if (std::optional<uint64_t> m = yb.op.getMaxPerClass())
      perClass = std::min<int64_t>(perClass, *m);
    auto listType = RankedTensorType::get({maxDet}, b.getI32Type());
    Value list = filled(b, loc, listType, b.getI32IntegerAttr(-1));
    Value nan = yb.cstF32(std::numeric_limits<float>::quiet_NaN());
    auto classLoop = scf::ForOp::create(
        b, loc, yb.idx(0), yb.idx(yb.numClasses), yb.idx(1),
        ValueRange{list, yb.idx(0)},
        [&](OpBuilder &cb, Location cl, Value c, ValueRange acc) {
          YoloBuilder in{yb.op, cb, cl, yb.numClasses, yb.numAnchors};
          Value cls = in.cast(c, cb.getI32Type());
          // The class's scores (others NaN) and whether it has any: a
          // class without candidates costs an NMS of no rows.
          Value noneYet =
              arith::ConstantIntOp::create(cb, cl, cb.getI1Type(), 0);
          auto masked = scf::ForOp::create(
              cb, cl, in.idx(0), cand.count, in.idx(1),
              ValueRange{tensor::EmptyOp::create(cb, cl,
                                                 ArrayRef<int64_t>{capacity},
                                                 cb.getF32Type()),
                         noneYet},
              [&](OpBuilder &mb, Location ml, Value k, ValueRange m) {
                YoloBuilder mi{yb.op, mb, ml, yb.numClasses, yb.numAnchors};
                Value same = arith::CmpIOp::create(
                    mb, ml, CmpI::eq, mi.extract(cand.classes, k), cls);
                Value s = mi.select(same, mi.extract(cand.scores, k), nan);
                scf::YieldOp::create(
                    mb, ml,
                    ValueRange{mi.insert(s, m[0], k),
                               arith::OrIOp::create(mb, ml, m[1], same)});
              });
          // No scf.if around the NMS: its scratch could not be hoisted out
          // of a branch. Without candidates it reads no rows.
          Value valid = in.select(masked.getResult(1), cand.count, in.idx(0));
          std::pair<Value, Value> classKept =
              nms(in, boxes, masked.getResult(0), valid, perClass, capacity);
          Value kept = classKept.first;
          Value room = arith::SubIOp::create(cb, cl, in.idx(maxDet), acc[1]);
          Value n = arith::MinSIOp::create(cb, cl, classKept.second, room);
          auto copy = scf::ForOp::create(
              cb, cl, in.idx(0), n, in.idx(1), ValueRange{acc[0]},
              [&](OpBuilder &pb, Location pl, Value i, ValueRange out) {
                YoloBuilder p{yb.op, pb, pl, yb.numClasses, yb.numAnchors};
                Value at = arith::AddIOp::create(pb, pl, acc[1], i);
                scf::YieldOp::create(pb, pl,
                                     p.insert(p.extract(kept, i), out[0], at));
              });
          scf::YieldOp::create(
              cb, cl,
              ValueRange{copy.getResult(0),
                         arith::AddIOp::create(cb, cl, acc[1], n)});
        });
    return {classLoop.getResult(0), classLoop.getResult(1)};
  }

  /// ultralytics' scale_boxes for a letterboxed input: per axis the pad
  /// and, shared, the gain, from the run-time original size. In f64 as
  /// Python computes them; `round` is Python's (half to even).
  struct Letterbox {
    Value padX, padY, gain, width, height; // f32
  };

  static Letterbox letterbox(YoloBuilder &yb) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    Type f64 = b.getF64Type();
    auto cst = [&](double v) {
      return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v))
          .getResult();
    };
    auto toF64 = [&](Value v) {
      return arith::SIToFPOp::create(b, loc, f64, v).getResult();
    };
    Value h0 = toF64(yb.op.getOriginalHeight());
    Value w0 = toF64(yb.op.getOriginalWidth());
    Value h1 = cst(double(*yb.op.getLetterboxHeight()));
    Value w1 = cst(double(*yb.op.getLetterboxWidth()));
    Value gy = arith::DivFOp::create(b, loc, h1, h0);
    Value gx = arith::DivFOp::create(b, loc, w1, w0);
    // Python's min(a, b): b only when b < a.
    Value gain =
        yb.select(arith::CmpFOp::create(b, loc, CmpF::OLT, gx, gy), gx, gy);
    auto pad = [&](Value inner, Value original) {
      // round((inner - original * gain) / 2 - 0.1), half to even.
      Value x = arith::SubFOp::create(
          b, loc,
          arith::DivFOp::create(
              b, loc,
              arith::SubFOp::create(
                  b, loc, inner, arith::MulFOp::create(b, loc, original, gain)),
              cst(2.0)),
          cst(0.1));
      // floor(x) through an integer (pads are small): truncation, one
      // less when that went up.
      Type i64 = b.getI64Type();
      Value t = arith::FPToSIOp::create(b, loc, i64, x);
      Value above = arith::CmpFOp::create(
          b, loc, CmpF::OGT, arith::SIToFPOp::create(b, loc, f64, t), x);
      Value n = yb.select(
          above,
          arith::SubIOp::create(b, loc, t,
                                arith::ConstantIntOp::create(b, loc, i64, 1)),
          t);
      Value r = arith::SIToFPOp::create(b, loc, f64, n);
      Value frac = arith::SubFOp::create(b, loc, x, r);
      Value odd = arith::CmpIOp::create(
          b, loc, CmpI::ne,
          arith::AndIOp::create(b, loc, n,
                                arith::ConstantIntOp::create(b, loc, i64, 1)),
          arith::ConstantIntOp::create(b, loc, i64, 0));
      Value up = arith::OrIOp::create(
          b, loc, arith::CmpFOp::create(b, loc, CmpF::OGT, frac, cst(0.5)),
          arith::AndIOp::create(
              b, loc, arith::CmpFOp::create(b, loc, CmpF::OEQ, frac, cst(0.5)),
              odd));
      Value rounded =
          yb.select(up, arith::AddFOp::create(b, loc, r, cst(1.0)), r);
      return arith::TruncFOp::create(b, loc, yb.f32(), rounded).getResult();
    };
    auto toF32 = [&](Value v) {
      return arith::TruncFOp::create(b, loc, yb.f32(), v).getResult();
    };
    return {pad(w1, w0), pad(h1, h0), toF32(gain), toF32(w0), toF32(h0)};
  }

  /// Coordinate `v` of axis x (`isX`) mapped back: `(v - pad) / gain`,
  /// clamped to `[0, size]` (torch's clamp: NaN stays NaN).
  static Value unletterbox(YoloBuilder &yb, const Letterbox &lb, Value v,
                           Value isX) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    Value pad = yb.select(isX, lb.padX, lb.padY);
    Value size = yb.select(isX, lb.width, lb.height);
    Value scaled = arith::DivFOp::create(
        b, loc, arith::SubFOp::create(b, loc, v, pad), lb.gain);
    Value low = arith::MaximumFOp::create(b, loc, scaled, yb.cstF32(0.0f));
    return arith::MinimumFOp::create(b, loc, low, size);
  }

  /// The op's results from the kept candidate positions. Each is one
  /// tensor.generate (rows past the count: 0, classes -1), which bufferizes
  /// into the caller's out-buffer: a result built by a loop of inserts would
  /// be built in scratch and copied.
  static SmallVector<Value> results(YoloBuilder &yb, const Candidates &cand,
                                    Value kept, Value numKept) {
    YoloPostprocessOp op = yb.op;
    auto classesType = cast<RankedTensorType>(op.getClasses().getType());
    Type classType = classesType.getElementType();
    // `value(builder, candidate position, coordinate)` for the kept rows,
    // `fallback` for the others.
    auto generate =
        [&](Type type, TypedAttr fallback,
            function_ref<Value(YoloBuilder &, Value, Value)> value) {
          return tensor::GenerateOp::create(
                     yb.b, yb.loc, type, ValueRange{},
                     [&](OpBuilder &gb, Location gl, ValueRange at) {
                       Value used = arith::CmpIOp::create(gb, gl, CmpI::slt,
                                                          at[0], numKept);
                       auto ifUsed = scf::IfOp::create(
                           gb, gl, used,
                           [&](OpBuilder &tb, Location tl) {
                             YoloBuilder t{op, tb, tl, yb.numClasses,
                                           yb.numAnchors};
                             Value pos = t.toIndex(t.extract(kept, at[0]));
                             scf::YieldOp::create(
                                 tb, tl,
                                 value(t, pos,
                                       at.size() > 1 ? at[1] : Value()));
                           },
                           [&](OpBuilder &eb, Location el) {
                             scf::YieldOp::create(
                                 eb, el,
                                 arith::ConstantOp::create(eb, el, fallback)
                                     .getResult());
                           });
                       tensor::YieldOp::create(gb, gl, ifUsed.getResult(0));
                     })
              .getResult();
        };
    std::optional<Letterbox> lb;
    if (op.getLetterboxHeight())
      lb = letterbox(yb);
    Value boxes = generate(
        op.getBoxes().getType(), yb.b.getF32FloatAttr(0),
        [&](YoloBuilder &t, Value pos, Value j) {
          Value anchor = t.toIndex(t.extract(cand.anchors, pos));
          SmallVector<Value, 4> box = t.box(anchor, op.getOutputLayout());
          Value v = box[3];
          for (int64_t k = 2; k >= 0; --k)
            v = t.select(
                arith::CmpIOp::create(t.b, t.loc, CmpI::eq, j, t.idx(k)),
                box[k], v);
          if (lb) {
            Value isX = arith::CmpIOp::create(
                t.b, t.loc, CmpI::eq,
                arith::RemUIOp::create(t.b, t.loc, j, t.idx(2)), t.idx(0));
            v = unletterbox(t, *lb, v, isX);
          }
          return v;
        });
    Value scores = generate(op.getScores().getType(), yb.b.getF32FloatAttr(0),
                            [&](YoloBuilder &t, Value pos, Value) {
                              return t.extract(cand.scores, pos);
                            });
    Value classes = generate(classesType, yb.b.getIntegerAttr(classType, -1),
                             [&](YoloBuilder &t, Value pos, Value) {
                               Value cls = t.extract(cand.classes, pos);
                               return classType.isInteger(32)
                                          ? cls
                                          : arith::ExtSIOp::create(
                                                t.b, t.loc, classType, cls)
                                                .getResult();
                             });
    return {boxes, scores, classes, yb.cast(numKept, op.getCount().getType())};
  }
};

} // namespace

void mlir::detect::decompose::populateYoloDecompositionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<YoloPostprocessDecomposition>(patterns.getContext());
}
