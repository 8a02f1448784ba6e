//===- Decompose.cpp - framework-level detect ops to core ops -------------===//
//
// Part of detect-mlir. Each framework-level op is rewritten into the core
// ops with the attributes that state its framework's rules, so that every
// framework shares one lowering of NMS, decoding and IoU. The rewrites live
// in one file per framework; this is the pass that runs them all.
//
//===----------------------------------------------------------------------===//

#include "DecomposeUtils.h"

#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTDECOMPOSE
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

struct DetectDecomposePass
    : mlir::detect::impl::DetectDecomposeBase<DetectDecomposePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    decompose::populateOnnxDecompositionPatterns(patterns);
    decompose::populateTfliteDecompositionPatterns(patterns);
    decompose::populateTensorFlowDecompositionPatterns(patterns);
    decompose::populateTorchvisionDecompositionPatterns(patterns);
    decompose::populateYoloDecompositionPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
