//===- FixedPoint.h - integer arithmetic that equals the float IoU -*- C++
//-*-===//
//
// Part of detect-mlir. The "fixed-point" lowering strategies (detect.iou,
// detect.nms) serve cores without an FPU, where every float operation is a
// library call. They rest on one fact: when the corners of two boxes are
// integers of magnitude at most kFixedPointBound, every intermediate of the
// float IoU (sides, intersection, areas, their sum, the union) is an integer
// below 2^24 in magnitude, which f32 holds exactly; so integer arithmetic
// gives the same numbers, and only the one rounding of the division is left
// to reproduce. Such corners are "exact"; pairs with a corner that is not
// take the float formula.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_UTILS_FIXEDPOINT_H
#define DETECT_CONVERSION_UTILS_FIXEDPOINT_H

#include "detect/Dialect/Detect/IR/DetectAttrs.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

#include <cstdint>

namespace mlir::detect {

/// Corners in [-1024, 1024]: sides <= 2^11, areas <= 2^22, the sum of two
/// areas (the union before the intersection is subtracted) <= 2^23.
inline constexpr int64_t kFixedPointBound = 1024;

/// An f32 as an i32, and whether it is exact (an integer of magnitude at
/// most kFixedPointBound; -0 is the integer 0). Built from the bits, in
/// integer operations only: on a core without an FPU a conversion and a
/// comparison would be three library calls per coordinate. `value` is 0
/// when the float is not exact.
struct ExactInteger {
  Value value; // i32
  Value exact; // i1
};
ExactInteger buildExactInteger(OpBuilder &b, Location loc, Value f32);

/// The intersection and union of two exact boxes given as i32 corners
/// (x1, y1, x2, y2) and i32 areas, in the float path's order of operations.
struct IntegerOverlap {
  Value inter, uni; // i32
};
IntegerOverlap buildIntegerOverlap(OpBuilder &b, Location loc, ValueRange a,
                                   Value areaA, ValueRange c, Value areaC);

/// inter / uni in `floatType` (f32) under `rule`: the float path's
/// comparisons decide the degenerate rule, the same division of the same
/// two floats gives the ratio, so the bits are the float path's.
Value buildIntegerIouRatio(OpBuilder &b, Location loc, FloatType floatType,
                           DegenerateRule rule, IntegerOverlap overlap,
                           Value areaA, Value areaC);

/// The IoU of two exact boxes: buildIntegerOverlap, then
/// buildIntegerIouRatio.
Value buildIntegerIou(OpBuilder &b, Location loc, FloatType floatType,
                      DegenerateRule rule, ValueRange a, Value areaA,
                      ValueRange c, Value areaC);

/// `fl32(inter / uni) <cmp> t` for integers 0 <= inter <= 2^22 and
/// 0 < uni < 2^24, without the division: f32 division rounds to nearest
/// even, so the test is `inter / uni >= B` (or `>`) against the rounding
/// boundary B below the least f32 that passes, a dyadic rational
/// m / 2^s known at compile time, and that is
/// `inter > (m * uni - [inclusive]) >> s` in 64-bit integers.
class RatioThreshold {
public:
  /// The test of the float path: `t` rounded to f32 as BoxMath::passes
  /// rounds it, then `cmp`.
  RatioThreshold(Comparison comparison, double threshold);

  /// The test for i32 `inter` and `uni` in the ranges above.
  Value build(OpBuilder &b, Location loc, Value inter, Value uni) const;

private:
  enum class Kind { Always, Never, Bound } kind = Kind::Never;
  int64_t multiplier = 0; // m
  int64_t shift = 0;      // s, at most 63
  bool inclusive = false;
};

} // namespace mlir::detect

#endif // DETECT_CONVERSION_UTILS_FIXEDPOINT_H
