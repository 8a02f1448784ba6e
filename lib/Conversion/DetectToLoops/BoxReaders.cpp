//===- BoxReaders.cpp - reading NMS boxes from memory ---------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "BoxReaders.h"

#include <limits>

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

Corners BoxReader::corners(LoopBuilder &l, Value i) const {
  BoxMath m(l.b, l.loc, type);
  auto row = [&](Value table) -> BoxCoords {
    return {l.load2(table, i, 0), l.load2(table, i, 1), l.load2(table, i, 2),
            l.load2(table, i, 3)};
  };
  BoxCoords v =
      decode ? m.decode(*decode, row(boxes), row(anchors)) : row(boxes);
  Corners c = m.toCorners(layout, v);
  return normalize ? m.normalize(c) : c;
}

DecodeBoxesOp nms::decodedOnRead(NmsOp op) {
  auto decode = op.getBoxes().getDefiningOp<DecodeBoxesOp>();
  if (!decode || decode.getValidCount())
    return {};
  return decode;
}

Corners nms::loadCornerRow(LoopBuilder &l, Value table, Value i) {
  return {l.load2(table, i, 0), l.load2(table, i, 1), l.load2(table, i, 2),
          l.load2(table, i, 3)};
}

Value nms::jaccardOverlap(LoopBuilder &l, const BoxReader &reader, Value i,
                          Value j) {
  FloatType f64 = l.b.getF64Type();
  BoxMath d(l.b, l.loc, f64);
  auto box = [&](Value k) -> std::pair<Corners, Value> {
    BoxCoords v;
    for (int64_t q = 0; q < 4; ++q) {
      Value x = l.load2(reader.boxes, k, q);
      v[q] = x.getType() == f64
                 ? x
                 : arith::ExtFOp::create(l.b, l.loc, f64, x).getResult();
    }
    Corners c = d.toCorners(reader.layout, v);
    if (reader.normalize)
      c = d.normalize(c);
    return {c, d.area(reader.layout, v, reader.normalize)};
  };
  auto [a, areaA] = box(i);
  auto [b, areaB] = box(j);
  Value iou = d.overlap(IouKind::iou, DegenerateRule::ieee, a, areaA, b, areaB,
                        Value());
  Value distance =
      d.select(d.cmp(arith::CmpFPredicate::OLE, d.add(areaA, areaB),
                     d.constant(std::numeric_limits<double>::epsilon())),
               d.constant(0.0), d.sub(d.constant(1.0), iou));
  Type f32 = l.b.getF32Type();
  BoxMath s(l.b, l.loc, cast<FloatType>(f32));
  Value overlap = s.sub(s.constant(1.0),
                        arith::TruncFOp::create(l.b, l.loc, f32, distance));
  if (reader.type != f32)
    overlap = arith::ExtFOp::create(l.b, l.loc, reader.type, overlap);
  return overlap;
}
