//===- detect-compile.cpp - from .mlir to an object file and a header -----===//
//
// Part of detect-mlir. Runs the detect pipeline in-process and writes an
// object file, assembly, LLVM IR, C99 or the lowered MLIR for one target,
// plus, on request, the C header of the plain C ABI.
//
//   detect-compile IN.mlir --target=cortex-m4 --emit=obj -o out.o
//   --header=out.h detect-compile --target=list
//
//===----------------------------------------------------------------------===//

#include "detect/Compiler/Compiler.h"
#include "detect/InitAll.h"
#include "detect/Target/Emit.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::detect;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input .mlir>"),
                                      cl::init("-"));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"));
static cl::opt<std::string>
    targetName("target", cl::desc("Target chip (--target=list prints them)"),
               cl::init("host"));
// A name, checked by parseEmitKind: its error lists the kinds.
static cl::opt<std::string>
    emitName("emit",
             cl::desc("What to write: " + listEmitKinds() + " (default obj)"),
             cl::init("obj"));
static cl::opt<std::string>
    headerFile("header",
               cl::desc("Also write the C header of the ABI to this file"),
               cl::value_desc("file"), cl::init(""));
static cl::opt<ScratchPlacement> scratch("scratch",
                                         cl::desc("Where scratch memory lives"),
                                         cl::init(ScratchPlacement::Static),
                                         scratchPlacementValues());
static cl::opt<std::string> workspace(
    "workspace",
    cl::desc("--workspace=caller: scratch in a caller-provided buffer "
             "(same as --scratch=workspace)"),
    cl::init(""));
static cl::opt<bool> report(
    "report",
    cl::desc("Print each function's .text, static scratch and stack frame "
             "for the target (on stderr)"),
    cl::init(false));
static cl::list<std::string> entries(
    "entry",
    cl::desc("Public functions to compile (default: every public function); "
             "the others become private and are dropped unless called"),
    cl::value_desc("name"), cl::CommaSeparated);
static cl::list<std::string> passPlugins(
    "load-pass-plugin",
    cl::desc("Load passes from a plugin library (as mlir-opt does); its "
             "passes can then be named by --after-decompose and "
             "--before-bufferize"),
    cl::value_desc("library"));
static cl::list<std::string> dialectPlugins(
    "load-dialect-plugin",
    cl::desc("Load dialects from a plugin library (as mlir-opt does)"),
    cl::value_desc("library"));
static cl::opt<std::string> afterDecompose(
    "after-decompose",
    cl::desc("Extra passes (pass-pipeline text, on the module) run once the "
             "framework ops are decomposed and canonicalized, before the "
             "built-in lowerings: a lowering pass here replaces the built-in "
             "one for the ops it rewrites"),
    cl::value_desc("passes"), cl::init(""));
static cl::opt<std::string> beforeBufferize(
    "before-bufferize",
    cl::desc("Extra passes (pass-pipeline text, on the module) run on the "
             "lowered tensor IR, before bufferization"),
    cl::value_desc("passes"), cl::init(""));
static cl::opt<std::string> iouStrategy(
    "iou-strategy",
    cl::desc("Lowering strategy of detect.iou: float or fixed-point "
             "(default: fixed-point on targets without an FPU, float "
             "elsewhere; both give identical results)"),
    cl::init(""));
static cl::opt<std::string> nmsStrategy(
    "nms-strategy",
    cl::desc("Lowering strategy of detect.nms: float or fixed-point "
             "(default: fixed-point on targets without an FPU, float "
             "elsewhere; both give identical results)"),
    cl::init(""));
static cl::opt<char>
    optLevel("O", cl::desc("Optimisation level: 0, 1, 2, 3, s (default) or z"),
             cl::Prefix, cl::init('s'));

static int fail(const Twine &message) {
  llvm::errs() << "detect-compile: error: " << message << "\n";
  return 1;
}

static void printTargets(llvm::raw_ostream &os) {
  os << "Targets:\n";
  for (const TargetInfo &target : getTargets())
    os << llvm::formatv("  {0,-15}{1}\n", target.name, target.description);
}

