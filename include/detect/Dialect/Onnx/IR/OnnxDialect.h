//===- OnnxDialect.h - ONNX graphs as read from the file --------*- C++ -*-===//
//
// Part of detect-mlir. The `onnx` dialect: one generic op per ONNX node
// (include/detect/Dialect/Onnx/IR/OnnxOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_ONNX_IR_ONNXDIALECT_H
#define DETECT_DIALECT_ONNX_IR_ONNXDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "detect/Dialect/Onnx/IR/OnnxDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "detect/Dialect/Onnx/IR/OnnxTypes.h.inc"

#define GET_OP_CLASSES
#include "detect/Dialect/Onnx/IR/OnnxOps.h.inc"

namespace mlir::detect::onnx {

/// The element type of an ONNX TensorProto data type (by its number in
/// onnx.proto), or null for the types the import refuses.
Type elementTypeOf(MLIRContext *ctx, int64_t onnxType);

} // namespace mlir::detect::onnx

#endif // DETECT_DIALECT_ONNX_IR_ONNXDIALECT_H
