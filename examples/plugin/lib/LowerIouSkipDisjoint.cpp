//===- LowerIouSkipDisjoint.cpp - detect.iou without needless divisions ---===//
//
// Part of detect-mlir's example plugin (docs/Extending.md, step 3). The
// pattern builds the same linalg.generic as the built-in IoU lowering, with
// one difference in the body: disjoint pairs yield 0 before the division.
// The box formulas come from the installed BoxMath (libDetectMLIR), so the
// plugin's arithmetic is the built-in arithmetic.
//
//===----------------------------------------------------------------------===//

#include "DisjointIou/Dialect.h"
#include "DisjointIou/Passes.h"

#include "detect/Conversion/Strategies.h"
#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <optional>

namespace disjoint_iou {
#define GEN_PASS_DEF_LOWERIOUSKIPDISJOINT
#include "DisjointIou/Passes.h.inc"
} // namespace disjoint_iou

using namespace mlir;
using namespace mlir::detect;

namespace {

/// Reads the four coordinates of the row given by iteration dimension
/// `rowDim` of `boxes`: four inputs, four maps.
void addBoxInputs(Value boxes, unsigned numDims, unsigned rowDim,
                  SmallVectorImpl<Value> &inputs,
                  SmallVectorImpl<AffineMap> &maps) {
  MLIRContext *ctx = boxes.getContext();
  for (int64_t column = 0; column < 4; ++column) {
    inputs.push_back(boxes);
    maps.push_back(AffineMap::get(
        numDims, 0,
        {getAffineDimExpr(rowDim, ctx), getAffineConstantExpr(column, ctx)},
        ctx));
  }
}

Corners cornersOf(BoxMath &m, BoxLayout layout, ValueRange args, unsigned first,
                  bool normalize) {
  Corners c = m.toCorners(
      layout, {args[first], args[first + 1], args[first + 2], args[first + 3]});
  return normalize ? m.normalize(c) : c;
}

/// The area of every box, once (as the built-in lowering computes them).
Value buildAreas(PatternRewriter &rewriter, Location loc, Value boxes,
                 BoxLayout layout, bool normalize) {
  auto boxesType = cast<RankedTensorType>(boxes.getType());
  auto elementType = cast<FloatType>(boxesType.getElementType());
  auto areaType = RankedTensorType::get({boxesType.getDimSize(0)}, elementType);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  addBoxInputs(boxes, 1, 0, inputs, maps);
  maps.push_back(AffineMap::getMultiDimIdentityMap(1, rewriter.getContext()));
  Value init =
      tensor::EmptyOp::create(rewriter, loc, areaType.getShape(), elementType);
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{areaType}, inputs, ValueRange{init}, maps,
      {utils::IteratorType::parallel},
      [&](OpBuilder &b, Location nested, ValueRange args) {
        BoxMath m(b, nested, elementType);
        linalg::YieldOp::create(
            b, nested, m.cornerArea(cornersOf(m, layout, args, 0, normalize)));
      });
  return generic.getResult(0);
}

struct IouSkipDisjoint : OpRewritePattern<IouOp> {
  /// As a pass: every op. As a strategy: the ops that select it.
  IouSkipDisjoint(MLIRContext *ctx,
                  std::optional<StrategySelection> selection = std::nullopt,
                  PatternBenefit benefit = 1)
      : OpRewritePattern(ctx, benefit), selection(std::move(selection)) {}

  LogicalResult matchAndRewrite(IouOp op,
                                PatternRewriter &rewriter) const override {
    if (selection && !selection->selects(op))
      return rewriter.notifyMatchFailure(op, "another strategy is selected");
    if (op.getKind() != IouKind::iou)
      return rewriter.notifyMatchFailure(op, "only kind(iou)");
    if (op.getLhsValidCount() || op.getRhsValidCount())
      return rewriter.notifyMatchFailure(op, "valid counts");
    if (!op.getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shape");

    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    BoxLayout layout = op.getLayout();
    bool normalize = op.getNormalizeCorners();
    DegenerateRule rule = op.getDegenerate();
    double eps = op.getEps().convertToDouble();
    auto elementType = cast<FloatType>(op.getType().getElementType());

    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    addBoxInputs(op.getLhs(), 2, 0, inputs, maps);
    addBoxInputs(op.getRhs(), 2, 1, inputs, maps);
    inputs.push_back(buildAreas(rewriter, loc, op.getLhs(), layout, normalize));
    inputs.push_back(buildAreas(rewriter, loc, op.getRhs(), layout, normalize));
    maps.push_back(AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx));
    maps.push_back(AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx));
    maps.push_back(AffineMap::getMultiDimIdentityMap(2, ctx));
    Value init = tensor::EmptyOp::create(rewriter, loc, op.getType().getShape(),
                                         elementType);

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{op.getType()}, inputs, ValueRange{init}, maps,
        {utils::IteratorType::parallel, utils::IteratorType::parallel},
        [&](OpBuilder &b, Location nested, ValueRange args) {
          BoxMath m(b, nested, elementType);
          Corners p = cornersOf(m, layout, args, 0, normalize);
          Corners q = cornersOf(m, layout, args, 4, normalize);
          Value areaP = args[8], areaQ = args[9];
          // The intersection as torchvision computes it: clamped sides.
          Value zero = m.constant(0.0);
          Value w = m.max(m.sub(m.min(p.x2, q.x2), m.max(p.x1, q.x1)), zero);
          Value h = m.max(m.sub(m.min(p.y2, q.y2), m.max(p.y1, q.y1)), zero);
          Value inter = m.mul(w, h);
          // Ordered comparisons: a NaN takes the full formula.
          Value disjoint = arith::AndIOp::create(
              b, nested, m.cmp(arith::CmpFPredicate::OEQ, inter, zero),
              m.cmp(arith::CmpFPredicate::OGT, m.add(areaP, areaQ), zero));
          auto branch = scf::IfOp::create(
              b, nested, disjoint,
              [&](OpBuilder &then, Location at) {
                scf::YieldOp::create(then, at, zero);
              },
              [&](OpBuilder &otherwise, Location at) {
                BoxMath full(otherwise, at, elementType);
                scf::YieldOp::create(otherwise, at,
                                     full.overlap(IouKind::iou, rule, p, areaP,
                                                  q, areaQ,
                                                  full.constant(eps)));
              });
          linalg::YieldOp::create(b, nested, branch.getResult(0));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

  std::optional<StrategySelection> selection;
};

/// disjoint_iou.iou is detect.iou with its defaults, lowered here.
struct DialectIouToDetect : OpRewritePattern<disjoint_iou::IouOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(disjoint_iou::IouOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<IouOp>(
        op, op.getType(), op.getLhs(), op.getRhs(), /*lhs_valid_count=*/Value(),
        /*rhs_valid_count=*/Value(), IouKind::iou, BoxLayout::xyxy,
        DegenerateRule::ieee, /*normalize_corners=*/false, llvm::APFloat(0.0));
    return success();
  }
};

struct LowerIouSkipDisjointPass
    : disjoint_iou::impl::LowerIouSkipDisjointBase<LowerIouSkipDisjointPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<IouSkipDisjoint, DialectIouToDetect>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void disjoint_iou::populateSkipDisjointStrategy(
    RewritePatternSet &patterns, const StrategySelection &selection,
    PatternBenefit benefit) {
  patterns.add<IouSkipDisjoint>(patterns.getContext(), selection, benefit);
}
