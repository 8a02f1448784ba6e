//===- PrepareCAbi.cpp - results as out-pointers, no unwinding ------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/CAbi/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTPREPARECABI
#include "detect/Backend/CAbi/Passes.h.inc"
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
      bool changed = false;
      // A tensor without elements of rank >= 2 has no strides the bare
      // pointer convention can describe (LLVM and EmitC refuse the
      // function). It holds no data: it is passed as a pointer to zero
      // elements (tensor<0xT>), read as an empty tensor of its shape, and
      // returned as one.
      auto flatEmpty = [](Type t) -> RankedTensorType {
        auto tensor = dyn_cast<RankedTensorType>(t);
        if (!tensor || tensor.getRank() < 2 || !tensor.hasStaticShape() ||
            tensor.getNumElements() != 0)
          return {};
        return RankedTensorType::get({0}, tensor.getElementType());
      };
      SmallVector<Type> inputs(type.getInputs());
      for (auto [i, input] : llvm::enumerate(type.getInputs())) {
        RankedTensorType flat = flatEmpty(input);
        if (!flat)
          continue;
        BlockArgument arg = func.getArgument(i);
        OpBuilder b = OpBuilder::atBlockBegin(&func.front());
        auto shape = cast<RankedTensorType>(input);
        Value empty = tensor::EmptyOp::create(b, arg.getLoc(), shape.getShape(),
                                              shape.getElementType());
        arg.replaceAllUsesWith(empty);
        arg.setType(flat);
        inputs[i] = flat;
        changed = true;
      }
      SmallVector<Type> results;
      for (Type result : type.getResults()) {
        if (result.isIntOrIndexOrFloat()) {
          results.push_back(RankedTensorType::get({1}, result));
          changed = true;
        } else if (RankedTensorType flat = flatEmpty(result)) {
          results.push_back(flat);
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
          else if (RankedTensorType flat = flatEmpty(v.getType()))
            v = tensor::EmptyOp::create(b, ret.getLoc(), flat.getShape(),
                                        flat.getElementType());
          if (repeated)
            if (auto type = dyn_cast<RankedTensorType>(v.getType()))
              v = bufferization::AllocTensorOp::create(b, ret.getLoc(), type,
                                                       ValueRange{}, v);
          operands.push_back(v);
        }
        ret->setOperands(operands);
      });
      if (changed)
        func.setType(FunctionType::get(&getContext(), inputs, results));
    }
  }
};

} // namespace
