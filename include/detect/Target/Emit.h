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

#include <string>
#include <vector>

namespace mlir::detect {

enum class OutputKind { Object, Assembly, LLVMIR };

/// Translates a module in the LLVM dialect to LLVM IR, optimises it at
/// `optLevel` ('0', '1', '2', '3', 's' or 'z') and writes it for `target`.
/// Errors are reported on the module's location.
/// With `stackUsageFile`, LLVM also writes each function's stack frame size
/// there (`-fstack-usage` format).
LogicalResult emitForTarget(ModuleOp module, const TargetInfo &target,
                            char optLevel, OutputKind kind,
                            llvm::raw_pwrite_stream &os,
                            llvm::StringRef stackUsageFile = {});

/// Flash and RAM of one public function, read from its object file.
struct FunctionFootprint {
  std::string name;
  uint64_t text = 0;    // bytes of .text.<name>
  uint64_t scratch = 0; // bytes of its static scratch (.bss)
  int64_t stack = -1;   // bytes of its stack frame; -1 when unknown
  bool dynamicStack = false;
};

struct Footprint {
  std::vector<FunctionFootprint> functions;
  uint64_t rodata = 0; // constants shared by the module's functions
};

/// Compiles `module` (LLVM dialect) to an object for `target` and measures it.
FailureOr<Footprint> measureFootprint(ModuleOp module, const TargetInfo &target,
                                      char optLevel);

/// The table `detect-compile --report` prints.
void printFootprint(const Footprint &footprint, const TargetInfo &target,
                    llvm::raw_ostream &os);

/// Writes a C99/C++ header declaring each public function of `tensorModule`
/// (the module before lowering, whose signatures are tensors) with the plain
/// C ABI. Scratch and workspace sizes are read from the matching functions of
/// `loweredModule` (`detect.scratch_size`, `detect.workspace_size`).
LogicalResult emitCHeader(ModuleOp tensorModule, ModuleOp loweredModule,
                          const TargetInfo &target, llvm::StringRef guard,
                          llvm::raw_ostream &os);

} // namespace mlir::detect

#endif // DETECT_TARGET_EMIT_H
