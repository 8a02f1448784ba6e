//===- CandidateOrder.h - NMS candidates and their order -------*- C++ -*-===//
//
// Part of detect-mlir. The first half of every greedy NMS: the candidates
// (the boxes whose score passes, compacted in index order) and the order in
// which they are visited (a max-heap by score, then lower index, popped
// lazily: O(n) to build, O(log n) a pop, so a selection that stops early
// pays only for what it pops).
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_DETECTTOLOOPS_CANDIDATEORDER_H
#define DETECT_LIB_CONVERSION_DETECTTOLOOPS_CANDIDATEORDER_H

#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Conversion/Utils/LoopBuilder.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::detect::nms {

/// Compacts the entries i in [0, count) that pass: a loop that calls
/// `passes(l, i)` and, for those that pass, `store(l, i, slot)` with slot
/// the number of entries that passed before. Returns how many passed.
/// NMS and soft-NMS build their candidate lists with it.
Value buildCompaction(
    OpBuilder &b, Location loc, Value count,
    llvm::function_ref<Value(LoopBuilder &, Value)> passes,
    llvm::function_ref<void(LoopBuilder &, Value, Value)> store);

/// The candidates of NMS: order[0, m) = the boxes in [0, numValid) whose
/// score passes `scorePasses`, in index order. Returns m.
Value buildCandidates(OpBuilder &b, Location loc, Value scores, Value order,
                      Value numValid,
                      llvm::function_ref<Value(BoxMath &, Value)> scorePasses);

/// A max-heap of box numbers order[0, size) by (score desc, index asc).
/// With `integerKeys` (f32 scores, cores without an FPU) the scores are
/// compared as integers (orderKey), two integer comparisons instead of two
/// soft-float calls; the order is the same.
struct CandidateHeap {
  Value scores; // memref<N x T>, never NaN for a candidate
  Value order;  // memref<N x counter-ish>: box numbers
  bool integerKeys;

  /// Bottom-up heap construction over order[0, size), O(size).
  void buildHeapify(OpBuilder &b, Location loc, Value size) const;
  /// Removes the first candidate of order[0, size) and returns it with the
  /// new size.
  std::pair<Value, Value> buildPop(LoopBuilder &l, Value size) const;

private:
  Value before(LoopBuilder &l, Value a, Value b) const;
  void buildSiftDown(OpBuilder &b, Location loc, Value start, Value size) const;
};

} // namespace mlir::detect::nms

#endif // DETECT_LIB_CONVERSION_DETECTTOLOOPS_CANDIDATEORDER_H
