//===- Pipelines.cpp - the detect lowering pipelines ----------------------===//
//
// Part of detect-mlir. The pipelines are built from typed pass constructors
// and option structs, so that a misspelt pass or option is a compile error
// here; docs/Lowering.md spells them out as pass-pipeline text, as a user
// would type them into detect-opt.
//
//===----------------------------------------------------------------------===//

#include "detect/Pipelines/Pipelines.h"

#include "detect/Backend/CAbi/Passes.h"
#include "detect/Backend/EmitC/Passes.h"
#include "detect/Backend/Loops/Passes.h"
#include "detect/Backend/Memory/Passes.h"
#include "detect/Conversion/Passes.h"
#include "detect/Dialect/Detect/Transforms/Passes.h"
#include "detect/Target/Targets.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/ConvertToEmitC/ConvertToEmitCPass.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::detect;

StringRef mlir::detect::stringifyScratchPlacement(ScratchPlacement placement) {
  switch (placement) {
  case ScratchPlacement::Static:
    return "static";
  case ScratchPlacement::Stack:
    return "stack";
  case ScratchPlacement::Workspace:
    return "workspace";
  }
  llvm_unreachable("unknown scratch placement");
}

void mlir::detect::applyTargetDefaults(DetectPipelineOptions &options,
                                       const TargetInfo &target) {
  if (!options.indexBitwidth.hasValue())
    options.indexBitwidth = target.indexBitwidth;
  StringRef strategy = target.hardFloat ? "float" : "fixed-point";
  if (!options.iouStrategy.hasValue())
    options.iouStrategy = strategy.str();
  if (!options.nmsStrategy.hasValue())
    options.nmsStrategy = strategy.str();
}

/// Appends a hook's passes. They were checked by
/// verifyDetectPipelineOptions; a failure now is a bug of the caller,
/// reported rather than ignored.
static void addHook(OpPassManager &pm, const std::string &passes) {
  if (!passes.empty() && failed(parsePassPipeline(passes, pm, llvm::errs())))
    llvm::report_fatal_error("detect: unchecked pipeline hook: " +
                             llvm::Twine(passes));
}

LogicalResult mlir::detect::verifyDetectPipelineOptions(
    const DetectPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> emitError) {
  if (options.indexBitwidth != 32 && options.indexBitwidth != 64)
    return emitError("index-bitwidth must be 32 or 64, not " +
                     Twine(options.indexBitwidth.getValue()));
  for (auto [name, passes] : {std::pair<StringRef, std::string>{
                                  "after-decompose", options.afterDecompose},
                              {"before-bufferize", options.beforeBufferize}}) {
    if (passes.empty())
      continue;
    OpPassManager scratchPm("builtin.module");
    std::string message;
    llvm::raw_string_ostream os(message);
    if (failed(parsePassPipeline(passes, scratchPm, os)))
      return emitError("invalid passes for the " + name + " hook ('" + passes +
                       "'): " + message);
  }
  return success();
}

/// Stages 0-2: framework ops decomposed and checked at the detect level.
static void addDetectLevelPasses(OpPassManager &pm,
                                 const DetectPipelineOptions &options) {
  // 0. Sizes that the target's index cannot hold would wrap: refused,
  //    naming the op as the user wrote it (a framework op before it is
  //    decomposed).
  pm.addPass(createDetectRequireAddressableSizes({options.indexBitwidth}));
  // Framework-level ops become core ops (docs/Frameworks.md).
  pm.addPass(createDetectDecompose());
  // 1. Refuse what cannot be served without a heap, with the op's name.
  pm.addPass(createDetectRequireStaticShapes());
  // 2. Exact rewrites at the detect level (constant rules become
  //    attributes, axis swaps are absorbed, empty NMS folds).
  pm.addPass(createCanonicalizerPass());
  // Hook: lowerings that replace the built-in ones (docs/Extending.md).
  addHook(pm, options.afterDecompose);
}

/// Stage 3: detect -> scf over memrefs (NMS) + linalg (data-parallel).
static void addDetectLowering(OpPassManager &pm,
                              const DetectPipelineOptions &options) {
  // NMS first: it decodes the boxes of detect.decode_boxes as it reads
  // them, and the table is then only built if something else reads it
  // whole.
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  funcPm.addPass(createConvertDetectNmsToLoops(
      {options.indexBitwidth, options.nmsStrategy}));
  funcPm.addPass(createConvertDetectSoftNmsToLoops({options.indexBitwidth}));
  funcPm.addPass(createConvertDetectToLinalg({options.iouStrategy}));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createLinalgElementwiseOpFusionPass());
  // Hook: passes on the lowered tensor IR.
  addHook(pm, options.beforeBufferize);
}

/// Stage 4: bufferized; results become out-parameters; scratch is placed.
static void addBufferization(OpPassManager &pm,
                             const DetectPipelineOptions &options, bool forC) {
  // The C ABI's shape is prepared right before: a later canonicalization
  // could make two results one value again, which
  // buffer-results-to-out-params cannot express.
  pm.addPass(createDetectPrepareCAbi());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  bufferize.bufferAlignment = 8;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // Scratch of an op inside a loop (decomposed per-class NMS) is reused by
  // every iteration: hoisted, it needs no heap.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  DetectPlanScratchOptions plan;
  plan.placement = stringifyScratchPlacement(options.scratch).str();
  plan.indexBitwidth = options.indexBitwidth;
  plan.forC = forC;
  pm.addPass(createDetectPlanScratch(plan));
  pm.addPass(createCanonicalizerPass());
}

