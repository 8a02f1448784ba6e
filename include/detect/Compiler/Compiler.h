//===- Compiler.h - one compilation, as detect-compile runs it --*- C++ -*-===//
//
// Part of detect-mlir. What detect-compile and the C API do with a module:
// choose the entry points, lower it for a target and write it out. Both
// call these functions, so a target's defaults, the output kinds and the
// checks of the options exist once.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_COMPILER_COMPILER_H
#define DETECT_COMPILER_COMPILER_H

#include "detect/Pipelines/Pipelines.h"
#include "detect/Target/Targets.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace mlir::detect {

/// What a compilation writes.
enum class EmitKind { Object, Assembly, LLVMIR, C, MLIR };

/// The kind spelt `name` (obj, asm, llvm, c, mlir), or none.
std::optional<EmitKind> parseEmitKind(StringRef name);

/// The spellings, for messages: "obj, asm, llvm, c or mlir".
std::string listEmitKinds();

/// Whether `level` is an optimisation level LLVM takes: 0-3, s or z.
bool isOptLevel(char level);

/// One compilation. The pipeline options are separate
/// (DetectPipelineOptions); `applyTargetDefaults` fills what the target
/// decides.
struct CompileOptions {
  const TargetInfo *target = nullptr;
  EmitKind emit = EmitKind::Object;
  char optLevel = 's';
  /// The public functions to compile; empty: every public function.
  llvm::SmallVector<std::string> entries;
};

/// Keeps the functions named by `entries` public and makes every other
/// public function private, so that only the requested ABI is emitted.
/// Refuses an entry that is not a public definition, and a module without
/// any function to export, naming `fileName`.
LogicalResult selectEntries(ModuleOp module, ArrayRef<std::string> entries,
                            StringRef fileName);

/// Lowers `module` in place by the pipeline that `options.emit` needs
/// (EmitC for C, LLVM otherwise), after `selectEntries`: the functions it
/// made private are dropped unless called. Errors go to the context's
/// diagnostic handlers.
LogicalResult lowerModule(ModuleOp module, const CompileOptions &options,
                          const DetectPipelineOptions &pipeline);

/// Writes a module lowered by `lowerModule` as `options.emit`.
LogicalResult writeModule(ModuleOp module, const CompileOptions &options,
                          llvm::raw_pwrite_stream &os);

} // namespace mlir::detect

#endif // DETECT_COMPILER_COMPILER_H
