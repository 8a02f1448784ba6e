//===- BitcastToEmitC.cpp - scalar bit casts as memcpy for C --------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Backend/EmitC/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/EmitC/IR/EmitC.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTBITCASTTOEMITC
#include "detect/Backend/EmitC/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

/// `result = bitcast(source)` as `T result; memcpy(&result, &source,
/// sizeof result);`, with the source copied into a variable of its own so
/// that it has an address.
struct BitcastAsMemcpy : OpRewritePattern<arith::BitcastOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::BitcastOp op,
                                PatternRewriter &rewriter) const override {
    Type from = op.getIn().getType(), to = op.getType();
    if (!from.isIntOrFloat() || !to.isIntOrFloat() ||
        to.getIntOrFloatBitWidth() % 8 != 0)
      return rewriter.notifyMatchFailure(op, "only scalars of whole bytes");
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    auto variable = [&](Type type) {
      return emitc::VariableOp::create(rewriter, loc,
                                       emitc::LValueType::get(type),
                                       emitc::OpaqueAttr::get(ctx, ""))
          .getResult();
    };
    Value source = variable(from);
    emitc::AssignOp::create(rewriter, loc, source, op.getIn());
    Value result = variable(to);
    auto addressOf = [&](Value lvalue, Type type) {
      return emitc::AddressOfOp::create(rewriter, loc,
                                        emitc::PointerType::get(type), lvalue)
          .getResult();
    };
    Value size = emitc::LiteralOp::create(
        rewriter, loc, emitc::SizeTType::get(ctx),
        std::to_string(to.getIntOrFloatBitWidth() / 8));
    emitc::CallOpaqueOp::create(
        rewriter, loc, TypeRange{}, "memcpy",
        ValueRange{addressOf(result, to), addressOf(source, from), size});
    rewriter.replaceOpWithNewOp<emitc::LoadOp>(op, to, result);
    return success();
  }
};

struct DetectBitcastToEmitCPass
    : mlir::detect::impl::DetectBitcastToEmitCBase<DetectBitcastToEmitCPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<BitcastAsMemcpy>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
