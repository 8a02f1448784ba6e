//===- DropUnreadCVariables.cpp - no unused variables in the C -----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/EmitC/Passes.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTDROPUNREADCVARIABLES
#include "detect/Backend/EmitC/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

struct DetectDropUnreadCVariablesPass
    : mlir::detect::impl::DetectDropUnreadCVariablesBase<
          DetectDropUnreadCVariablesPass> {
  void runOnOperation() override {
    // A load whose value nobody uses reads nothing.
    getOperation().walk([](emitc::LoadOp load) {
      if (load->use_empty())
        load->erase();
    });
    SmallVector<emitc::VariableOp> unread;
    getOperation().walk([&](emitc::VariableOp variable) {
      bool onlyAssigned =
          llvm::all_of(variable->getUses(), [&](OpOperand &use) {
            auto assign = dyn_cast<emitc::AssignOp>(use.getOwner());
            return assign && assign.getVar() == variable.getResult();
          });
      if (onlyAssigned)
        unread.push_back(variable);
    });
    for (emitc::VariableOp variable : unread) {
      for (Operation *user : llvm::make_early_inc_range(variable->getUsers()))
        user->erase();
      variable->erase();
    }
    // A parameter nobody reads (an input without elements, an input a
    // function ignores) is cast to void: C compilers warn "unused
    // parameter" under -Wextra.
    getOperation().walk([](emitc::FuncOp func) {
      if (func.isExternal())
        return;
      OpBuilder b = OpBuilder::atBlockBegin(&func.getBody().front());
      for (BlockArgument arg : func.getArguments())
        if (arg.use_empty())
          emitc::VerbatimOp::create(
              b, func.getLoc(), b.getStringAttr("(void){};"), ValueRange{arg});
    });
  }
};

} // namespace
