//===- Strategies.h - named, selectable lowerings of one op -----*- C++ -*-===//
//
// Part of detect-mlir. An op may be lowered in more than one way (float or
// fixed-point arithmetic, branch-free or branchy loops); each way is a
// strategy: a name, a pattern set and the benefit its patterns carry. The
// built-in lowering of an op is its reference strategy; it is always
// registered, applies to every form of the op, and takes whatever another
// strategy's patterns decline. A strategy is chosen per op by the attribute
// `detect.strategy = "<name>"`, else by the pass option (`iou-strategy`,
// `nms-strategy`), whose default the target decides (detect-compile:
// fixed-point where the core has no FPU). docs/Extending.md describes how
// to add one.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_CONVERSION_STRATEGIES_H
#define DETECT_CONVERSION_STRATEGIES_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

#include <functional>
#include <string>

namespace mlir::detect {

/// The discardable attribute that selects a strategy for one op.
inline constexpr llvm::StringLiteral kStrategyAttrName = "detect.strategy";

/// Which strategy a pass selects for each op: the op's `detect.strategy`
/// attribute, else the pass option. Patterns of a strategy hold one and
/// match only the ops that select them.
class StrategySelection {
public:
  StrategySelection(StringRef strategy, StringRef passOption,
                    unsigned indexBitwidth = 64)
      : strategy(strategy.str()), passOption(passOption.str()),
        indexBitwidth(indexBitwidth) {}

  /// The strategy `op` asks for.
  StringRef selectedFor(Operation *op) const;
  /// Whether `op` asks for this strategy.
  bool selects(Operation *op) const { return selectedFor(op) == strategy; }
  StringRef getStrategy() const { return strategy; }
  /// The width of the integers the pass lowers counters to (its
  /// `index-bitwidth` option; 64 for passes without one).
  unsigned getIndexBitwidth() const { return indexBitwidth; }

private:
  std::string strategy;
  std::string passOption;
  unsigned indexBitwidth;
};

/// A named way of lowering the ops named `opName` (e.g. "detect.iou").
struct LoweringStrategy {
  std::string opName;
  std::string name;
  std::string description;
  /// Patterns with a higher benefit are tried first; the reference lowering
  /// has benefit 1, so a strategy's patterns take precedence over it on the
  /// ops that select it, and leave it the forms they do not handle.
  unsigned benefit;
  /// Adds the strategy's patterns (none for the reference strategy, whose
  /// patterns the conversion pass always adds).
  std::function<void(RewritePatternSet &, const StrategySelection &,
                     PatternBenefit)>
      populate;
};

/// Registers a strategy (in-tree: registerBuiltinLoweringStrategies; a
/// plugin: from its registration callback). Registering a name twice for one
/// op replaces the first.
void registerLoweringStrategy(LoweringStrategy strategy);

/// Registers the reference strategy "float" (benefit 1, no patterns) and
/// "fixed-point" (benefit 2, `populateFixedPoint`) of `opName`, each unless
/// a strategy of that name is registered already: registration may run
/// more than once, and a plugin's replacement stays.
void registerFloatAndFixedPointStrategies(
    StringRef opName, StringRef floatDescription,
    StringRef fixedPointDescription,
    std::function<void(RewritePatternSet &, const StrategySelection &,
                       PatternBenefit)>
        populateFixedPoint);

/// The populate function of a strategy made of one pattern, constructed
/// as PatternT(context, selection, benefit).
template <typename PatternT>
void addStrategyPattern(RewritePatternSet &patterns,
                        const StrategySelection &selection,
                        PatternBenefit benefit) {
  patterns.add<PatternT>(patterns.getContext(), selection, benefit);
}

/// The strategies of `opName`, in registration order.
SmallVector<const LoweringStrategy *> getLoweringStrategies(StringRef opName);

/// Adds the patterns of every strategy of `opName` other than the reference
/// one, each matching the ops that select it (attribute or `passOption`).
void populateLoweringStrategyPatterns(RewritePatternSet &patterns,
                                      StringRef opName, StringRef passOption,
                                      unsigned indexBitwidth = 64);

/// Checks that `passOption` and every `detect.strategy` attribute on the
/// `opName` ops under `root` name a registered strategy, with the op's
/// location (or the root's) and the list of known names.
LogicalResult verifyStrategySelection(Operation *root, StringRef opName,
                                      StringRef passOption);

/// The in-tree strategies of detect.iou: "float" (reference) and
/// "fixed-point" (lib/Conversion/DetectToLinalg/FixedPointIou.cpp).
void registerIouLoweringStrategies();
/// The in-tree strategies of detect.nms: "float" (reference) and
/// "fixed-point" (lib/Conversion/DetectToLoops/NmsToLoops.cpp,
/// FixedPointComparisons.cpp).
void registerNmsLoweringStrategies();
/// Every in-tree strategy. The tools call it with the pass registration
/// (detect::registerAllPasses); the conversion passes only read the
/// registry.
inline void registerBuiltinLoweringStrategies() {
  registerIouLoweringStrategies();
  registerNmsLoweringStrategies();
}

/// The fixed-point IoU lowering
/// (lib/Conversion/DetectToLinalg/FixedPointIou.cpp).
void populateFixedPointIouPatterns(RewritePatternSet &patterns,
                                   const StrategySelection &selection,
                                   PatternBenefit benefit);
/// The fixed-point NMS lowering (lib/Conversion/DetectToLoops/NmsToLoops.cpp).
void populateFixedPointNmsPatterns(RewritePatternSet &patterns,
                                   const StrategySelection &selection,
                                   PatternBenefit benefit);

} // namespace mlir::detect

#endif // DETECT_CONVERSION_STRATEGIES_H