/// An include guard from the header's file name: out/nms.h -> DETECT_NMS_H.
static std::string includeGuard(StringRef path) {
  std::string guard = "DETECT_";
  for (char c : llvm::sys::path::filename(path))
    guard += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  return guard;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv, "detect-compile: detect IR to objects, C and headers\n");

  if (targetName == "list") {
    printTargets(llvm::outs());
    return 0;
  }
  const TargetInfo *target = lookupTarget(targetName);
  if (!target) {
    printTargets(llvm::errs());
    return fail("unknown target '" + targetName + "'");
  }
  std::optional<EmitKind> emitKind = parseEmitKind(emitName);
  if (!emitKind)
    return fail("unknown --emit=" + emitName + " (expected " + listEmitKinds() +
                ")");
  if (!isOptLevel(optLevel))
    return fail("unknown optimisation level -O" +
                std::string(1, optLevel.getValue()));
  if (workspace == "caller")
    scratch = ScratchPlacement::Workspace;
  else if (!workspace.empty())
    return fail("unknown --workspace=" + workspace + " (expected caller)");
  if (report && *emitKind == EmitKind::C)
    return fail("--report measures objects; use it with --emit=obj, asm, "
                "llvm or mlir");
  CompileOptions compile;
  compile.target = target;
  compile.emit = *emitKind;
  compile.optLevel = optLevel;
  compile.entries.assign(entries.begin(), entries.end());

  // The pipelines are assembled from registered pass names, plugins' too.
  ::detect::registerAllPasses();
  DialectRegistry registry;
  ::detect::registerAllDialects(registry);
  for (const std::string &path : passPlugins) {
    llvm::Expected<PassPlugin> plugin = PassPlugin::load(path);
    if (!plugin)
      return fail("cannot load pass plugin '" + path +
                  "': " + llvm::toString(plugin.takeError()));
    plugin->registerPassRegistryCallbacks();
  }
  for (const std::string &path : dialectPlugins) {
    llvm::Expected<DialectPlugin> plugin = DialectPlugin::load(path);
    if (!plugin)
      return fail("cannot load dialect plugin '" + path +
                  "': " + llvm::toString(plugin.takeError()));
    plugin->registerDialectRegistryCallbacks(registry);
  }
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  // Reads textual IR and bytecode alike.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  std::string error;
  auto input = openInputFile(inputFile, &error);
  if (!input)
    return fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  if (failed(selectEntries(*module, compile.entries, inputFile)))
    return 1;
  // The header declares the entries with their tensor signatures.
  OwningOpRef<ModuleOp> tensorModule = module->clone();

  DetectPipelineOptions options;
  options.scratch = scratch;
  if (!iouStrategy.empty())
    options.iouStrategy = iouStrategy;
  if (!nmsStrategy.empty())
    options.nmsStrategy = nmsStrategy;
  applyTargetDefaults(options, *target);
  options.afterDecompose = afterDecompose;
  options.beforeBufferize = beforeBufferize;
  if (failed(verifyDetectPipelineOptions(options, [](const Twine &message) {
        fail(message);
        return failure();
      })))
    return 1;
  if (failed(lowerModule(*module, compile, options)))
    return 1;

  auto output = openOutputFile(outputFile, &error);
  if (!output)
    return fail(error);
  if (failed(writeModule(*module, compile, output->os())))
    return 1;

  if (report) {
    FailureOr<Footprint> footprint =
        measureFootprint(*module, *target, optLevel);
    if (failed(footprint))
      return 1;
    printFootprint(*footprint, *target, llvm::errs());
  }

  if (!headerFile.empty()) {
    auto header = openOutputFile(headerFile, &error);
    if (!header)
      return fail(error);
    if (failed(emitCHeader(*tensorModule, *module, *target,
                           includeGuard(headerFile), header->os())))
      return 1;
    header->keep();
  }
  output->keep();
  return 0;
}
