//===- OnnxToDetect.h - ONNX graphs to detect + upstream ops ----*- C++ -*-===//
//
// Part of detect-mlir. The conversion of `onnx.node` ops (the form
// detect-import-onnx reads a file into) to ops with static shapes; the pass
// is `convert-onnx-to-detect` (detect/Conversion/Passes.h).
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_ONNXTODETECT_ONNXTODETECT_H
#define DETECT_CONVERSION_ONNXTODETECT_ONNXTODETECT_H

#include "llvm/ADT/StringRef.h"

namespace mlir::detect {

/// Whether ONNX op type `opType` of the default domain has a lowering. The
/// reader lists every node without one before it builds anything.
bool isSupportedOnnxOp(llvm::StringRef opType);

/// Attributes of a function in the `onnx` form: the model's opset version
/// (on the function), and on its arguments and results the ONNX value names
/// and declared types (a result's computed type is checked against it).
inline constexpr llvm::StringLiteral kOnnxOpsetAttr = "onnx.opset";
inline constexpr llvm::StringLiteral kOnnxNameAttr = "onnx.name";
inline constexpr llvm::StringLiteral kOnnxDeclaredTypeAttr =
    "onnx.declared_type";

} // namespace mlir::detect

#endif // DETECT_CONVERSION_ONNXTODETECT_ONNXTODETECT_H
