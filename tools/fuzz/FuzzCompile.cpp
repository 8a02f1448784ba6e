//===- FuzzCompile.cpp - what the fuzz targets do with a module -----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "FuzzCompile.h"

#include "detect/InitAll.h"
#include "detect/Pipelines/Pipelines.h"
#include "detect/Target/Emit.h"
#include "detect/Target/Targets.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using mlir::detect::TargetInfo;

/// Every dialect and translation of the tools; built once.
static const DialectRegistry &registry() {
  static const DialectRegistry *instance = [] {
    auto *r = new DialectRegistry;
    ::detect::registerAllDialects(*r);
    registerAllToLLVMIRTranslations(*r);
    return r;
  }();
  return *instance;
}

/// The pipeline options detect-compile derives from a target.
static void setOptionsFor(const TargetInfo &target,
                          mlir::detect::DetectPipelineOptions &options) {
  options.indexBitwidth = target.indexBitwidth;
  options.iouStrategy = target.hardFloat ? "float" : "fixed-point";
  options.nmsStrategy = target.hardFloat ? "float" : "fixed-point";
}

static void compileToObject(ModuleOp module, const TargetInfo &target) {
  PassManager pm(module.getContext());
  mlir::detect::DetectPipelineOptions options;
  setOptionsFor(target, options);
  mlir::detect::buildDetectToLLVMPipeline(pm, options);
  if (failed(pm.run(module)))
    return;
  llvm::SmallString<0> object;
  llvm::raw_svector_ostream os(object);
  (void)mlir::detect::emitForTarget(module, target, 's',
                                    mlir::detect::OutputKind::Object, os);
}

static void compileToC(ModuleOp module, const TargetInfo &target) {
  PassManager pm(module.getContext());
  mlir::detect::DetectPipelineOptions options;
  setOptionsFor(target, options);
  mlir::detect::buildDetectToEmitCPipeline(pm, options);
  if (failed(pm.run(module)))
    return;
  llvm::raw_null_ostream os;
  (void)emitc::translateToCpp(module, os);
}

namespace detect::fuzz {

void initialize() {
  ::detect::registerAllPasses();
  (void)registry();
}

std::unique_ptr<MLIRContext> makeContext() {
  auto context = std::make_unique<MLIRContext>(
      registry(), MLIRContext::Threading::DISABLED);
  context->getDiagEngine().registerHandler(
      [](Diagnostic &) { return success(); });
  return context;
}

void compile(ModuleOp module, uint64_t route) {
  if (failed(verify(module)))
    return;
  PassManager canonicalize(module.getContext());
  canonicalize.addPass(createCanonicalizerPass());
  OwningOpRef<ModuleOp> copy = module.clone();
  (void)canonicalize.run(*copy);
  switch (route % 3) {
  case 0:
    return compileToObject(module, *mlir::detect::lookupTarget("host"));
  case 1:
    return compileToObject(module,
                           *mlir::detect::lookupTarget("cortex-m0plus"));
  default:
    return compileToC(module, *mlir::detect::lookupTarget("cortex-m4"));
  }
}

uint64_t routeOf(const uint8_t *data, size_t size) {
  // FNV-1a: any change to the input may change the route.
  uint64_t hash = 14695981039346656037ull;
  for (size_t i = 0; i < size; ++i)
    hash = (hash ^ data[i]) * 1099511628211ull;
  return hash;
}

} // namespace detect::fuzz
