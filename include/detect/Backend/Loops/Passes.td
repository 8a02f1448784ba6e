//===- Passes.td - loop clean-up passes --------------------*- tablegen -*-===//
//
// Part of detect-mlir. Clean-up of the affine loops that the lowerings
// leave, on both routes.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_BACKEND_LOOPS_PASSES_TD
#define DETECT_BACKEND_LOOPS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DetectUnrollCoordinateLoops
    : Pass<"detect-unroll-coordinate-loops", "::mlir::func::FuncOp"> {
  let summary = "Fully unroll the short loops over the four box coordinates";
  let description = [{
    The linalg lowering of a box-producing op iterates over the four
    coordinates of each box and selects the formula of each coordinate with
    `linalg.index`. Unrolling these loops (constant trip count at most
    `max-trip-count`) lets canonicalization fold the selects, leaving one
    formula per coordinate. Unlike upstream `affine-loop-unroll`, longer loops
    are left alone: unrolling them by a factor would cost flash on a
    microcontroller for little gain.
  }];
  let options = [
    Option<"maxTripCount", "max-trip-count", "unsigned", /*default=*/"4",
           "loops with at most this many iterations are unrolled">
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect"];
}

#endif // DETECT_BACKEND_LOOPS_PASSES_TD
