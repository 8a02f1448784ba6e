//===- Tflite.h - TFLite model importer -------------------------*- C++ -*-===//
//
// Part of detect-mlir. Turns a TFLite model (a .tflite flatbuffer) into one
// func.func of detect and upstream ops with static shapes; docs/Import.md
// lists the ops and how a model is cut at named tensors.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_IMPORT_TFLITE_H
#define DETECT_IMPORT_TFLITE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace detect {

struct TfliteImportOptions {
  /// Name of the emitted function; empty: the subgraph's name (or the
  /// file's stem) as a C identifier.
  std::string functionName;
  /// Tensors (by name) that become the function's arguments, in order;
  /// empty: the subgraph's inputs.
  std::vector<std::string> inputs;
  /// Tensors (by name) that become the function's results, in order; empty:
  /// the subgraph's outputs. Only the operators these need are imported.
  std::vector<std::string> outputs;
  /// Constants with more elements become dense resources; negative (the
  /// default): none do. Plain dense constants (printed as one hex string)
  /// are what the C route can emit; resources only shorten the printed IR.
  int64_t resourceThreshold = -1;
};

/// Imports the model in `bytes` (read from `fileName`, used in messages).
/// On failure returns null and appends one message per problem to `errors`
/// (each starts with the file name). Never asserts on the file's contents.
mlir::OwningOpRef<mlir::ModuleOp> importTfliteModel(
    llvm::StringRef bytes, llvm::StringRef fileName, mlir::MLIRContext &context,
    const TfliteImportOptions &options, std::vector<std::string> &errors);

/// The MLIR dialects the importer emits.
void registerTfliteImportDialects(mlir::MLIRContext &context);

} // namespace detect

#endif // DETECT_IMPORT_TFLITE_H
