//===- Strategies.cpp - the registry of lowering strategies ---------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/Strategies.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"

#include <memory>
#include <mutex>
#include <vector>

using namespace mlir;
using namespace mlir::detect;

namespace {
/// Strategies are registered once, by the tools or a plugin, and read by
/// passes that may run on several threads.
struct Registry {
  std::mutex mutex;
  std::vector<std::unique_ptr<LoweringStrategy>> strategies;
};
} // namespace

static Registry &registry() {
  static Registry instance;
  return instance;
}

StringRef StrategySelection::selectedFor(Operation *op) const {
  if (auto attr = op->getAttrOfType<StringAttr>(kStrategyAttrName))
    return attr.getValue();
  return passOption;
}

void mlir::detect::registerLoweringStrategy(LoweringStrategy strategy) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (auto &existing : r.strategies) {
    if (existing->opName == strategy.opName &&
        existing->name == strategy.name) {
      *existing = std::move(strategy);
      return;
    }
  }
  r.strategies.push_back(
      std::make_unique<LoweringStrategy>(std::move(strategy)));
}

void mlir::detect::registerFloatAndFixedPointStrategies(
    StringRef opName, StringRef floatDescription,
    StringRef fixedPointDescription,
    std::function<void(RewritePatternSet &, const StrategySelection &,
                       PatternBenefit)>
        populateFixedPoint) {
  LoweringStrategy strategies[] = {
      {opName.str(), "float", floatDescription.str(), 1, nullptr},
      {opName.str(), "fixed-point", fixedPointDescription.str(), 2,
       std::move(populateFixedPoint)}};
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  for (LoweringStrategy &strategy : strategies) {
    bool known = llvm::any_of(r.strategies, [&](const auto &existing) {
      return existing->opName == strategy.opName &&
             existing->name == strategy.name;
    });
    if (!known)
      r.strategies.push_back(
          std::make_unique<LoweringStrategy>(std::move(strategy)));
  }
}

SmallVector<const LoweringStrategy *>
mlir::detect::getLoweringStrategies(StringRef opName) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  SmallVector<const LoweringStrategy *> result;
  for (auto &strategy : r.strategies)
    if (strategy->opName == opName)
      result.push_back(strategy.get());
  return result;
}

void mlir::detect::populateLoweringStrategyPatterns(RewritePatternSet &patterns,
                                                    StringRef opName,
                                                    StringRef passOption,
                                                    unsigned indexBitwidth) {
  for (const LoweringStrategy *strategy : getLoweringStrategies(opName))
    if (strategy->populate)
      strategy->populate(
          patterns,
          StrategySelection(strategy->name, passOption, indexBitwidth),
          PatternBenefit(strategy->benefit));
}

LogicalResult mlir::detect::verifyStrategySelection(Operation *root,
                                                    StringRef opName,
                                                    StringRef passOption) {
  SmallVector<const LoweringStrategy *> strategies =
      getLoweringStrategies(opName);
  auto known = [&](StringRef name) {
    return llvm::any_of(strategies, [&](const LoweringStrategy *strategy) {
      return strategy->name == name;
    });
  };
  auto complain = [&](InFlightDiagnostic diagnostic) {
    diagnostic << " (registered:";
    for (const LoweringStrategy *strategy : strategies)
      diagnostic << " " << strategy->name;
    diagnostic << ")";
    return failure();
  };
  if (!known(passOption))
    return complain(root->emitError() << "unknown lowering strategy '"
                                      << passOption << "' for " << opName);
  WalkResult walk = root->walk([&](Operation *op) {
    if (op->getName().getStringRef() != opName)
      return WalkResult::advance();
    Attribute attr = op->getAttr(kStrategyAttrName);
    if (!attr)
      return WalkResult::advance();
    auto name = dyn_cast<StringAttr>(attr);
    if (!name) {
      op->emitError() << "'" << kStrategyAttrName
                      << "' must be a string naming a lowering strategy";
      return WalkResult::interrupt();
    }
    if (!known(name.getValue())) {
      (void)complain(op->emitError() << "unknown lowering strategy '"
                                     << name.getValue() << "' for " << opName);
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}