void mlir::detect::buildDetectToLoopsPipeline(
    OpPassManager &pm, const DetectPipelineOptions &options, bool forC) {
  addDetectLevelPasses(pm, options);
  addDetectLowering(pm, options);
  addBufferization(pm, options, forC);
  // 5. linalg -> affine loops; the 4-coordinate loops are unrolled so the
  //    per-coordinate selects fold away.
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  funcPm.addPass(createConvertLinalgToAffineLoopsPass());
  funcPm.addPass(createDetectUnrollCoordinateLoops());
  // C has no views: loads and stores through reshaped or sliced buffers
  // (an input's batch row) index the underlying buffer.
  if (forC)
    pm.addPass(memref::createFoldMemRefAliasOpsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createLowerAffinePass());
}

void mlir::detect::buildDetectToLLVMPipeline(
    OpPassManager &pm, const DetectPipelineOptions &options) {
  buildDetectToLoopsPipeline(pm, options, /*forC=*/false);
  // arith-expand turns the NaN-propagating min/max into compares and
  // selects: as fast as a libcall on cores without such an instruction,
  // and soft-float C libraries (picolibc) have no fmaximumf.
  pm.addNestedPass<func::FuncOp>(arith::createArithExpandOpsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  // Every *-to-llvm pass gets the index width: a DLTI spec alone leaves
  // casts behind.
  unsigned width = options.indexBitwidth;
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.indexBitwidth = width;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  ArithToLLVMConversionPassOptions arithToLLVM;
  arithToLLVM.indexBitwidth = width;
  pm.addPass(createArithToLLVMConversionPass(arithToLLVM));
  ConvertControlFlowToLLVMPassOptions cfToLLVM;
  cfToLLVM.indexBitwidth = width;
  pm.addPass(createConvertControlFlowToLLVMPass(cfToLLVM));
  ConvertFuncToLLVMPassOptions funcToLLVM;
  funcToLLVM.useBarePtrCallConv = options.barePtr;
  funcToLLVM.indexBitwidth = width;
  pm.addPass(createConvertFuncToLLVMPass(funcToLLVM));
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::detect::buildDetectToEmitCPipeline(
    OpPassManager &pm, const DetectPipelineOptions &options) {
  // f16 and bf16 have no C99 type: refused up front, naming the op.
  pm.addPass(createDetectRequireCTypes());
  buildDetectToLoopsPipeline(pm, options, /*forC=*/true);
  // Constants of rank >= 2 become flat arrays, read through the views that
  // fold-memref-alias-ops folds into the loads (C compilers reject a
  // multi-dimensional array with a flat initializer). This runs after
  // lower-affine, as fold-memref-alias-ops folds memref.load through
  // expand_shape but not affine.load; its index arithmetic is lowered
  // again.
  pm.addPass(createDetectFlattenConstantGlobals());
  pm.addPass(memref::createFoldMemRefAliasOpsPass());
  pm.addPass(createLowerAffinePass());
  pm.addNestedPass<func::FuncOp>(arith::createArithExpandOpsPass());
  pm.addPass(createConvertMathToLibmPass());
  // symbol-dce: constants and scratch buffers whose last reader was folded
  // away would be unused C variables, an error under -Werror.
  pm.addPass(createSymbolDCEPass());
  // C has no bit cast: detect-bitcast-to-emitc writes memcpy.
  pm.addPass(createDetectBitcastToEmitC());
  pm.addPass(createConvertToEmitC());
  pm.addPass(createDetectDropUnreadCVariables());
  pm.addPass(createDetectAddCIncludes());
  pm.addPass(createCanonicalizerPass());
}

/// Registers a pipeline whose hook options are checked before it is built,
/// so that a mistyped plugin pass is an error rather than a crash.
static void registerPipeline(StringRef name, StringRef description,
                             void (*build)(OpPassManager &,
                                           const DetectPipelineOptions &)) {
  registerPassPipeline(
      name, description,
      [build](OpPassManager &pm, StringRef text,
              function_ref<LogicalResult(const Twine &)> emitError) {
        DetectPipelineOptions options;
        if (failed(options.parseFromString(text)) ||
            failed(verifyDetectPipelineOptions(options, emitError)))
          return failure();
        build(pm, options);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> optHandler) {
        optHandler(DetectPipelineOptions());
      });
}

void mlir::detect::registerDetectPipelines() {
  registerPipeline(
      "detect-to-llvm",
      "Lower detect ops to the LLVM dialect: linalg + scf, heap-free "
      "bufferization, affine loops, then cf and LLVM with a plain C ABI",
      buildDetectToLLVMPipeline);
  registerPipeline(
      "detect-to-emitc",
      "Lower detect ops to EmitC (C99 via mlir-translate --mlir-to-cpp): "
      "the same stages as detect-to-llvm up to loops, then EmitC",
      buildDetectToEmitCPipeline);
}
