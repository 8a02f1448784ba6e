//===- OnnxMutator.h - structure-aware mutations of ONNX models -*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_TOOLS_FUZZ_ONNXMUTATOR_H
#define DETECT_TOOLS_FUZZ_ONNXMUTATOR_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace detect::fuzz {

/// Parses `bytes` as an ONNX ModelProto and changes one thing in it, chosen by
/// `seed`: a node's op type, inputs (another tensor, the empty optional name,
/// one more or one fewer) or an attribute's value; the shape or element type
/// of a graph input, output or value_info (0, 1, negative, 2^31, 2^32, 2^62,
/// INT64_MAX dims, one more or one fewer); an initializer's type, dims or
/// data; the opset; the node order. Returns false when `bytes` is not a model.
bool mutateModelProto(llvm::StringRef bytes, unsigned seed,
                      std::string &mutated);

} // namespace detect::fuzz

#endif // DETECT_TOOLS_FUZZ_ONNXMUTATOR_H
