//===- AddCIncludes.cpp - headers for the EmitC output --------------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/EmitC/Passes.h"

#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTADDCINCLUDES
#include "detect/Backend/EmitC/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

struct DetectAddCIncludesPass
    : mlir::detect::impl::DetectAddCIncludesBase<DetectAddCIncludesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::StringSet<> present;
    for (auto include : module.getOps<emitc::IncludeOp>())
      present.insert(include.getInclude());
    // libm is needed when a function is declared but not defined here
    // (convert-math-to-libm declares expf, atanf, ...); string.h when a
    // memref copy became memcpy.
    bool usesLibm = false, usesString = false;
    module.walk([&](Operation *op) {
      // A function without a body is a libm declaration (expf, atanf, ...).
      // math.h also defines INFINITY and NAN, which the C emitter prints
      // for non-finite float constants (an infinite score threshold).
      for (NamedAttribute attr : op->getAttrs())
        if (auto value = dyn_cast<FloatAttr>(attr.getValue()))
          usesLibm |= !value.getValue().isFinite();
      if (auto func = dyn_cast<FunctionOpInterface>(op))
        usesLibm |= func.isExternal();
      else if (auto call = dyn_cast<emitc::CallOpaqueOp>(op)) {
        StringRef callee = call.getCallee();
        if (callee == "memcpy" || callee == "memset" || callee == "memmove")
          usesString = true;
        else if (callee != "sizeof")
          usesLibm = true;
      }
    });
    SmallVector<StringRef> headers = {"stdint.h", "stdbool.h", "stddef.h"};
    if (usesLibm)
      headers.push_back("math.h");
    if (usesString)
      headers.push_back("string.h");
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    for (StringRef header : headers)
      if (!present.contains(header))
        emitc::IncludeOp::create(b, module.getLoc(), header,
                                 /*is_standard_include=*/true);
  }
};

} // namespace
