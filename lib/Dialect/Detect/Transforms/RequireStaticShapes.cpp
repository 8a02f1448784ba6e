//===- RequireStaticShapes.cpp - reject dynamic shapes up front -----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Detect/Transforms/Passes.h"
#include "detect/Dialect/Detect/Transforms/TypeChecks.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTREQUIRESTATICSHAPES
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

bool isDynamic(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && !shaped.hasStaticShape();
}

struct DetectRequireStaticShapesPass
    : mlir::detect::impl::DetectRequireStaticShapesBase<
          DetectRequireStaticShapesPass> {
  void runOnOperation() override {
    bool failedAny = false;
    getOperation().walk([&](Operation *op) {
      if (auto func = dyn_cast<func::FuncOp>(op)) {
        if (!func.isPublic() || func.isDeclaration())
          return;
        FunctionType signature = func.getFunctionType();
        for (auto [types, verb] :
             {std::pair{signature.getInputs(), "takes"},
              std::pair{signature.getResults(), "returns"}})
          if (std::optional<Type> type = firstTypeBreaking(types, isDynamic)) {
            failedAny = true;
            func.emitError() << "public function '" << func.getSymName() << "' "
                             << verb << " " << *type
                             << ": the heap-free pipelines need static "
                                "shapes at the C ABI";
          }
        return;
      }
      if (!isa<mlir::detect::DetectDialect>(op->getDialect()))
        return;
      std::optional<Type> type =
          firstOperandOrResultTypeBreaking(op, isDynamic);
      if (!type)
        return;
      failedAny = true;
      op->emitOpError() << "has the dynamic shape " << *type
                        << ", which the heap-free pipelines cannot place in "
                           "memory; give it a static capacity and pass the "
                           "run-time length as a `valid` count";
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
