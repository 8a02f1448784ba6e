//===- BoxArithmetic.h - scalar box formulas shared by lowerings -*- C++
//-*-===//
//
// Part of detect-mlir. Every lowering that touches a box (linalg bodies, NMS
// loops, later strategies) builds its arithmetic here, so that each formula
// exists once and performs exactly the IEEE operations of the framework it
// reproduces (torchvision's box_convert, box_iou family; TFLite's decoder).
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_UTILS_BOXARITHMETIC_H
#define DETECT_CONVERSION_UTILS_BOXARITHMETIC_H

#include "detect/Dialect/Detect/IR/DetectAttrs.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <array>

namespace mlir::detect {

/// The four numbers of one box, in the order of some layout.
using BoxCoords = std::array<Value, 4>;

/// One box as corners (x1, y1, x2, y2), whatever layout it came from.
struct Corners {
  Value x1, y1, x2, y2;
};

class DecodeBoxesOp;

/// How detect.decode_boxes turns one encoding and its anchor into a box.
struct DecodeRule {
  double yScale, xScale, hScale, wScale;
  BoxLayout layout;
  /// The type of the centre and half-size arithmetic; null: the element
  /// type.
  FloatType computeType;

  static DecodeRule of(DecodeBoxesOp op);
};

/// Builds scalar floating-point arithmetic of one element type at one
/// location. Min/max propagate NaN (`arith.minimumf/maximumf`), as
/// `torch.min/max/clamp` do.
class BoxMath {
public:
  BoxMath(OpBuilder &builder, Location loc, FloatType type)
      : b(builder), loc(loc), type(type) {}

  Value constant(double value);
  Value add(Value x, Value y);
  Value sub(Value x, Value y);
  Value mul(Value x, Value y);
  Value div(Value x, Value y);
  Value min(Value x, Value y);
  Value max(Value x, Value y);
  Value exp(Value x);
  Value atan(Value x);
  /// Ordered comparison: false when either side is NaN.
  Value cmp(arith::CmpFPredicate predicate, Value x, Value y);
  Value select(Value cond, Value x, Value y);

  /// Corners of a box stored in `layout`, as torchvision's box_convert to
  /// xyxy computes them (xywh: x + w; cxcywh: cx -/+ 0.5 * w).
  Corners toCorners(BoxLayout layout, BoxCoords box);
  /// The four numbers of `layout` from corners, as torchvision's box_convert
  /// from xyxy (w = x2 - x1; cx = (x1 + x2) / 2).
  BoxCoords fromCorners(BoxLayout layout, Corners c);
  /// TFLite's anchor decoding of one box: encoding (ty, tx, th, tw) against
  /// anchor (ycenter, xcenter, h, w), both of this element type; the result
  /// in `rule.layout`. The same operations wherever a box is decoded (the
  /// data-parallel lowering, decode-on-read in NMS), so the same bits.
  BoxCoords decode(const DecodeRule &rule, BoxCoords encoding,
                   BoxCoords anchor);
  /// Converts between layouts through corners, as torchvision does.
  BoxCoords convert(BoxLayout from, BoxLayout to, BoxCoords box);
  /// min/max per axis, so that a flipped box equals its unflipped twin.
  Corners normalize(Corners c);
  /// `(x2 - x1) * (y2 - y1)` for the corner layouts, `w * h` for the sized
  /// ones; with `normalizeCorners`, the absolute side lengths.
  Value area(BoxLayout layout, BoxCoords box, bool normalizeCorners);

  /// `(x2 - x1) * (y2 - y1)`, as torchvision's box_area on xyxy boxes.
  Value cornerArea(Corners c);

  /// The overlap measure of two boxes given as corners with their areas
  /// (computed once by the caller), under a degenerate-box rule.
  Value overlap(IouKind kind, DegenerateRule rule, Corners a, Value areaA,
                Corners b, Value areaB, Value eps);

  /// `value <cmp> threshold` for a compile-time real threshold, exactly as
  /// if compared with the real number: for `>` the threshold is rounded to
  /// the largest element-type value <= t, for `>=` to the smallest >= t.
  Value passes(Comparison comparison, Value value, double threshold);
  /// `value <cmp> threshold` for a run-time threshold of the element type.
  Value passes(Comparison comparison, Value value, Value threshold);

  FloatType getType() const { return type; }
  OpBuilder &getBuilder() const { return b; }
  Location getLoc() const { return loc; }

private:
  Value ratio(DegenerateRule rule, Value num, Value den, Value guard);

  OpBuilder &b;
  Location loc;
  FloatType type;
};

} // namespace mlir::detect

#endif // DETECT_CONVERSION_UTILS_BOXARITHMETIC_H
