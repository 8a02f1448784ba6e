//===- Targets.cpp - the chips detect-compile knows -----------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Target/Targets.h"

using namespace mlir::detect;

// The CPU names select LLVM's default FPU for each core: fpv4-sp-d16 on the
// M4, fpv5-d16 on the M7, fpv5-sp-d16 on the M33, MVE with FP on the M55.
static const TargetInfo targets[] = {
    {"host", "the machine running detect-compile", "", "", "", "", true, 64},
    {"cortex-m0plus", "Arm Cortex-M0+ (thumbv6m, soft float)",
     "thumbv6m-none-eabi", "cortex-m0plus", "", "", false, 32},
    {"cortex-m4", "Arm Cortex-M4 (thumbv7em, fpv4-sp-d16 hard float)",
     "thumbv7em-none-eabihf", "cortex-m4", "", "", true, 32},
    {"cortex-m7", "Arm Cortex-M7 (thumbv7em, fpv5-d16 hard float)",
     "thumbv7em-none-eabihf", "cortex-m7", "", "", true, 32},
    {"cortex-m33", "Arm Cortex-M33 (thumbv8m.main, fpv5-sp-d16 hard float)",
     "thumbv8m.main-none-eabihf", "cortex-m33", "", "", true, 32},
    {"cortex-m55", "Arm Cortex-M55 (thumbv8.1m.main, MVE, hard float)",
     "thumbv8.1m.main-none-eabihf", "cortex-m55", "", "", true, 32},
    {"riscv32", "RISC-V rv32imac (soft float, ilp32)", "riscv32-unknown-elf",
     "generic-rv32", "+m,+a,+c", "ilp32", false, 32},
    {"riscv32f", "RISC-V rv32imafc (single-precision float, ilp32f)",
     "riscv32-unknown-elf", "generic-rv32", "+m,+a,+c,+f", "ilp32f", true, 32},
};

llvm::ArrayRef<TargetInfo> mlir::detect::getTargets() { return targets; }

const TargetInfo *mlir::detect::lookupTarget(llvm::StringRef name) {
  for (const TargetInfo &target : targets)
    if (target.name == name)
      return &target;
  return nullptr;
}
