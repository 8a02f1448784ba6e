//===- Plugin.cpp - the entry point detect-opt and detect-compile call ----===//
//
// Part of detect-mlir's example plugin (docs/Extending.md, step 4).
// `--load-pass-plugin=libDisjointIou.so` dlopens this library and calls
// mlirGetPassPluginInfo; its callback registers the pass, whose name can then
// appear in a pipeline (`--detect-to-llvm=after-decompose=...`), and a
// lowering strategy (`--detect-to-llvm=iou-strategy=skip-disjoint`).
//
//===----------------------------------------------------------------------===//

#include "DisjointIou/Dialect.h"
#include "DisjointIou/Passes.h"

#include "detect/Conversion/Strategies.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "DisjointIou", LLVM_VERSION_STRING, []() {
            // The pass, for the pipeline hooks.
            disjoint_iou::registerLowerIouSkipDisjoint();
            // The same patterns as a strategy of detect.iou, for
            // iou-strategy=skip-disjoint or detect.strategy on an op.
            mlir::detect::registerLoweringStrategy(
                {"detect.iou", "skip-disjoint",
                 "kind(iou): 0 for disjoint boxes without the division", 2,
                 disjoint_iou::populateSkipDisjointStrategy});
          }};
}

// `--load-dialect-plugin=libDisjointIou.so`: the dialect of disjoint_iou.iou.
extern "C" LLVM_ATTRIBUTE_WEAK ::mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "DisjointIou", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            registry->insert<disjoint_iou::DisjointIouDialect>();
          }};
}
