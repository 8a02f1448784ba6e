//===- RequireCTypes.cpp - refuse element types C99 cannot spell ---------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/EmitC/Passes.h"
#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Detect/Transforms/TypeChecks.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTREQUIRECTYPES
#include "detect/Backend/EmitC/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

/// A float type (alone or as an element) that is neither float nor double.
bool hasNoCType(Type type) {
  Type element = getElementTypeOrSelf(type);
  return isa<FloatType>(element) && !element.isF32() && !element.isF64();
}

struct DetectRequireCTypesPass
    : mlir::detect::impl::DetectRequireCTypesBase<DetectRequireCTypesPass> {
  void runOnOperation() override {
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      std::optional<Type> type;
      if (auto func = dyn_cast<func::FuncOp>(op)) {
        if (!func.isPublic() || func.isDeclaration())
          return;
        type =
            firstTypeBreaking(func.getFunctionType().getInputs(), hasNoCType);
        if (!type)
          type = firstTypeBreaking(func.getFunctionType().getResults(),
                                   hasNoCType);
      } else if (isa<mlir::detect::DetectDialect>(op->getDialect())) {
        type = firstOperandOrResultTypeBreaking(op, hasNoCType);
      }
      if (!type)
        return;
      failedAny = true;
      op->emitOpError() << "uses " << getElementTypeOrSelf(*type)
                        << ", which C99 has no type for (only f32 and f64 "
                           "are float and double); emit an object file "
                           "instead, or convert to f32 first";
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
