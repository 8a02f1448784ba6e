//===- Pipelines.cpp - the detect lowering pipelines ----------------------===//
//
// Part of detect-mlir. The pipelines are written as pass-pipeline text so
// that they read exactly as docs/Lowering.md spells them out and as a user
// would type them into detect-opt.
//
//===----------------------------------------------------------------------===//

#include "detect/Pipelines/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::detect;

static void addPipeline(OpPassManager &pm, const std::string &text) {
  // The text is built here from validated options; a failure is a bug in
  // this file, reported rather than ignored.
  if (failed(parsePassPipeline(text, pm, llvm::errs())))
    llvm::report_fatal_error("detect: invalid built-in pipeline: " +
                             llvm::Twine(text));
}

/// A hook's passes followed by the comma that separates them from the next
/// stage, or nothing.
static std::string hook(const std::string &passes) {
  return passes.empty() ? passes : passes + ",";
}

LogicalResult mlir::detect::verifyDetectPipelineHooks(
    const DetectPipelineOptions &options,
    function_ref<LogicalResult(const Twine &)> emitError) {
  for (auto [name, passes] :
       {std::pair<StringRef, std::string>{"after-decompose",
                                          options.afterDecompose},
        {"before-bufferize", options.beforeBufferize}}) {
    if (passes.empty())
      continue;
    OpPassManager scratchPm("builtin.module");
    std::string message;
    llvm::raw_string_ostream os(message);
    if (failed(parsePassPipeline(passes, scratchPm, os)))
      return emitError("invalid passes for the " + name + " hook ('" +
                       passes + "'): " + message);
  }
  return success();
}

void mlir::detect::buildDetectToLoopsPipeline(
    OpPassManager &pm, const DetectPipelineOptions &options, bool forC) {
  addPipeline(pm, llvm::formatv(
      // 0. Sizes that the target's index cannot hold would wrap: refused,
      //    naming the op as the user wrote it (a framework op before it is
      //    decomposed).
      "detect-require-addressable-sizes{{index-bitwidth={1}},"
      // Framework-level ops become core ops (docs/Frameworks.md).
      "detect-decompose,"
      // 1. Refuse what cannot be served without a heap, with the op's name.
      "detect-require-static-shapes,"
      // 2. Exact rewrites at the detect level (constant rules become
      //    attributes, axis swaps are absorbed, empty NMS folds).
      "canonicalize,"
      // Hook: lowerings that replace the built-in ones (docs/Extending.md).
      "{3}"
      // 3. detect -> scf over memrefs (NMS) + linalg (data-parallel). NMS
      //    first: it decodes the boxes of detect.decode_boxes as it reads
      //    them, and the table is then only built if something else reads
      //    it whole.
      "func.func(convert-detect-nms-to-loops{{index-bitwidth={1} "
      "nms-strategy={7}},"
      "convert-detect-soft-nms-to-loops{{index-bitwidth={1}},"
      "convert-detect-to-linalg{{iou-strategy={5}}),"
      "canonicalize,cse,"
      "func.func(linalg-fuse-elementwise-ops),"
      // Hook: passes on the lowered tensor IR.
      "{4}"
      // 4. Bufferize; results become out-parameters; scratch is placed.
      //    The C ABI's shape is prepared right before: a later
      //    canonicalization could make two results one value again, which
      //    buffer-results-to-out-params cannot express.
      "detect-prepare-c-abi,"
      "one-shot-bufferize{{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map "
      "buffer-alignment=8},"
      "buffer-results-to-out-params{{hoist-static-allocs "
      "modify-public-functions},"
      // Scratch of an op inside a loop (decomposed per-class NMS) is reused
      // by every iteration: hoisted, it needs no heap.
      "func.func(buffer-loop-hoisting),"
      "detect-plan-scratch{{placement={0} index-bitwidth={1} for-c={2}},"
      "canonicalize,"
      // 5. linalg -> affine loops; the 4-coordinate loops are unrolled so
      //    the per-coordinate selects fold away.
      "func.func(convert-linalg-to-affine-loops,"
      "detect-unroll-coordinate-loops),"
      // C has no views: loads and stores through reshaped or sliced
      // buffers (an input's batch row) index the underlying buffer.
      "{6}"
      "canonicalize,cse,lower-affine",
      options.scratch.getValue(), options.indexBitwidth.getValue(),
      forC ? 1 : 0, hook(options.afterDecompose),
      hook(options.beforeBufferize), options.iouStrategy.getValue(),
      forC ? "fold-memref-alias-ops," : "", options.nmsStrategy.getValue())
      .str());
}

void mlir::detect::buildDetectToLLVMPipeline(
    OpPassManager &pm, const DetectPipelineOptions &options) {
  buildDetectToLoopsPipeline(pm, options, /*forC=*/false);
  // Every *-to-llvm pass gets the index width: a DLTI spec alone leaves
  // casts behind.
  addPipeline(pm, llvm::formatv(
      // arith-expand turns the NaN-propagating min/max into compares and
      // selects: as fast as a libcall on cores without such an instruction,
      // and soft-float C libraries (picolibc) have no fmaximumf.
      "func.func(arith-expand),"
      "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
      "finalize-memref-to-llvm{{index-bitwidth={0}},"
      "convert-math-to-llvm,convert-math-to-libm,"
      "convert-arith-to-llvm{{index-bitwidth={0}},"
      "convert-cf-to-llvm{{index-bitwidth={0}},"
      "convert-func-to-llvm{{use-bare-ptr-memref-call-conv={1} "
      "index-bitwidth={0}},"
      "reconcile-unrealized-casts",
      options.indexBitwidth.getValue(), options.barePtr ? 1 : 0).str());
}

void mlir::detect::buildDetectToEmitCPipeline(
    OpPassManager &pm, const DetectPipelineOptions &options) {
  // f16 and bf16 have no C99 type: refused up front, naming the op.
  addPipeline(pm, "detect-require-c-types");
  buildDetectToLoopsPipeline(pm, options, /*forC=*/true);
  // symbol-dce: constants and scratch buffers whose last reader was folded
  // away would be unused C variables, an error under -Werror.
  // C has no bit cast: detect-bitcast-to-emitc writes memcpy.
  // Constants of rank >= 2 become flat arrays, read through the views that
  // fold-memref-alias-ops folds into the loads (C compilers reject a
  // multi-dimensional array with a flat initializer). This runs after
  // lower-affine, as fold-memref-alias-ops folds memref.load through
  // expand_shape but not affine.load; its index arithmetic is lowered
  // again.
  addPipeline(pm, "detect-flatten-constant-globals,fold-memref-alias-ops,"
                  "lower-affine,"
                  "func.func(arith-expand),convert-math-to-libm,symbol-dce,"
                  "detect-bitcast-to-emitc,"
                  "convert-to-emitc,detect-drop-unread-c-variables,"
                  "detect-add-c-includes,canonicalize");
}

/// Registers a pipeline whose hook options are checked before it is built,
/// so that a mistyped plugin pass is an error rather than a crash.
static void registerPipeline(
    StringRef name, StringRef description,
    void (*build)(OpPassManager &, const DetectPipelineOptions &)) {
  registerPassPipeline(
      name, description,
      [build](OpPassManager &pm, StringRef text,
              function_ref<LogicalResult(const Twine &)> emitError) {
        DetectPipelineOptions options;
        if (failed(options.parseFromString(text)) ||
            failed(verifyDetectPipelineHooks(options, emitError)))
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
