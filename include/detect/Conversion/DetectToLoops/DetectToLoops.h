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

/// Patterns lowering detect.nms to scf loops over memrefs (score filter, a
/// grid for exact pruning, lazy heap order, greedy selection). Loop counters
/// are `indexBitwidth`-bit integers.
void populateDetectNmsToLoopsPatterns(RewritePatternSet &patterns,
                                      unsigned indexBitwidth = 64);

/// Patterns lowering detect.soft_nms to scf loops over memrefs (TensorFlow's
/// lazy rescoring through a heap, or OpenCV's eager rescoring).
void populateDetectSoftNmsToLoopsPatterns(RewritePatternSet &patterns,
                                          unsigned indexBitwidth = 64);

} // namespace mlir::detect

#endif // DETECT_CONVERSION_DETECTTOLOOPS_DETECTTOLOOPS_H
