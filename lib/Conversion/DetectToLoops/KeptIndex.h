//===- KeptIndex.h - the grid over the kept boxes of NMS --------*- C++ -*-===//
//
// Part of detect-mlir. Exact pruning for greedy NMS. When the IoU test is
// `IoU > t` with t >= 0 (or `>=` with t > 0), only boxes that intersect
// (x2 > x1' and x2' > x1 on both axes) can suppress each other: otherwise
// the intersection is 0 and the IoU is 0, -0 or NaN, which never passes. So
// an empty box (or one with a NaN corner) is kept without comparisons and
// never suppresses, and kept boxes go into the bucket of the grid cell of
// their (x1, y1) corner; a candidate visits only the cells from which a kept
// box can reach it. Cells come from a monotone map of the coordinates, so
// this needs no rounding argument: if k intersects c then x1(k) < x2(c),
// hence cell(x1(k)) <= cell(x2(c)), and x2(k) > x1(c), hence
// cell(x1(k)) >= cell(x2(k)) - R >= cell(x1(c)) - R for a box registered
// only when it spans at most R cells. Boxes that span more cells go to one
// bucket that every candidate visits. With any other threshold nothing is
// pruned: the plain O(n * k) scan.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_DETECTTOLOOPS_KEPTINDEX_H
#define DETECT_LIB_CONVERSION_DETECTTOLOOPS_KEPTINDEX_H

#include "BoxReaders.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::detect::nms {

/// How many grid cells NMS uses for `staticK` index slots (0: no grid, the
/// kept list is scanned whole). Below a capacity the kept list is short
/// enough to scan; on 32-bit targets (microcontrollers, where the grid's
/// ~2 KB of code matter) only long kept lists pay for it. The grid needs a
/// static N (bucket room for every box).
int64_t gridCells(int64_t staticN, int64_t staticK, unsigned indexBitwidth);

/// The grid's parameters, all run-time values. `cell(v)` maps a coordinate
/// monotonically to [0, size): floor((v - origin) * scale), clamped.
struct GridAxis {
  Value origin, scale; // grid float type; scale finite and >= 0
  Value size, sizeF;   // cells on this axis (counter, and as a float)
  Value reach;         // R: a box registers in the grid if it spans <= R
};

struct Grid {
  GridAxis x, y;
  // Bucket c holds the kept boxes whose (x1, y1) corner is in cell c:
  // bucket[start[c], end[c]), box numbers, room reserved for every
  // candidate of the cell. Bucket `cells` (`outside`) holds the kept boxes
  // that span more than R cells; every candidate visits it.
  Value start, end, bucket;
  // With `withCorners`, the buckets hold the kept boxes' corners (four
  // columns, in bucket order) instead of box numbers: the scans then read
  // memory in order, and vectorize.
  bool withCorners = false;
  Value corners[4];
  Value outside;
  /// The grid's float type and the loop counter type.
  FloatType type;
  Type counter;
  int64_t cells = 0;

  /// Stage 2 of NMS: with `cells` > 0, a grid over the candidates
  /// order[0, numCandidates), and the room of each bucket. Any grid is
  /// exact; its shape only decides how much is pruned.
  static Grid build(OpBuilder &b, Location loc, const BoxReader &reader,
                    Value order, Value numCandidates, Value prune,
                    int64_t cells, int64_t staticN, bool withCorners,
                    Type counter);

  /// Whether kept boxes that may suppress the candidate with corners `c`
  /// exist: visits the outside bucket and the buckets of the cells from
  /// which a kept box can reach it, calling `scanBucket(b, loc, lo, hi)` on
  /// each bucket's range until one reports a suppression. Also returns the
  /// candidate's own bucket (-1: none).
  std::pair<Value, Value>
  buildVisit(LoopBuilder &l, Corners c, Value prune,
             llvm::function_ref<Value(OpBuilder &, Location, Value, Value)>
                 scanBucket) const;

  /// Adds a kept box to its bucket `home` (if any): `entry` (box number or
  /// kept position), or its corners in the corner buckets.
  void buildInsert(LoopBuilder &l, Value home, Corners c, Value entry) const;
};

} // namespace mlir::detect::nms

#endif // DETECT_LIB_CONVERSION_DETECTTOLOOPS_KEPTINDEX_H
