//===- Targets.h - the chips detect-compile knows ---------------*- C++ -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_TARGET_TARGETS_H
#define DETECT_TARGET_TARGETS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace mlir::detect {

/// One compilation target: what LLVM needs to emit code for it, and the
/// choices the detect pipeline makes for it.
struct TargetInfo {
  llvm::StringRef name;
  llvm::StringRef description;
  llvm::StringRef triple; // empty: the host's
  llvm::StringRef cpu;    // empty: the host's
  llvm::StringRef features;
  llvm::StringRef abi; // RISC-V ABI name; empty elsewhere
  bool hardFloat;
  unsigned indexBitwidth;
};

/// All targets, `host` first.
llvm::ArrayRef<TargetInfo> getTargets();

/// The target called `name`, or null.
const TargetInfo *lookupTarget(llvm::StringRef name);

} // namespace mlir::detect

#endif // DETECT_TARGET_TARGETS_H
