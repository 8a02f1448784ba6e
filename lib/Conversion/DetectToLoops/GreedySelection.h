//===- GreedySelection.h - the selection loop of greedy NMS -----*- C++ -*-===//
//
// Part of detect-mlir. Stage 4 of NMS: pop candidates in order and keep
// those that no kept box suppresses. It composes the other parts: the
// candidate heap (CandidateOrder.h), the box reader (BoxReaders.h), the
// grid over the kept boxes (KeptIndex.h) and a strategy's comparisons
// (Suppression.h).
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_DETECTTOLOOPS_GREEDYSELECTION_H
#define DETECT_LIB_CONVERSION_DETECTTOLOOPS_GREEDYSELECTION_H

#include "CandidateOrder.h"
#include "Suppression.h"

namespace mlir::detect::nms {

struct GreedySelection {
  NmsOp op;
  const BoxReader &reader;
  CandidateHeap heap;
  KeptList kept;
  const Grid &grid;
  /// Only intersecting boxes can suppress each other (KeptIndex.h).
  Value prune;

  /// Runs the selection over the heap of `numCandidates` candidates, at
  /// most `limit` kept, with `suppression` deciding each comparison. With a
  /// grid, a kept box goes into its bucket and a candidate visits the
  /// buckets that can hold a box that reaches it; without one, it scans
  /// the kept list. Returns the number kept.
  Value build(OpBuilder &b, Location loc, Value numCandidates, Value limit,
              Suppression &suppression) const;

private:
  Value buildScan(OpBuilder &b, Location loc, Suppression &suppression,
                  Value list, Value lo, Value hi) const;
  void buildKeep(LoopBuilder &l, Suppression &suppression, Value candidate,
                 Corners c, Value numKept, Value home) const;
};

} // namespace mlir::detect::nms

#endif // DETECT_LIB_CONVERSION_DETECTTOLOOPS_GREEDYSELECTION_H
