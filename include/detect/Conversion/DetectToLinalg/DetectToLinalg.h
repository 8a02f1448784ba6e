//===- DetectToLinalg.h - data-parallel detect ops to linalg ----*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_DETECTTOLINALG_DETECTTOLINALG_H
#define DETECT_CONVERSION_DETECTTOLINALG_DETECTTOLINALG_H

namespace mlir {
class RewritePatternSet;
} // namespace mlir

namespace mlir::detect {

/// Patterns lowering box_convert, box_area, clip_boxes, iou and decode_boxes
/// to linalg.generic on tensors.
void populateDetectToLinalgPatterns(RewritePatternSet &patterns);

} // namespace mlir::detect

#endif // DETECT_CONVERSION_DETECTTOLINALG_DETECTTOLINALG_H
