//===- RequireCTypes.cpp - refuse element types C99 cannot spell ---------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Backend/EmitC/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTREQUIRECTYPES
#include "detect/Backend/EmitC/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

/// The first float type (alone or as an element) that is neither float
/// nor double.
std::optional<Type> firstWithoutCType(TypeRange types) {
  for (Type type : types) {
    Type element = getElementTypeOrSelf(type);
    if (isa<FloatType>(element) && !element.isF32() && !element.isF64())
      return element;
  }
  return std::nullopt;
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
        type = firstWithoutCType(func.getFunctionType().getInputs());
        if (!type)
          type = firstWithoutCType(func.getFunctionType().getResults());
      } else if (isa<mlir::detect::DetectDialect>(op->getDialect())) {
        type = firstWithoutCType(op->getOperandTypes());
        if (!type)
          type = firstWithoutCType(op->getResultTypes());
      }
      if (!type)
        return;
      failedAny = true;
      op->emitOpError() << "uses " << *type
                        << ", which C99 has no type for (only f32 and f64 "
                           "are float and double); emit an object file "
                           "instead, or convert to f32 first";
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
