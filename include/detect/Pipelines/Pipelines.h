//===- Pipelines.h - the detect lowering pipelines --------------*- C++ -*-===//
//
// Part of detect-mlir. The two end-to-end pipelines, usable from C++ (by
// detect-compile and embedders) and registered for detect-opt.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_PIPELINES_PIPELINES_H
#define DETECT_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mlir::detect {

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
  PassOptions::Option<std::string> scratch{
      *this, "scratch",
      llvm::cl::desc("Where scratch memory lives: static (a private buffer "
                     "in .bss), stack, or workspace (a caller-provided "
                     "buffer passed as the last argument)"),
      llvm::cl::init("static")};

  PassOptions::Option<std::string> iouStrategy{
      *this, "iou-strategy",
      llvm::cl::desc("Lowering strategy of detect.iou ops without a "
                     "detect.strategy attribute: float (the reference) or "
                     "fixed-point (integer arithmetic, for cores without an "
                     "FPU; bit-identical); detect-compile picks it by target"),
      llvm::cl::init("float")};
  PassOptions::Option<std::string> nmsStrategy{
      *this, "nms-strategy",
      llvm::cl::desc("Lowering strategy of detect.nms ops without a "
                     "detect.strategy attribute: float (the reference) or "
                     "fixed-point (integer comparisons of boxes with integer "
                     "corners, for cores without an FPU; identical results); "
                     "detect-compile picks it by target"),
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

/// Checks that the hook options parse as pass pipelines (every pass
/// registered), reporting the first that does not through `emitError`.
/// The builders below assume valid hooks.
LogicalResult
verifyDetectPipelineHooks(const DetectPipelineOptions &options,
                          function_ref<LogicalResult(const Twine &)> emitError);

/// The builders assemble the pipelines from pass names: the passes must be
/// registered first (`detect::registerAllPasses()` in detect/InitAll.h).

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
