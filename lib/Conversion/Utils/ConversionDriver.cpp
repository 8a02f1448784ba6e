//===- ConversionDriver.cpp - the body of a detect lowering pass ----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/Utils/ConversionDriver.h"

#include "detect/Conversion/Strategies.h"

using namespace mlir;
using namespace mlir::detect;

LogicalResult mlir::detect::applyLowering(Operation *root,
                                          ConversionTarget &target,
                                          PopulateFn populate) {
  RewritePatternSet patterns(root->getContext());
  populate(patterns);
  return applyPartialConversion(root, target, std::move(patterns));
}

LogicalResult mlir::detect::applyStrategyLowering(
    Operation *root, ConversionTarget &target, StringRef opName,
    StringRef strategy, unsigned indexBitwidth, PopulateFn populate) {
  if (failed(verifyStrategySelection(root, opName, strategy)))
    return failure();
  return applyLowering(root, target, [&](RewritePatternSet &patterns) {
    populate(patterns);
    populateLoweringStrategyPatterns(patterns, opName, strategy, indexBitwidth);
  });
}
