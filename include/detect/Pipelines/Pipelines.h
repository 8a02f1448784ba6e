//===- Pipelines.h - the detect lowering pipelines --------------*- C++ -*-===//
//
// Part of detect-mlir. The two end-to-end pipelines, usable from C++ (by
// detect-compile, the C API and embedders) and registered for detect-opt.
// Their options are typed: a mistyped option is a parse error naming the
// accepted values, not a failure deep inside a pass.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_PIPELINES_PIPELINES_H
#define DETECT_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
namespace detect {
struct TargetInfo;
} // namespace detect
} // namespace mlir

namespace mlir::detect {

/// Where the scratch memory of a compiled function lives.
enum class ScratchPlacement {
  Static,    // private buffers in .bss
  Stack,     // the function's stack frame
  Workspace, // a caller-provided buffer, the function's last argument
};

/// The option spelling of `placement` (as `detect-plan-scratch` takes it).
StringRef stringifyScratchPlacement(ScratchPlacement placement);

/// The spellings of ScratchPlacement for a command-line or pipeline option:
/// the pipelines' `scratch` and detect-compile's `--scratch` share them.
inline llvm::cl::ValuesClass scratchPlacementValues() {
  return llvm::cl::values(
      clEnumValN(ScratchPlacement::Static, "static",
                 "private buffers in .bss (default)"),
      clEnumValN(ScratchPlacement::Stack, "stack", "the stack frame"),
      clEnumValN(ScratchPlacement::Workspace, "workspace",
                 "a caller-provided buffer passed as the last argument"));
}

struct DetectPipelineOptions
    : public PassPipelineOptions<DetectPipelineOptions> {
  PassOptions::Option<unsigned> indexBitwidth{
      *this, "index-bitwidth",
      llvm::cl::desc("Bit width of `index` in the generated code (32 on "
                     "32-bit microcontrollers, 64 on the host)"),
      llvm::cl::init(64)};
  PassOptions::Option<bool> barePtr{
      *this, "bare-ptr",
      llvm::cl::desc("Pass each buffer as a bare pointer (the plain C ABI) "
                     "instead of a memref descriptor"),
      llvm::cl::init(true)};
  PassOptions::Option<ScratchPlacement> scratch{
      *this, "scratch", llvm::cl::desc("Where scratch memory lives"),
      llvm::cl::init(ScratchPlacement::Static), scratchPlacementValues()};

  PassOptions::Option<std::string> iouStrategy{
      *this, "iou-strategy",
      llvm::cl::desc("Lowering strategy of detect.iou ops without a "
                     "detect.strategy attribute: float (the reference) or "
                     "fixed-point (integer arithmetic, for cores without an "
                     "FPU; bit-identical), or a plugin's; "
                     "applyTargetDefaults picks it by target"),
      llvm::cl::init("float")};
  PassOptions::Option<std::string> nmsStrategy{
      *this, "nms-strategy",
      llvm::cl::desc("Lowering strategy of detect.nms ops without a "
                     "detect.strategy attribute: float (the reference) or "
                     "fixed-point (integer comparisons of boxes with integer "
                     "corners, for cores without an FPU; identical results), "
                     "or a plugin's; applyTargetDefaults picks it by target"),
      llvm::cl::init("float")};

  // Hook points: pass-pipeline text (module-level passes, or nested as in
  // `func.func(my-pass)`), typically a plugin's passes
  // (--load-pass-plugin). docs/Extending.md walks through one.
  PassOptions::Option<std::string> afterDecompose{
      *this, "after-decompose",
      llvm::cl::desc("Passes run on detect ops once the framework ops are "
                     "decomposed and canonicalized, before the built-in "
                     "lowerings: a lowering here takes the ops it rewrites "
                     "away from the built-in one"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> beforeBufferize{
      *this, "before-bufferize",
      llvm::cl::desc("Passes run on the lowered tensor IR (linalg, scf), "
                     "before bufferization"),
      llvm::cl::init("")};
};

/// Sets the options a target decides (the index width; the fixed-point
/// strategies where the core has no FPU, as every float operation would be
/// a library call there), leaving options already set as they are.
void applyTargetDefaults(DetectPipelineOptions &options,
                         const TargetInfo &target);

/// Checks what the option parser cannot: the index width is 32 or 64 and
/// the hooks parse as pass pipelines (every pass registered). Reports the
/// first problem through `emitError`; the builders below assume valid
/// options. (Strategy names are an open set, extended by plugins: the
/// conversion passes check them against the registered strategies, naming
/// the op that selects an unknown one.)
LogicalResult verifyDetectPipelineOptions(
    const DetectPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> emitError);

/// The builders add the detect passes by their typed constructors. Call
/// `detect::registerAllPasses()` (detect/InitAll.h) first: it registers the
/// lowering strategies the options name, and the passes the hooks (pass-
/// pipeline text) may name; a plugin registers its own.

/// detect ops on tensors -> linalg/scf -> bufferized, heap-free memrefs ->
/// affine loops -> scf. Shared by both pipelines; `forC` when the loops go
/// on to EmitC.
void buildDetectToLoopsPipeline(OpPassManager &pm,
                                const DetectPipelineOptions &options,
                                bool forC);

/// ... -> cf -> LLVM dialect with the plain C ABI.
void buildDetectToLLVMPipeline(OpPassManager &pm,
                               const DetectPipelineOptions &options);

/// ... -> EmitC, printable as C99 by `mlir-translate --mlir-to-cpp`.
void buildDetectToEmitCPipeline(OpPassManager &pm,
                                const DetectPipelineOptions &options);

/// Registers `detect-to-llvm` and `detect-to-emitc` for the opt driver.
void registerDetectPipelines();

} // namespace mlir::detect

#endif // DETECT_PIPELINES_PIPELINES_H
