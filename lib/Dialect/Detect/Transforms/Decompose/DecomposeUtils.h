//===- DecomposeUtils.h - shared pieces of the decompositions ---*- C++ -*-===//
//
// Part of detect-mlir. Each framework's ops are rewritten in their own file
// (Torchvision.cpp, Onnx.cpp, Tflite.cpp, TensorFlow.cpp, Yolo.cpp); the
// bounded-result helpers they share and their pattern entry points are here.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSE_DECOMPOSEUTILS_H
#define DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSE_DECOMPOSEUTILS_H

#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir {
class RewritePatternSet;
namespace detect::decompose {

/// A framework op's lowering strategy (the `detect.strategy` attribute,
/// detect/Conversion/Strategies.h) is passed on to the detect.nms ops that
/// do its work, where the strategy's patterns look for it.
void inheritStrategy(Operation *framework, Operation *core);

/// The operands and rules of one hard NMS (detect.nms) that a framework op
/// decomposes into. What is not set is absent: a rule of detect.nms's
/// default, or no run-time operand.
struct NmsSpec {
  Value validCount, iouValue, scoreValue, maxOutputValue;
  FloatAttr iou, score;
  IntegerAttr maxOutput;
  Comparison iouCompare = Comparison::gt, scoreCompare = Comparison::gt;
  BoxLayout layout = BoxLayout::xyxy;
  bool normalizeCorners = false;
  DegenerateRule degenerate = DegenerateRule::ieee;
};

/// detect.nms of `boxes` and `scores` by `spec`: kept indices of
/// `indicesType` and a count of their element type. It takes `framework`'s
/// lowering strategy.
NmsOp createNms(OpBuilder &b, Location loc, Operation *framework,
                RankedTensorType indicesType, Value boxes, Value scores,
                const NmsSpec &spec);

/// `type` filled with -1: the unused rows of a bounded result.
Value minusOnes(OpBuilder &b, Location loc, RankedTensorType type);

/// `type` filled with `value`.
Value filled(OpBuilder &b, Location loc, RankedTensorType type,
             TypedAttr value);

/// `source[prefix..., :, ...]` as a fresh tensor of `type`. A copy rather
/// than a `tensor.extract_slice`: the slice would bufferize to a strided
/// `memref.subview`, which the EmitC route cannot express, and the core ops'
/// lowerings read identity-layout buffers anyway.
Value copyRow(OpBuilder &b, Location loc, RankedTensorType type, Value source,
              ArrayRef<Value> prefix);

/// torchvision batched_nms, remove_small_boxes -> detect.nms, scf.
void populateTorchvisionDecompositionPatterns(RewritePatternSet &patterns);
/// multiclass_nms (ONNX) -> detect.nms per (batch, class).
void populateOnnxDecompositionPatterns(RewritePatternSet &patterns);
/// detection_postprocess (TFLite) -> decode_boxes, detect.nms.
void populateTfliteDecompositionPatterns(RewritePatternSet &patterns);
/// combined_nms (TensorFlow) -> detect.nms or detect.soft_nms per class.
void populateTensorFlowDecompositionPatterns(RewritePatternSet &patterns);
/// yolo_postprocess -> a candidate scan (scf), detect.nms.
void populateYoloDecompositionPatterns(RewritePatternSet &patterns);

} // namespace detect::decompose
} // namespace mlir

#endif // DETECT_LIB_DIALECT_DETECT_TRANSFORMS_DECOMPOSE_DECOMPOSEUTILS_H
