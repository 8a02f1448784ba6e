//===- YoloScan.cpp - the YOLO head's scan for candidates ----------------===//
//
// Part of detect-mlir. The scan of detect.yolo_postprocess: one pass over
// the anchors that keeps the candidates (anchor, class, score) in a bounded
// list. Only candidates are dequantized: the scan compares stored values
// with the threshold moved into their domain.
//
//===----------------------------------------------------------------------===//

#include "DecomposeUtils.h"
#include "Yolo.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::decompose;

namespace {

/// The pieces of the scan, as static members so that each can call the
/// others whatever their order.
struct YoloScan {
  using CmpI = YoloBuilder::CmpI;
  using CmpF = YoloBuilder::CmpF;

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
    Value anchors = filled(b, loc, i32List, b.getI32IntegerAttr(0));
    Value classes = filled(b, loc, i32List, b.getI32IntegerAttr(0));
    Value scores = filled(b, loc, f32List, b.getF32FloatAttr(0));
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
    return yb.ifOrKeep(yb.isCandidate(best), list, [&](YoloBuilder &t) {
      Value cls = t.cast(t.firstClassOf(a, best), t.b.getI32Type());
      Value score = t.dequantize(best);
      Value anchor = t.cast(a, t.b.getI32Type());
      return append(t, list, anchor, cls, score, capacity);
    });
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
    return yb.ifOrKeep(yb.isCandidate(objectness), list, [&](YoloBuilder &t) {
      OpBuilder &tb = t.b;
      Location tl = t.loc;
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
            Value better = arith::CmpFOp::create(nb, nl, CmpF::OGT, p, acc[0]);
            scf::YieldOp::create(nb, nl,
                                 ValueRange{in.select(better, p, acc[0]),
                                            in.select(better, c, acc[1])});
          });
      Value score = best.getResult(0);
      CmpF pred =
          yb.op.getScoreCompare() == Comparison::gt ? CmpF::OGT : CmpF::OGE;
      Value passes = arith::CmpFOp::create(tb, tl, pred, score,
                                           t.cstF32(t.thresholdF32()));
      return t.ifOrKeep(passes, list, [&](YoloBuilder &q) {
        return append(q, list, q.cast(a, q.b.getI32Type()),
                      q.cast(best.getResult(1), q.b.getI32Type()), score,
                      capacity);
      });
    });
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
          Value shift = arith::MulIOp::create(nb, nl, in.cast(j, in.i32()),
                                              in.cstI32(spacing));
          Value bit = arith::AndIOp::create(
              nb, nl, arith::ShRUIOp::create(nb, nl, flags, shift),
              in.cstI32(1));
          Value passes =
              arith::CmpIOp::create(nb, nl, CmpI::ne, bit, in.cstI32(0));
          Value a = arith::AddIOp::create(nb, nl, first, j);
          scf::YieldOp::create(nb, nl,
                               in.ifOrKeep(passes, cur, [&](YoloBuilder &t) {
                                 return visitAnchor(t, a, cur, capacity);
                               }));
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
          scf::YieldOp::create(
              lb, l, in.ifOrKeep(any, list, [&](YoloBuilder &tt) {
                OpBuilder &tb = tt.b;
                Location tl = tt.loc;
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
                return SmallVector<Value>(each.getResults());
              }));
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
    return yb.ifOrKeep(beats, list, [&](YoloBuilder &t) -> SmallVector<Value> {
      OpBuilder &tb = t.b;
      Location tl = t.loc;
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
      return {t.insert(anchor, shift.getResult(0), last),
              t.insert(cls, shift.getResult(1), last),
              t.insert(score, shift.getResult(2), last), list[3]};
    });
  }
};

} // namespace

Candidates mlir::detect::decompose::scanCandidates(YoloBuilder &yb,
                                                   int64_t capacity) {
  return YoloScan::scan(yb, capacity);
}
