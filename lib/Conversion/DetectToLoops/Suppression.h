//===- Suppression.h - does a kept box suppress a candidate ----*- C++ -*-===//
//
// Part of detect-mlir. The comparison at the heart of greedy NMS, as an
// interface that the selection loop (GreedySelection.h) calls and that each
// lowering strategy implements: the float formula (the reference, here) or
// the fixed-point comparisons (FixedPointComparisons.h). A strategy may
// keep tables beside the kept list, and decide what the grid's buckets
// hold.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_DETECTTOLOOPS_SUPPRESSION_H
#define DETECT_LIB_CONVERSION_DETECTTOLOOPS_SUPPRESSION_H

#include "BoxReaders.h"
#include "KeptIndex.h"

namespace mlir::detect::nms {

/// The IoU test of one selection step: the op's threshold, or OpenCV's
/// adaptive one that the selection loop carries (`adaptive`, else null).
struct IouTest {
  NmsOp op;
  Value adaptive;
  Value operator()(BoxMath &m, Value iou) const;
};

/// The kept boxes as the comparisons read them.
struct KeptList {
  /// memref<K x index type>: box numbers in kept order (the result).
  Value boxes;
  /// memref<K x 4 x T>: their corners, when boxes are decoded on read and
  /// there is no grid (each is decoded once, when kept); else null.
  Value corners;
};

/// Whether kept boxes suppress the candidate of a selection step.
class Suppression {
public:
  virtual ~Suppression() = default;
  /// Called once per popped candidate (box number `candidate`, corners
  /// `c`), before its comparisons.
  virtual void prepare(LoopBuilder &l, Value candidate, Corners c,
                       IouTest test) = 0;
  /// Whether entry `j` of `list` suppresses the candidate: the kept list,
  /// a bucket (box numbers or kept positions), or null for the corner
  /// buckets.
  virtual Value suppressedByEntry(OpBuilder &b, Location loc, Value list,
                                  Value j) = 0;
  /// Records the candidate, just kept at position `numKept`, in the
  /// strategy's own tables.
  virtual void recordKept(LoopBuilder &l, Value numKept) = 0;
  /// What a bucket holds for the candidate kept at `numKept`.
  virtual Value bucketEntry(Value candidate, Value numKept) const = 0;
};

/// The reference comparisons: the float IoU of the op's rule (OpenCV's
/// overlap in f64 for `jaccard_distance`), after the exact intersection
/// test when pruning is exact.
class FloatSuppression : public Suppression {
public:
  FloatSuppression(NmsOp op, const BoxReader &reader, KeptList kept,
                   const Grid &grid, Value prune);

  void prepare(LoopBuilder &l, Value candidate, Corners c,
               IouTest test) override;
  Value suppressedByEntry(OpBuilder &b, Location loc, Value list,
                          Value j) override;
  void recordKept(LoopBuilder &, Value) override {}
  Value bucketEntry(Value candidate, Value) const override { return candidate; }

  /// Sets the candidate without computing its float area (a strategy that
  /// computes another area first).
  void setCandidate(Value candidate, Corners c, IouTest test);
  /// Whether the box with corners `o` suppresses the candidate whose float
  /// area is `cArea`. `other` is the box number when known (OpenCV's
  /// overlap reads the box as given).
  Value suppresses(OpBuilder &b, Location loc, Corners o, Value other,
                   Value cArea) const;
  /// The corners of entry j of `list` (see suppressedByEntry).
  Corners entryCorners(LoopBuilder &t, Value list, Value j) const;

  Corners candidateCorners() const { return c; }
  const IouTest &iouTest() const { return test; }
  const BoxReader &getReader() const { return reader; }
  const KeptList &getKept() const { return kept; }

private:
  NmsOp op;
  const BoxReader &reader;
  KeptList kept;
  const Grid &grid;
  Value prune;
  bool jaccard;
  // The candidate of the current step.
  Value candidate;
  Corners c;
  Value cArea;
  IouTest test;
};

} // namespace mlir::detect::nms

#endif // DETECT_LIB_CONVERSION_DETECTTOLOOPS_SUPPRESSION_H
