//===- Detect.cpp - C API of detect-mlir ----------------------------------===//
//
// Part of detect-mlir. Thin wrappers: the C API does what detect-opt and
// detect-compile do, through the same C++ entry points.
//
//===----------------------------------------------------------------------===//

#include "detect-c/Detect.h"

#include "detect/Compiler/Compiler.h"
#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/InitAll.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/CAPI/Utils.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
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
  LogicalResult result = info->addToPipeline(*unwrap(pm), unwrap(options),
                                             [&](const Twine &message) {
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

MlirLogicalResult detectCompile(MlirModule module, MlirStringRef target,
                                MlirStringRef kind, char optLevel,
                                MlirStringRef pipelineOptions,
                                MlirStringRef entries,
                                MlirStringCallback callback, void *userData) {
  ModuleOp op = unwrap(module);
  // The lowering strategies the options name are registered with the
  // passes.
  detectRegisterAllPasses();
  CompileOptions compile;
  compile.target = lookupTarget(unwrap(target));
  if (!compile.target)
    return wrap(op.emitError() << "unknown target '" << unwrap(target) << "'");
  std::optional<EmitKind> emit = parseEmitKind(unwrap(kind));
  if (!emit)
    return wrap(op.emitError() << "unknown output kind '" << unwrap(kind)
                               << "' (expected " << listEmitKinds() << ")");
  compile.emit = *emit;
  if (!isOptLevel(optLevel))
    return wrap(op.emitError()
                << "unknown optimisation level '" << optLevel << "'");
  compile.optLevel = optLevel;
  SmallVector<StringRef> names;
  unwrap(entries).split(names, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef name : names)
    compile.entries.push_back(name.trim().str());

  // The same options, parsed by the same parser, as detectAddPipeline's;
  // what they leave unset the target decides.
  DetectPipelineOptions options;
  if (failed(options.parseFromString(unwrap(pipelineOptions))))
    return wrap(op.emitError() << "invalid pipeline options '"
                               << unwrap(pipelineOptions) << "'");
  applyTargetDefaults(options, *compile.target);
  if (failed(verifyDetectPipelineOptions(options, [&](const Twine &message) {
        return op.emitError(message);
      })))
    return mlirLogicalResultFailure();

  // The LLVM IR translation of every dialect the pipeline leaves behind.
  DialectRegistry translations;
  registerAllToLLVMIRTranslations(translations);
  op.getContext()->appendDialectRegistry(translations);
  if (failed(selectEntries(op, compile.entries, "the module")) ||
      failed(lowerModule(op, compile, options)))
    return mlirLogicalResultFailure();
  SmallString<0> bytes;
  llvm::raw_svector_ostream os(bytes);
  if (failed(writeModule(op, compile, os)))
    return mlirLogicalResultFailure();
  callback(mlirStringRefCreate(bytes.data(), bytes.size()), userData);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult detectEmitForTarget(MlirModule module, MlirStringRef target,
                                      MlirStringRef kind, char optLevel,
                                      MlirStringCallback callback,
                                      void *userData) {
  // C is detectTranslateToC's.
  if (unwrap(kind) == "c" || unwrap(kind) == "mlir")
    return wrap(unwrap(module).emitError()
                << "unknown output kind '" << unwrap(kind)
                << "' (expected obj, asm or llvm)");
  return detectCompile(module, target, kind, optLevel,
                       mlirStringRefCreate("", 0), mlirStringRefCreate("", 0),
                       callback, userData);
}

MlirLogicalResult detectTranslateToC(MlirModule module,
                                     MlirStringCallback callback,
                                     void *userData) {
  return detectCompile(module, mlirStringRefCreateFromCString("host"),
                       mlirStringRefCreateFromCString("c"), 's',
                       mlirStringRefCreate("", 0), mlirStringRefCreate("", 0),
                       callback, userData);
}
