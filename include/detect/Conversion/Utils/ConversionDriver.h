//===- ConversionDriver.h - the body of a detect lowering pass --*- C++ -*-===//
//
// Part of detect-mlir. What every lowering pass of detect ops does in
// runOnOperation: make the ops it lowers illegal (everything else stays
// legal), check the strategy selection, collect the patterns and apply a
// partial conversion.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_UTILS_CONVERSIONDRIVER_H
#define DETECT_CONVERSION_UTILS_CONVERSIONDRIVER_H

#include "mlir/Transforms/DialectConversion.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::detect {

using PopulateFn = llvm::function_ref<void(RewritePatternSet &)>;

/// Applies the patterns of `populate` under `root`, with every op that
/// `target` does not decide legal.
LogicalResult applyLowering(Operation *root, ConversionTarget &target,
                            PopulateFn populate);

/// As applyLowering, for an op with lowering strategies (Strategies.h):
/// checks that `strategy` and the ops' attributes name registered
/// strategies, then adds the patterns of the strategies other than the
/// reference one after those of `populate`.
LogicalResult applyStrategyLowering(Operation *root, ConversionTarget &target,
                                    StringRef opName, StringRef strategy,
                                    unsigned indexBitwidth,
                                    PopulateFn populate);

/// Makes `OpTs` illegal and every op the target knows nothing about legal.
template <typename... OpTs> void lowerOnly(ConversionTarget &target) {
  target.addIllegalOp<OpTs...>();
  target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
}

/// Lowers the `OpT` ops under `root` with the patterns of `populate`.
template <typename OpT>
LogicalResult lowerOps(Operation *root, PopulateFn populate) {
  ConversionTarget target(*root->getContext());
  lowerOnly<OpT>(target);
  return applyLowering(root, target, populate);
}

/// Lowers the `OpT` ops under `root` with the patterns of `populate` and
/// those of the strategies the ops select (`strategy`: the pass option).
template <typename OpT>
LogicalResult lowerOpsWithStrategies(Operation *root, StringRef strategy,
                                     unsigned indexBitwidth,
                                     PopulateFn populate) {
  ConversionTarget target(*root->getContext());
  lowerOnly<OpT>(target);
  return applyStrategyLowering(root, target, OpT::getOperationName(), strategy,
                               indexBitwidth, populate);
}

} // namespace mlir::detect

#endif // DETECT_CONVERSION_UTILS_CONVERSIONDRIVER_H
