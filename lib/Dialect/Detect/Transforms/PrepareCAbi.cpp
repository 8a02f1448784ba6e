//===- PrepareCAbi.cpp - results as out-pointers, no unwinding ------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTPREPARECABI
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

struct DetectPrepareCAbiPass
    : mlir::detect::impl::DetectPrepareCAbiBase<DetectPrepareCAbiPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      func->setAttr("no_unwind", UnitAttr::get(&getContext()));
      if (!func.isPublic() || func.isDeclaration())
        continue;
      FunctionType type = func.getFunctionType();
      SmallVector<Type> results;
      bool changed = false;
      for (Type result : type.getResults()) {
        if (result.isIntOrIndexOrFloat()) {
          results.push_back(RankedTensorType::get({1}, result));
          changed = true;
        } else {
          results.push_back(result);
        }
      }
      if (!changed)
        continue;
      // Wrap each scalar returned as a one-element tensor.
      func.walk([&](func::ReturnOp ret) {
        OpBuilder b(ret);
        SmallVector<Value> operands;
        for (Value v : ret.getOperands())
          operands.push_back(
              v.getType().isIntOrIndexOrFloat()
                  ? tensor::FromElementsOp::create(
                        b, ret.getLoc(), RankedTensorType::get({1}, v.getType()),
                        ValueRange{v})
                        .getResult()
                  : v);
        ret->setOperands(operands);
      });
      func.setType(FunctionType::get(&getContext(), type.getInputs(), results));
    }
  }
};

} // namespace
