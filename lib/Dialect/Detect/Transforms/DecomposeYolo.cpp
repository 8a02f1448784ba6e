//===- DecomposeYolo.cpp - YOLO head post-processing to core ops ----------===//
//
// Part of detect-mlir. detect.yolo_postprocess becomes one scan of the score
// rows that keeps the candidates (anchor, class, score) in a bounded list,
// the candidates' boxes, and detect.nms. Only candidates are dequantized: the
// scan compares stored values with the threshold moved into their domain.
//
//===----------------------------------------------------------------------===//

#include "DecomposeYolo.h"

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

using namespace mlir;
using namespace mlir::detect;

namespace {

using CmpI = arith::CmpIPredicate;
using CmpF = arith::CmpFPredicate;

/// Builds the pieces of one yolo_postprocess; every helper reads the op's
/// attributes, so each rule is stated once.
struct YoloBuilder {
  YoloPostprocessOp op;
  OpBuilder &b;
  Location loc;
  int64_t numClasses, numAnchors;

  Type i32() { return b.getI32Type(); }
  Type f32() { return b.getF32Type(); }
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value cstI32(int64_t v) {
    return arith::ConstantIntOp::create(b, loc, i32(), v);
  }
  Value cstF32(float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }
  Value toIndex(Value v) {
    return v.getType().isIndex()
               ? v
               : arith::IndexCastOp::create(b, loc, b.getIndexType(), v)
                     .getResult();
  }
  Value toInt(Value v, Type t) {
    return v.getType() == t
               ? v
               : arith::IndexCastOp::create(b, loc, t, v).getResult();
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value extract(Value t, ValueRange at) {
    return tensor::ExtractOp::create(b, loc, t, at);
  }
  Value insert(Value v, Value t, ValueRange at) {
    return tensor::InsertOp::create(b, loc, v, t, at);
  }

  bool quantized() { return op.getQuantization().has_value(); }
  bool v5() { return op.getHead() == YoloHead::yolov5; }
  bool unsignedStorage() {
    return quantized() && cast<IntegerType>(*op.getQuantization()).isUnsigned();
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

struct YoloPostprocessDecomposition : OpRewritePattern<YoloPostprocessOp> {
  using OpRewritePattern::OpRewritePattern;

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

    Candidates cand = scan(yb, capacity);
    Value boxes = nmsBoxes(yb, cand, capacity);
    auto [kept, numKept] = select(yb, cand, boxes, capacity);
    rewriter.replaceOp(op, results(yb, cand, kept, numKept));
    return success();
  }

  static Value zeros(OpBuilder &b, Location loc, RankedTensorType type,
                     TypedAttr value) {
    Value empty =
        tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
    Value v = arith::ConstantOp::create(b, loc, value);
    return linalg::FillOp::create(b, loc, ValueRange{v}, ValueRange{empty})
        .getResult(0);
  }

  /// One pass over the anchors: the best stored score by a maximum over the
  /// classes; a candidate's class and score are computed and appended. A
  /// full list keeps the `capacity` best (score descending, anchor
  /// ascending): the worst entry leaves, the others move up, the new one
  /// goes last, so the list stays in anchor order (NMS breaks ties by
  /// position). Where the scores allow, a filter over words of bytes
  /// (int8/uint8) or over float bits skips, exactly, the anchors that
  /// cannot be candidates.
  static Candidates scan(YoloBuilder &yb, int64_t capacity) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    auto i32List = RankedTensorType::get({capacity}, b.getI32Type());
    auto f32List = RankedTensorType::get({capacity}, b.getF32Type());
    Value anchors = zeros(b, loc, i32List, b.getI32IntegerAttr(0));
    Value classes = zeros(b, loc, i32List, b.getI32IntegerAttr(0));
    Value scores = zeros(b, loc, f32List, b.getF32FloatAttr(0));
    SmallVector<Value> init{anchors, classes, scores, yb.idx(0)};
    scf::ForOp loop;
    if (std::optional<int64_t> t = byteLaneThreshold(yb)) {
      loop = scanByteBlocks(yb, init, *t, capacity);
    } else if (std::optional<int32_t> bits = floatBitsThreshold(yb)) {
      loop = scanFloatGroups(yb, init, *bits, capacity);
    } else {
      loop = scf::ForOp::create(
          b, loc, yb.idx(0), yb.idx(yb.numAnchors), yb.idx(1), init,
          [&](OpBuilder &lb, Location l, Value a, ValueRange list) {
            YoloBuilder in{yb.op, lb, l, yb.numClasses, yb.numAnchors};
            scf::YieldOp::create(lb, l, visitAnchor(in, a, list, capacity));
          });
    }
    return {loop.getResult(0), loop.getResult(1), loop.getResult(2),
            loop.getResult(3)};
  }

  /// One anchor: its best stored score; a candidate's class and score are
  /// computed and appended to the list.
  static SmallVector<Value> visitAnchor(YoloBuilder &yb, Value a,
                                        ValueRange list, int64_t capacity) {
    if (yb.v5())
      return visitObjectnessAnchor(yb, a, list, capacity);
    Value best = yb.bestStored(a);
    auto ifCand = scf::IfOp::create(
        yb.b, yb.loc, yb.isCandidate(best),
        [&](OpBuilder &tb, Location tl) {
          YoloBuilder t{yb.op, tb, tl, yb.numClasses, yb.numAnchors};
          Value cls = t.toInt(t.firstClassOf(a, best), tb.getI32Type());
          Value score = t.dequantize(best);
          Value anchor = t.toInt(a, tb.getI32Type());
          scf::YieldOp::create(tb, tl,
                               append(t, list, anchor, cls, score, capacity));
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(eb, el, list);
        });
    return ifCand.getResults();
  }

  /// The threshold as an unsigned byte `t` (signed bytes are read with their
  /// top bit flipped, which keeps the order) when the scan can test four
  /// bytes of a 32-bit word at once: quantized scores, anchors a multiple of
  /// 4, and a threshold some bytes pass and some fail (1 <= t <= 255).
  static std::optional<int64_t> byteLaneThreshold(YoloBuilder &yb) {
    if (yb.v5() || !yb.quantized() || yb.numAnchors % 4 != 0)
      return std::nullopt;
    std::optional<int64_t> q0 = yb.storedThreshold();
    if (!q0)
      return std::nullopt;
    int64_t t = yb.unsignedStorage() ? *q0 : *q0 + 128;
    if (t < 1 || t > 255)
      return std::nullopt;
    return t;
  }

  /// A YOLOv5 anchor (ultralytics' YOLOv5 non_max_suppression): considered
  /// when its objectness passes the threshold (compared in the stored
  /// domain); then each class score times the objectness in f32, the first
  /// best product, and the threshold again on it.
  static SmallVector<Value> visitObjectnessAnchor(YoloBuilder &yb, Value a,
                                                  ValueRange list,
                                                  int64_t capacity) {
    Value objectness = yb.stored(yb.idx(4), a);
    auto ifObject = scf::IfOp::create(
        yb.b, yb.loc, yb.isCandidate(objectness),
        [&](OpBuilder &tb, Location tl) {
          YoloBuilder t{yb.op, tb, tl, yb.numClasses, yb.numAnchors};
          Value obj = t.dequantize(objectness);
          Value none = t.cstF32(-std::numeric_limits<float>::infinity());
          auto best = scf::ForOp::create(
              tb, tl, t.idx(0), t.idx(yb.numClasses), t.idx(1),
              ValueRange{none, t.idx(0)},
              [&](OpBuilder &nb, Location nl, Value c, ValueRange acc) {
                YoloBuilder in{yb.op, nb, nl, yb.numClasses, yb.numAnchors};
                Value row = arith::AddIOp::create(nb, nl, c, in.idx(5));
                Value p = arith::MulFOp::create(
                    nb, nl, in.dequantize(in.stored(row, a)), obj);
                Value better =
                    arith::CmpFOp::create(nb, nl, CmpF::OGT, p, acc[0]);
                scf::YieldOp::create(nb, nl,
                                     ValueRange{in.select(better, p, acc[0]),
                                                in.select(better, c, acc[1])});
              });
          Value score = best.getResult(0);
          CmpF pred =
              yb.op.getScoreCompare() == Comparison::gt ? CmpF::OGT : CmpF::OGE;
          Value passes = arith::CmpFOp::create(tb, tl, pred, score,
                                               t.cstF32(t.thresholdF32()));
          auto ifPasses = scf::IfOp::create(
              tb, tl, passes,
              [&](OpBuilder &pb, Location pl) {
                YoloBuilder q{yb.op, pb, pl, yb.numClasses, yb.numAnchors};
                scf::YieldOp::create(
                    pb, pl,
                    append(q, list, q.toInt(a, pb.getI32Type()),
                           q.toInt(best.getResult(1), pb.getI32Type()), score,
                           capacity));
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, list);
              });
          scf::YieldOp::create(tb, tl, ifPasses.getResults());
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(eb, el, list);
        });
    return ifObject.getResults();
  }

