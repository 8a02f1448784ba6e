//===- Emit.h - objects, assembly and headers from lowered IR ---*- C++ -*-===//
//
// Part of detect-mlir. The back end of detect-compile, usable by embedders.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_TARGET_EMIT_H
#define DETECT_TARGET_EMIT_H

#include "detect/Target/Targets.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::detect {

enum class OutputKind { Object, Assembly, LLVMIR };

/// Translates a module in the LLVM dialect to LLVM IR, optimises it at
/// `optLevel` ('0', '1', '2', '3', 's' or 'z') and writes it for `target`.
/// Errors are reported on the module's location.
LogicalResult emitForTarget(ModuleOp module, const TargetInfo &target,
                            char optLevel, OutputKind kind,
                            llvm::raw_pwrite_stream &os);

/// Writes a C99/C++ header declaring each public function of `tensorModule`
/// (the module before lowering, whose signatures are tensors) with the plain
/// C ABI. Scratch and workspace sizes are read from the matching functions of
/// `loweredModule` (`detect.scratch_size`, `detect.workspace_size`).
LogicalResult emitCHeader(ModuleOp tensorModule, ModuleOp loweredModule,
                          const TargetInfo &target, llvm::StringRef guard,
                          llvm::raw_ostream &os);

} // namespace mlir::detect

#endif // DETECT_TARGET_EMIT_H
