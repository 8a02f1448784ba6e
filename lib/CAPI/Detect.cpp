//===- Detect.cpp - C API of detect-mlir ----------------------------------===//
//
// Part of detect-mlir. Thin wrappers: the C API does what detect-opt and
// detect-compile do, through the same C++ entry points.
//
//===----------------------------------------------------------------------===//

#include "detect-c/Detect.h"

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/InitAll.h"
#include "detect/Pipelines/Pipelines.h"
#include "detect/Target/Emit.h"
#include "detect/Target/Targets.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/Cpp/CppEmitter.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "llvm/ADT/SmallString.h"

#include <mutex>

using namespace mlir;
using namespace mlir::detect;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Detect, detect,
                                      mlir::detect::DetectDialect)

void detectRegisterAllDialects(MlirDialectRegistry registry) {
  ::detect::registerAllDialects(*unwrap(registry));
}

void detectRegisterAllPasses(void) {
  // The registry is global and refuses a second registration of a name.
  static std::once_flag once;
  std::call_once(once, [] { ::detect::registerAllPasses(); });
}

MlirLogicalResult detectAddPipeline(MlirOpPassManager pm, MlirStringRef name,
                                    MlirStringRef options,
                                    MlirStringCallback errorCallback,
                                    void *userData) {
  detail::CallbackOstream error(errorCallback, userData);
  const PassPipelineInfo *info = PassPipelineInfo::lookup(unwrap(name));
  StringRef pipeline = unwrap(name);
  if (!info || !pipeline.starts_with("detect-to-")) {
    error << "unknown detect pipeline '" << pipeline
          << "' (expected detect-to-llvm or detect-to-emitc; call "
             "detectRegisterAllPasses first)";
    error.flush();
    return mlirLogicalResultFailure();
  }
  // Hook errors come through the handler; option syntax errors are also
  // printed by the option parser (on stderr).
  std::string detail;
  LogicalResult result = info->addToPipeline(
      *unwrap(pm), unwrap(options), [&](const Twine &message) {
        detail = message.str();
        return failure();
      });
  if (failed(result)) {
    error << "invalid options '" << unwrap(options) << "' for " << pipeline;
    if (!detail.empty())
      error << ": " << detail;
  }
  error.flush();
  return wrap(result);
}

MlirStringRef detectGetTargetName(intptr_t index) {
  ArrayRef<TargetInfo> targets = getTargets();
  if (index < 0 || static_cast<size_t>(index) >= targets.size())
    return mlirStringRefCreate("", 0);
  return wrap(targets[index].name);
}

/// Runs `pm` on the module; errors reach the context's handlers.
static LogicalResult lower(ModuleOp module, bool toC,
                           const DetectPipelineOptions &options) {
  PassManager pm(module.getContext());
  if (toC)
    buildDetectToEmitCPipeline(pm, options);
  else
    buildDetectToLLVMPipeline(pm, options);
  return pm.run(module);
}

MlirLogicalResult detectEmitForTarget(MlirModule module, MlirStringRef target,
                                      MlirStringRef kind, char optLevel,
                                      MlirStringCallback callback,
                                      void *userData) {
  ModuleOp op = unwrap(module);
  const TargetInfo *info = lookupTarget(unwrap(target));
  StringRef kindName = unwrap(kind);
  if (!info)
    return wrap(op.emitError() << "unknown target '" << unwrap(target) << "'");
  if (!llvm::is_contained({"obj", "asm", "llvm"}, kindName))
    return wrap(op.emitError() << "unknown output kind '" << kindName
                               << "' (expected obj, asm or llvm)");
  if (!llvm::is_contained({'0', '1', '2', '3', 's', 'z'}, optLevel))
    return wrap(op.emitError()
                << "unknown optimisation level '" << optLevel << "'");
  // The LLVM IR translation of every dialect the pipeline leaves behind.
  DialectRegistry translations;
  registerAllToLLVMIRTranslations(translations);
  op.getContext()->appendDialectRegistry(translations);

  DetectPipelineOptions options;
  options.indexBitwidth = info->indexBitwidth;
  options.iouStrategy = info->hardFloat ? "float" : "fixed-point";
  options.nmsStrategy = options.iouStrategy.getValue();
  if (failed(lower(op, /*toC=*/false, options)))
    return mlirLogicalResultFailure();
  SmallString<0> bytes;
  llvm::raw_svector_ostream os(bytes);
  OutputKind outputKind = kindName == "obj"   ? OutputKind::Object
                          : kindName == "asm" ? OutputKind::Assembly
                                              : OutputKind::LLVMIR;
  if (failed(emitForTarget(op, *info, optLevel, outputKind, os)))
    return mlirLogicalResultFailure();
  callback(mlirStringRefCreate(bytes.data(), bytes.size()), userData);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult detectTranslateToC(MlirModule module,
                                     MlirStringCallback callback,
                                     void *userData) {
  ModuleOp op = unwrap(module);
  if (failed(lower(op, /*toC=*/true, DetectPipelineOptions())))
    return mlirLogicalResultFailure();
  detail::CallbackOstream os(callback, userData);
  LogicalResult result = emitc::translateToCpp(op, os);
  os.flush();
  return wrap(result);
}