  /// Visits the anchors `first + j`, j < 4, whose flag, bit `spacing * j`
  /// of `flags`, is set. A loop rather than four copies: one-shot
  /// bufferization analyses a chain of tensor-yielding scf.if slowly.
  static SmallVector<Value> visitFlagged(YoloBuilder &yb, Value flags,
                                         int64_t spacing, Value first,
                                         ValueRange list, int64_t capacity) {
    auto loop = scf::ForOp::create(
        yb.b, yb.loc, yb.idx(0), yb.idx(4), yb.idx(1), list,
        [&](OpBuilder &nb, Location nl, Value j, ValueRange cur) {
          YoloBuilder in{yb.op, nb, nl, yb.numClasses, yb.numAnchors};
          Value shift = arith::MulIOp::create(nb, nl, in.toInt(j, in.i32()),
                                              in.cstI32(spacing));
          Value bit = arith::AndIOp::create(
              nb, nl, arith::ShRUIOp::create(nb, nl, flags, shift),
              in.cstI32(1));
          Value passes =
              arith::CmpIOp::create(nb, nl, CmpI::ne, bit, in.cstI32(0));
          Value a = arith::AddIOp::create(nb, nl, first, j);
          auto ifPasses = scf::IfOp::create(
              nb, nl, passes,
              [&](OpBuilder &tb, Location tl) {
                YoloBuilder t{yb.op, tb, tl, yb.numClasses, yb.numAnchors};
                scf::YieldOp::create(tb, tl, visitAnchor(t, a, cur, capacity));
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, cur);
              });
          scf::YieldOp::create(nb, nl, ifPasses.getResults());
        });
    return loop.getResults();
  }

