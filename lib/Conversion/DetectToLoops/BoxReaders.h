//===- BoxReaders.h - reading NMS boxes from memory -------------*- C++ -*-===//
//
// Part of detect-mlir. How the NMS loops read a box: as corners under the
// op's layout and corner rule, optionally decoding it on the fly from the
// encodings of the detect.decode_boxes that produced it, or (OpenCV's
// overlap) as the coordinates it was given.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_DETECTTOLOOPS_BOXREADERS_H
#define DETECT_LIB_CONVERSION_DETECTTOLOOPS_BOXREADERS_H

#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Conversion/Utils/LoopBuilder.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include <optional>

namespace mlir::detect::nms {

/// Reads box i as corners, as the op's layout and corner rule define them.
/// The same operations each time, so the same bits as a table would hold.
/// Boxes that come straight from detect.decode_boxes are decoded when read
/// (`decode`): the decoded table (16 bytes a box) is never stored, and only
/// the candidates that NMS reaches are decoded at all.
struct BoxReader {
  Value boxes; // memref<N x 4 x T>; the encodings when decoding
  BoxLayout layout;
  bool normalize;
  FloatType type;
  Value anchors; // memref<N x 4 x T> when decoding
  std::optional<DecodeRule> decode;

  Corners corners(LoopBuilder &l, Value i) const;
};

/// The decode_boxes op whose result NMS can decode on read: all rows valid
/// (no `valid` count, whose zero rows a reader would have to reproduce).
DecodeBoxesOp decodedOnRead(NmsOp op);

/// Four consecutive values of row `i` of a [N, 4] memref.
Corners loadCornerRow(LoopBuilder &l, Value table, Value i);

/// OpenCV's rectOverlap of boxes i and j for Rect2d: 1 - f32(1 - IoU),
/// the IoU in f64 from the coordinates as given (areas of the layout),
/// and 1 when the two areas sum to at most DBL_EPSILON. In the element
/// type.
Value jaccardOverlap(LoopBuilder &l, const BoxReader &reader, Value i, Value j);

} // namespace mlir::detect::nms

#endif // DETECT_LIB_CONVERSION_DETECTTOLOOPS_BOXREADERS_H
