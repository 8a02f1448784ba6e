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
};

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