  /// The bytes `first .. first + 3` of class row `row` as one word (LLVM
  /// merges the byte loads into one 32-bit load where the core allows
  /// unaligned access), byte j at bits 8j.
  static Value rowWord(YoloBuilder &yb, Value row, Value first) {
    Value word;
    for (int64_t j = 0; j < 4; ++j) {
      Value at = arith::AddIOp::create(yb.b, yb.loc, first, yb.idx(j));
      Value byte =
          yb.extract(yb.op.getPredictions(), ValueRange{yb.idx(0), row, at});
      Value v = arith::ExtUIOp::create(yb.b, yb.loc, yb.i32(), byte);
      if (j)
        v = arith::ShLIOp::create(yb.b, yb.loc, v, yb.cstI32(8 * j));
      word = j ? arith::OrIOp::create(yb.b, yb.loc, word, v).getResult() : v;
    }
    return word;
  }

  /// Per byte of `word`, a top bit set exactly when the byte, read as an
  /// unsigned `u` (a signed byte with its top bit flipped, which keeps the
  /// order), is `>= t`; the other bits are garbage. No carry crosses a byte:
  ///   t <= 128: top bit of ((x & 0x7f) + (128 - t)) | u
  ///   t >  128: top bit of ((x & 0x7f) + (256 - t)) & u
  /// and u's top bit is ~x's for signed bytes (one ORN or BIC on Arm).
  static Value topBits(YoloBuilder &yb, Value word, int64_t t) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    Value bias = yb.cstI32((t <= 128 ? 128 - t : 256 - t) * 0x01010101);
    Value sum = arith::AddIOp::create(
        b, loc, arith::AndIOp::create(b, loc, word, yb.cstI32(0x7f7f7f7f)),
        bias);
    Value u =
        yb.unsignedStorage()
            ? word
            : arith::XOrIOp::create(b, loc, word, yb.cstI32(-1)).getResult();
    if (t <= 128)
      return arith::OrIOp::create(b, loc, sum, u);
    return arith::AndIOp::create(b, loc, sum, u);
  }

  /// The top bits over every class row of the words at `first + 4 w`,
  /// `w < words`, OR-ed together (any set: some anchor of the block passes).
  static Value blockTopBits(YoloBuilder &yb, Value first, int64_t words,
                            int64_t t) {
    auto loop = scf::ForOp::create(
        yb.b, yb.loc, yb.idx(4), yb.idx(4 + yb.numClasses), yb.idx(1),
        ValueRange{yb.cstI32(0)},
        [&](OpBuilder &nb, Location nl, Value row, ValueRange acc) {
          YoloBuilder in{yb.op, nb, nl, yb.numClasses, yb.numAnchors};
          Value bits = acc[0];
          for (int64_t w = 0; w < words; ++w) {
            Value at = arith::AddIOp::create(nb, nl, first, in.idx(4 * w));
            bits = arith::OrIOp::create(nb, nl, bits,
                                        topBits(in, rowWord(in, row, at), t));
          }
          scf::YieldOp::create(nb, nl, bits);
        });
    return arith::AndIOp::create(yb.b, yb.loc, loop.getResult(0),
                                 yb.cstI32(int32_t(0x80808080u)));
  }

  /// int8/uint8 scan: blocks of `4 * words` anchors, tested with one word
  /// per class row and word; a passing block is tested again word by word,
  /// and only the anchors whose byte passed are visited.
  static scf::ForOp scanByteBlocks(YoloBuilder &yb, ValueRange init, int64_t t,
                                   int64_t capacity) {
    int64_t groups = yb.numAnchors / 4;
    int64_t words = groups % 4 == 0   ? 4
                    : groups % 3 == 0 ? 3
                    : groups % 2 == 0 ? 2
                                      : 1;
    return scf::ForOp::create(
        yb.b, yb.loc, yb.idx(0), yb.idx(yb.numAnchors), yb.idx(4 * words), init,
        [&](OpBuilder &lb, Location l, Value first, ValueRange list) {
          YoloBuilder in{yb.op, lb, l, yb.numClasses, yb.numAnchors};
          Value any = arith::CmpIOp::create(
              lb, l, CmpI::ne, blockTopBits(in, first, words, t), in.cstI32(0));
          auto ifAny = scf::IfOp::create(
              lb, l, any,
              [&](OpBuilder &tb, Location tl) {
                YoloBuilder tt{yb.op, tb, tl, yb.numClasses, yb.numAnchors};
                auto each = scf::ForOp::create(
                    tb, tl, first,
                    arith::AddIOp::create(tb, tl, first, tt.idx(4 * words)),
                    tt.idx(4), list,
                    [&](OpBuilder &wb, Location wl, Value at, ValueRange cur) {
                      YoloBuilder w{yb.op, wb, wl, yb.numClasses,
                                    yb.numAnchors};
                      // Byte j's flag is bit 8j + 7.
                      Value flags = arith::ShRUIOp::create(
                          wb, wl, blockTopBits(w, at, 1, t), w.cstI32(7));
                      scf::YieldOp::create(
                          wb, wl, visitFlagged(w, flags, 8, at, cur, capacity));
                    });
                scf::YieldOp::create(tb, tl, each.getResults());
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, list);
              });
          scf::YieldOp::create(lb, l, ifAny.getResults());
        });
  }

  /// The f32 score threshold's bits when the float scan can compare bits
  /// as integers: for a positive threshold, a score passes only if its bits,
  /// read as a signed integer, are `>` (`gt`) or `>=` (`ge`) the
  /// threshold's (non-negative floats order as their bits; negative ones
  /// have negative bits). A NaN passes this test and is then rejected by the
  /// exact one: it is only a filter. Returns the bits to subtract from
  /// (`bits - 1` for `ge`), or none.
  static std::optional<int32_t> floatBitsThreshold(YoloBuilder &yb) {
    if (yb.v5() || yb.quantized() || yb.numAnchors % 4 != 0)
      return std::nullopt;
    float t = yb.thresholdF32();
    if (!(t > 0) || std::isinf(t))
      return std::nullopt;
    int32_t bits;
    std::memcpy(&bits, &t, 4);
    return yb.op.getScoreCompare() == Comparison::gt ? bits : bits - 1;
  }

  /// f32 scan: four anchors at a time, one accumulator each: `acc |= T -
  /// bits(score)` over the class rows is negative when some score's bits
  /// exceed T (or when T - bits wraps for a negative score: then the exact
  /// test says no). Only anchors with a negative accumulator are visited.
  static scf::ForOp scanFloatGroups(YoloBuilder &yb, ValueRange init,
                                    int32_t bits, int64_t capacity) {
    return scf::ForOp::create(
        yb.b, yb.loc, yb.idx(0), yb.idx(yb.numAnchors), yb.idx(4), init,
        [&](OpBuilder &lb, Location l, Value first, ValueRange list) {
          YoloBuilder in{yb.op, lb, l, yb.numClasses, yb.numAnchors};
          Value zero = in.cstI32(0);
          Value threshold = in.cstI32(bits);
          auto rows = scf::ForOp::create(
              lb, l, in.idx(4), in.idx(4 + yb.numClasses), in.idx(1),
              ValueRange{zero, zero, zero, zero},
              [&](OpBuilder &nb, Location nl, Value row, ValueRange acc) {
                YoloBuilder r{yb.op, nb, nl, yb.numClasses, yb.numAnchors};
                SmallVector<Value> next;
                for (int64_t j = 0; j < 4; ++j) {
                  Value a = arith::AddIOp::create(nb, nl, first, r.idx(j));
                  Value score = r.extract(yb.op.getPredictions(),
                                          ValueRange{r.idx(0), row, a});
                  Value scoreBits =
                      arith::BitcastOp::create(nb, nl, r.i32(), score);
                  Value diff =
                      arith::SubIOp::create(nb, nl, threshold, scoreBits);
                  next.push_back(arith::OrIOp::create(nb, nl, acc[j], diff));
                }
                scf::YieldOp::create(nb, nl, next);
              });
          // Anchor j's flag is bit j: the sign bits of the accumulators.
          Value flags = zero;
          for (int64_t j = 0; j < 4; ++j) {
            Value sign =
                arith::ShRUIOp::create(lb, l, rows.getResult(j), in.cstI32(31));
            if (j)
              sign = arith::ShLIOp::create(lb, l, sign, in.cstI32(j));
            flags = arith::OrIOp::create(lb, l, flags, sign);
          }
          scf::YieldOp::create(
              lb, l, visitFlagged(in, flags, 1, first, list, capacity));
        });
  }

  static SmallVector<Value> append(YoloBuilder &yb, ValueRange list,
                                   Value anchor, Value cls, Value score,
                                   int64_t capacity) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    Value count = list[3];
    Value hasRoom =
        arith::CmpIOp::create(b, loc, CmpI::slt, count, yb.idx(capacity));
    auto ifRoom = scf::IfOp::create(
        b, loc, hasRoom,
        [&](OpBuilder &tb, Location tl) {
          YoloBuilder t{yb.op, tb, tl, yb.numClasses, yb.numAnchors};
          scf::YieldOp::create(
              tb, tl,
              ValueRange{t.insert(anchor, list[0], count),
                         t.insert(cls, list[1], count),
                         t.insert(score, list[2], count),
                         arith::AddIOp::create(tb, tl, count, t.idx(1))});
        },
        [&](OpBuilder &eb, Location el) {
          YoloBuilder e{yb.op, eb, el, yb.numClasses, yb.numAnchors};
          scf::YieldOp::create(
              eb, el, replaceWorst(e, list, anchor, cls, score, capacity));
        });
    return ifRoom.getResults();
  }

  /// The full list: the last entry of least score leaves if `score` beats
  /// it (a later anchor never wins a tie).
  static SmallVector<Value> replaceWorst(YoloBuilder &yb, ValueRange list,
                                         Value anchor, Value cls, Value score,
                                         int64_t capacity) {
    OpBuilder &b = yb.b;
    Location loc = yb.loc;
    Value inf = yb.cstF32(std::numeric_limits<float>::infinity());
    auto worst = scf::ForOp::create(
        b, loc, yb.idx(0), yb.idx(capacity), yb.idx(1),
        ValueRange{yb.idx(0), inf},
        [&](OpBuilder &nb, Location nl, Value k, ValueRange acc) {
          YoloBuilder in{yb.op, nb, nl, yb.numClasses, yb.numAnchors};
          Value s = in.extract(list[2], k);
          Value atMost = arith::CmpFOp::create(nb, nl, CmpF::OLE, s, acc[1]);
          scf::YieldOp::create(nb, nl,
                               ValueRange{in.select(atMost, k, acc[0]),
                                          in.select(atMost, s, acc[1])});
        });
    Value beats =
        arith::CmpFOp::create(b, loc, CmpF::OGT, score, worst.getResult(1));
    auto ifBeats = scf::IfOp::create(
        b, loc, beats,
        [&](OpBuilder &tb, Location tl) {
          YoloBuilder t{yb.op, tb, tl, yb.numClasses, yb.numAnchors};
          auto shift = scf::ForOp::create(
              tb, tl, worst.getResult(0), t.idx(capacity - 1), t.idx(1),
              ValueRange{list[0], list[1], list[2]},
              [&](OpBuilder &sb, Location sl, Value k, ValueRange lists) {
                YoloBuilder s{yb.op, sb, sl, yb.numClasses, yb.numAnchors};
                Value next = arith::AddIOp::create(sb, sl, k, s.idx(1));
                SmallVector<Value> moved;
                for (Value l : lists)
                  moved.push_back(s.insert(s.extract(l, next), l, k));
                scf::YieldOp::create(sb, sl, moved);
              });
          Value last = t.idx(capacity - 1);
          scf::YieldOp::create(
              tb, tl,
              ValueRange{t.insert(anchor, shift.getResult(0), last),
                         t.insert(cls, shift.getResult(1), last),
                         t.insert(score, shift.getResult(2), last), list[3]});
        },
        [&](OpBuilder &eb, Location el) {
          scf::YieldOp::create(eb, el, list);
        });
    return ifBeats.getResults();
  }

  /// The candidates' corners for NMS, shifted by `class * class_offset` for
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
    MLIRContext *ctx = yb.b.getContext();
    Type i32 = yb.b.getI32Type();
    int64_t keptSlots = std::min(limit, capacity);
    auto nms = NmsOp::create(
        yb.b, yb.loc, RankedTensorType::get({keptSlots}, i32), i32, boxes,
        scores, valid, Value(), Value(), Value(),
        yb.b.getF64FloatAttr(yb.op.getIouThreshold().convertToDouble()),
        FloatAttr(),
        keptSlots < capacity ? yb.b.getI64IntegerAttr(keptSlots)
                             : IntegerAttr(),
        ComparisonAttr::get(ctx, Comparison::gt),
        ComparisonAttr::get(ctx, Comparison::gt),
        BoxLayoutAttr::get(ctx, BoxLayout::xyxy), UnitAttr(),
        DegenerateRuleAttr::get(ctx, DegenerateRule::ieee), IntegerAttr(),
        FloatAttr(), SoftNmsOverlapAttr());
    if (Attribute strategy = yb.op->getAttr("detect.strategy"))
      nms->setAttr("detect.strategy", strategy);
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
    Value list = zeros(b, loc, listType, b.getI32IntegerAttr(-1));
    Value nan = yb.cstF32(std::numeric_limits<float>::quiet_NaN());
    auto classLoop = scf::ForOp::create(
        b, loc, yb.idx(0), yb.idx(yb.numClasses), yb.idx(1),
        ValueRange{list, yb.idx(0)},
        [&](OpBuilder &cb, Location cl, Value c, ValueRange acc) {
          YoloBuilder in{yb.op, cb, cl, yb.numClasses, yb.numAnchors};
          Value cls = in.toInt(c, cb.getI32Type());
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
    return {boxes, scores, classes, yb.toInt(numKept, op.getCount().getType())};
  }
};

} // namespace

void mlir::detect::populateYoloDecompositionPatterns(
    RewritePatternSet &patterns) {
  patterns.add<YoloPostprocessDecomposition>(patterns.getContext());
}
