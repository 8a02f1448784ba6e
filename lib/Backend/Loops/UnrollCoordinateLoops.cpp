//===- UnrollCoordinateLoops.cpp - unroll the 4-coordinate loops ----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/Loops/Passes.h"

#include "mlir/Dialect/Affine/Analysis/LoopAnalysis.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/LoopUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTUNROLLCOORDINATELOOPS
#include "detect/Backend/Loops/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

struct DetectUnrollCoordinateLoopsPass
    : mlir::detect::impl::DetectUnrollCoordinateLoopsBase<
          DetectUnrollCoordinateLoopsPass> {
  using DetectUnrollCoordinateLoopsBase::DetectUnrollCoordinateLoopsBase;

  void runOnOperation() override {
    SmallVector<affine::AffineForOp> loops;
    getOperation().walk([&](affine::AffineForOp loop) {
      std::optional<uint64_t> trips = affine::getConstantTripCount(loop);
      if (trips && *trips <= maxTripCount)
        loops.push_back(loop);
    });
    // Post-order walk: inner loops come first, so unrolling one never
    // invalidates a loop still in the list.
    for (affine::AffineForOp loop : loops)
      if (failed(affine::loopUnrollFull(loop)))
        return signalPassFailure();
  }
};

} // namespace
