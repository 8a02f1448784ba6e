//===- Compiler.cpp - one compilation, as detect-compile runs it ----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Compiler/Compiler.h"

#include "detect/Target/Emit.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::detect;

/// The spelling of each emit kind on the command line and in the C API.
static constexpr std::pair<EmitKind, llvm::StringLiteral> kEmitKindNames[] = {
    {EmitKind::Object, "obj"},
    {EmitKind::Assembly, "asm"},
    {EmitKind::LLVMIR, "llvm"},
    {EmitKind::C, "c"},
    {EmitKind::MLIR, "mlir"}};

std::optional<EmitKind> mlir::detect::parseEmitKind(StringRef name) {
  for (auto [kind, spelling] : kEmitKindNames)
    if (spelling == name)
      return kind;
  return std::nullopt;
}

std::string mlir::detect::listEmitKinds() {
  std::string list;
  for (auto [index, entry] : llvm::enumerate(kEmitKindNames)) {
    if (index > 0)
      list += index + 1 == std::size(kEmitKindNames) ? " or " : ", ";
    list += entry.second.str();
  }
  return list;
}

bool mlir::detect::isOptLevel(char level) {
  return llvm::is_contained({'0', '1', '2', '3', 's', 'z'}, level);
}

LogicalResult mlir::detect::selectEntries(ModuleOp module,
                                          ArrayRef<std::string> entries,
                                          StringRef fileName) {
  SmallVector<func::FuncOp> publicFunctions;
  for (auto function : module.getOps<func::FuncOp>())
    if (function.isPublic() && !function.isDeclaration())
      publicFunctions.push_back(function);
  std::string available;
  for (func::FuncOp function : publicFunctions)
    available += (available.empty() ? "" : ", ") + function.getName().str();
  for (const std::string &name : entries) {
    auto function = module.lookupSymbol<func::FuncOp>(name);
    if (!function || function.isDeclaration() || !function.isPublic())
      return emitError(module.getLoc())
             << "entry function '" << name << "' is not defined in " << fileName
             << " (public functions: "
             << (available.empty() ? "none" : available) << ")";
  }
  if (!entries.empty())
    for (func::FuncOp function : publicFunctions)
      if (!llvm::is_contained(entries, function.getName()))
        function.setPrivate();
  if (publicFunctions.empty())
    return emitError(module.getLoc()) << "nothing to compile: " << fileName
                                      << " defines no public function";
  return success();
}

LogicalResult mlir::detect::lowerModule(ModuleOp module,
                                        const CompileOptions &options,
                                        const DetectPipelineOptions &pipeline) {
  PassManager pm(module.getContext());
  // Functions that selectEntries made private are not compiled unless
  // called.
  pm.addPass(createSymbolDCEPass());
  if (options.emit == EmitKind::C)
    buildDetectToEmitCPipeline(pm, pipeline);
  else
    buildDetectToLLVMPipeline(pm, pipeline);
  return pm.run(module);
}

LogicalResult mlir::detect::writeModule(ModuleOp module,
                                        const CompileOptions &options,
                                        llvm::raw_pwrite_stream &os) {
  switch (options.emit) {
  case EmitKind::MLIR:
    module.print(os);
    return success();
  case EmitKind::C:
    return emitc::translateToCpp(module, os);
  case EmitKind::Object:
    return emitForTarget(module, *options.target, options.optLevel,
                         OutputKind::Object, os);
  case EmitKind::Assembly:
    return emitForTarget(module, *options.target, options.optLevel,
                         OutputKind::Assembly, os);
  case EmitKind::LLVMIR:
    return emitForTarget(module, *options.target, options.optLevel,
                         OutputKind::LLVMIR, os);
  }
  llvm_unreachable("unknown emit kind");
}
