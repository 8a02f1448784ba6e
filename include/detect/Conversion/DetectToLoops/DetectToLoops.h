//===- DetectToLoops.h - sequential detect ops to scf loops -----*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_DETECTTOLOOPS_DETECTTOLOOPS_H
#define DETECT_CONVERSION_DETECTTOLOOPS_DETECTTOLOOPS_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::detect {

/// Patterns lowering detect.nms to a linalg.generic (corners and areas) plus
/// scf loops over memrefs (score filter, lazy heap order, greedy selection).
/// Loop counters are `indexBitwidth`-bit integers.
void populateDetectNmsToLoopsPatterns(RewritePatternSet &patterns,
                                      unsigned indexBitwidth = 64);

} // namespace mlir::detect

#endif // DETECT_CONVERSION_DETECTTOLOOPS_DETECTTOLOOPS_H
