//===- PrepareCAbi.cpp - results as out-pointers, no unwinding ------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseSet.h"
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
      // Wrap each scalar returned as a one-element tensor. A value returned
      // twice (outputs of an imported model that share a run-time length,
      // an output listed twice) would be one buffer for two out-parameters,
      // which buffer-results-to-out-params cannot express: each later
      // occurrence returns a copy (an allocation, which CSE keeps apart).
      func.walk([&](func::ReturnOp ret) {
        OpBuilder b(ret);
        SmallVector<Value> operands;
        llvm::SmallDenseSet<Value> seen;
        for (Value v : ret.getOperands()) {
          bool repeated = !seen.insert(v).second;
          if (v.getType().isIntOrIndexOrFloat())
            v = tensor::FromElementsOp::create(
                b, ret.getLoc(), RankedTensorType::get({1}, v.getType()),
                ValueRange{v});
          if (repeated)
            if (auto type = dyn_cast<RankedTensorType>(v.getType()))
              v = bufferization::AllocTensorOp::create(b, ret.getLoc(), type,
                                                       ValueRange{}, v);
          operands.push_back(v);
        }
        ret->setOperands(operands);
      });
      if (changed)
        func.setType(
            FunctionType::get(&getContext(), type.getInputs(), results));
    }
  }
};

} // namespace
