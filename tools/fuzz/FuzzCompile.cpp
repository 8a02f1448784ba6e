//===- FuzzCompile.cpp - what the fuzz targets do with a module -----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "FuzzCompile.h"

#include "detect/Compiler/Compiler.h"
#include "detect/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
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

/// Lowers and writes `module` as detect-compile would for `target`.
static void compileFor(ModuleOp module, const TargetInfo &target,
                       mlir::detect::EmitKind emit) {
  mlir::detect::CompileOptions compile;
  compile.target = &target;
  compile.emit = emit;
  mlir::detect::DetectPipelineOptions options;
  mlir::detect::applyTargetDefaults(options, target);
  if (failed(mlir::detect::lowerModule(module, compile, options)))
    return;
  llvm::raw_null_ostream os;
  (void)mlir::detect::writeModule(module, compile, os);
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
  using mlir::detect::EmitKind;
  using mlir::detect::lookupTarget;
  switch (route % 3) {
  case 0:
    return compileFor(module, *lookupTarget("host"), EmitKind::Object);
  case 1:
    return compileFor(module, *lookupTarget("cortex-m0plus"), EmitKind::Object);
  default:
    return compileFor(module, *lookupTarget("cortex-m4"), EmitKind::C);
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
