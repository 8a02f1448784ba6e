//===- Plugin.cpp - the entry point detect-opt and detect-compile call ----===//
//
// Part of detect-mlir's example plugin (docs/Extending.md, step 4).
// `--load-pass-plugin=libDisjointIou.so` dlopens this library and calls
// mlirGetPassPluginInfo; its callback registers the pass, whose name can then
// appear in a pipeline (`--detect-to-llvm=after-decompose=...`).
//
//===----------------------------------------------------------------------===//

#include "DisjointIou/Passes.h"

#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "DisjointIou", LLVM_VERSION_STRING,
          []() { disjoint_iou::registerLowerIouSkipDisjoint(); }};
}
