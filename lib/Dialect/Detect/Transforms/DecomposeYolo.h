//===- DecomposeYolo.h - YOLO head ops to core ops --------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSEYOLO_H
#define DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSEYOLO_H

namespace mlir {
class RewritePatternSet;
namespace detect {
/// detect.yolo_postprocess -> a candidate scan (scf), detect.nms.
void populateYoloDecompositionPatterns(RewritePatternSet &patterns);
} // namespace detect
} // namespace mlir

#endif // DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSEYOLO_H
