//===- EmitObject.cpp - LLVM IR, assembly and objects for a target --------===//
//
// Part of detect-mlir. In-process code generation through LLVM's
// TargetMachine: no llc, no clang.
//
//===----------------------------------------------------------------------===//

#include "detect/Target/Emit.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::detect;

static llvm::OptimizationLevel toOptimizationLevel(char level) {
  switch (level) {
  case '0':
    return llvm::OptimizationLevel::O0;
  case '1':
    return llvm::OptimizationLevel::O1;
  case '2':
    return llvm::OptimizationLevel::O2;
  case '3':
    return llvm::OptimizationLevel::O3;
  case 'z':
    return llvm::OptimizationLevel::Oz;
  default:
    return llvm::OptimizationLevel::Os;
  }
}

LogicalResult mlir::detect::emitForTarget(ModuleOp module,
                                          const TargetInfo &target,
                                          char optLevel, OutputKind kind,
                                          llvm::raw_pwrite_stream &os,
                                          llvm::StringRef stackUsageFile) {
  static const bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;

  // Normalised: "thumbv6m-none-eabi" must parse as environment EABI (that
  // selects the __aeabi_* soft-float routines libgcc provides), not as OS.
  llvm::Triple triple(llvm::Triple::normalize(
      target.triple.empty() ? llvm::sys::getDefaultTargetTriple()
                            : target.triple.str()));
  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return module.emitError()
           << "target '" << target.name << "': LLVM has no back end for "
           << triple.str() << ": " << error;
  llvm::TargetOptions options;
  options.FloatABIType =
      target.hardFloat ? llvm::FloatABI::Hard : llvm::FloatABI::Soft;
  options.MCOptions.ABIName = target.abi.str();
  options.FunctionSections = true;
  options.DataSections = true;
  options.StackUsageOutput = stackUsageFile.str();
  bool isHost = target.triple.empty();
  std::string cpu =
      target.cpu.empty() ? llvm::sys::getHostCPUName().str() : target.cpu.str();
  std::unique_ptr<llvm::TargetMachine> machine(llvmTarget->createTargetMachine(
      triple, cpu, target.features, options,
      isHost ? llvm::Reloc::PIC_ : llvm::Reloc::Static, std::nullopt,
      optLevel == '0' ? llvm::CodeGenOptLevel::None
                      : llvm::CodeGenOptLevel::Default));
  if (!machine)
    return module.emitError()
           << "target '" << target.name << "': cannot create a target machine";

  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return module.emitError("cannot translate the lowered module to LLVM IR");
  llvmModule->setTargetTriple(triple);
  llvmModule->setDataLayout(machine->createDataLayout());

  // As clang does for -Os/-Oz: the function attributes steer the back end
  // as much as the pass pipeline does.
  for (llvm::Function &function : *llvmModule) {
    if (optLevel == 's' || optLevel == 'z')
      function.addFnAttr(llvm::Attribute::OptimizeForSize);
    if (optLevel == 'z')
      function.addFnAttr(llvm::Attribute::MinSize);
  }

  // The same optimisation pipeline clang runs at -O<level>.
  {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder builder(machine.get());
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::OptimizationLevel level = toOptimizationLevel(optLevel);
    llvm::ModulePassManager passes =
        level == llvm::OptimizationLevel::O0
            ? builder.buildO0DefaultPipeline(level)
            : builder.buildPerModuleDefaultPipeline(level);
    passes.run(*llvmModule, mam);
  }

  if (kind == OutputKind::LLVMIR) {
    llvmModule->print(os, nullptr);
    return success();
  }
  llvm::legacy::PassManager codegen;
  if (machine->addPassesToEmitFile(codegen, os, nullptr,
                                   kind == OutputKind::Object
                                       ? llvm::CodeGenFileType::ObjectFile
                                       : llvm::CodeGenFileType::AssemblyFile))
    return module.emitError()
           << "target '" << target.name << "' cannot emit this kind of file";
  codegen.run(*llvmModule);
  return success();
}
