//===- FixedPointComparisons.h - NMS comparisons in integers ----*- C++ -*-===//
//
// Part of detect-mlir. The "fixed-point" strategy of detect.nms (cores
// without an FPU): the float comparisons with an integer fast path. A box
// is checked once, when it is popped, for exact corners (integers in
// [-1024, 1024], Utils/FixedPoint.h), and a kept box's integer corners are
// stored when it is kept (K x 4 x i16, a sentinel for a box that is not
// exact). Two exact boxes are compared in integers, and the IoU test
// becomes an integer comparison against the rounding boundary of the
// threshold (no division); every other pair takes the float formula. The
// decisions, hence the results, are the float lowering's.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_DETECTTOLOOPS_FIXEDPOINTCOMPARISONS_H
#define DETECT_LIB_CONVERSION_DETECTTOLOOPS_FIXEDPOINTCOMPARISONS_H

#include "Suppression.h"

#include "detect/Conversion/Utils/FixedPoint.h"

#include <limits>
#include <optional>

namespace mlir::detect::nms {

class FixedPointSuppression : public Suppression {
public:
  /// `corners`: the table of allocateCorners.
  FixedPointSuppression(NmsOp op, const BoxReader &reader, KeptList kept,
                        const Grid &grid, Value prune, Value corners);

  /// The kept boxes' integer corners, memref<K x 4 x i16>.
  static Value allocateCorners(OpBuilder &b, Location loc, int64_t staticK,
                               ValueRange dynamicSizes);

  void prepare(LoopBuilder &l, Value candidate, Corners c,
               IouTest test) override;
  Value suppressedByEntry(OpBuilder &b, Location loc, Value list,
                          Value j) override;
  void recordKept(LoopBuilder &l, Value numKept) override;
  /// The buckets hold kept positions, which index the integer corners.
  Value bucketEntry(Value, Value numKept) const override { return numKept; }

  static constexpr int64_t kNotExact = std::numeric_limits<int16_t>::min();

private:
  Value suppressesKept(OpBuilder &b, Location loc, Value k);
  Value integerSuppresses(OpBuilder &b, Location loc, ArrayRef<Value> o);

  NmsOp op;
  FloatSuppression floatPath;
  /// memref<K x 4 x i16>: the integer corners of kept box k (in kept
  /// order), or kNotExact in column 0 for a box that is not exact.
  Value corners;
  /// The IoU test without a division, for a compile-time threshold (a
  /// run-time or adaptive one divides the two exact integers in f32).
  std::optional<RatioThreshold> ratio;
  Value prune;
  // The candidate's integer corners, whether they are exact, its area.
  SmallVector<Value, 4> ci;
  Value cExact, cAreaI;
};

} // namespace mlir::detect::nms

#endif // DETECT_LIB_CONVERSION_DETECTTOLOOPS_FIXEDPOINTCOMPARISONS_H
