//===- Onnx.h - ONNX model importer -----------------------------*- C++ -*-===//
//
// Part of detect-mlir. Turns an ONNX model (a protobuf file) into one
// func.func: the reader (lib/Import/Onnx) writes one `onnx.node` per node,
// then `convert-onnx-to-detect` (lib/Conversion/OnnxToDetect) lowers them
// to detect and upstream ops with static shapes. docs/Import.md describes
// the mapping and the static bound + run-time length of data-dependent
// results.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_IMPORT_ONNX_H
#define DETECT_IMPORT_ONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace detect {

struct OnnxImportOptions {
  /// Name of the emitted function; empty: the graph's name as a C identifier.
  std::string functionName;
  /// `--shape NAME=1x3x4`: pins the shape of a graph input.
  std::vector<std::pair<std::string, llvm::SmallVector<int64_t>>> shapes;
  /// Initializers with more elements than this become dense resources.
  int64_t resourceThreshold = 256;
  /// `--inputs`: cut the graph here: these tensors (any value of the graph,
  /// declared in its value_info or pinned with --shape) become the
  /// function's arguments, and only the nodes between them and the outputs
  /// are imported. Empty: the graph inputs.
  std::vector<std::string> cutInputs;
  /// `--outputs`: these tensors become the function's results. Empty: the
  /// graph outputs.
  std::vector<std::string> cutOutputs;
  /// Run convert-onnx-to-detect after reading. False: return the graph as
  /// read, in the `onnx` dialect (`--emit-onnx`).
  bool convert = true;
};

/// Imports the model in `bytes` (read from `fileName`, used in messages).
/// On failure returns null and appends one message per problem to `errors`
/// (each already starts with the file name).
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxModel(llvm::StringRef bytes, llvm::StringRef fileName,
                mlir::MLIRContext &context, const OnnxImportOptions &options,
                std::vector<std::string> &errors);

/// The MLIR dialects the importer emits.
void registerOnnxImportDialects(mlir::MLIRContext &context);

/// Parses `NAME=1x3234x4` (a rank-0 shape is `NAME=`); false on bad syntax.
bool parseShapeOption(llvm::StringRef text, std::string &name,
                      llvm::SmallVector<int64_t> &shape);

} // namespace detect

#endif // DETECT_IMPORT_ONNX_H
