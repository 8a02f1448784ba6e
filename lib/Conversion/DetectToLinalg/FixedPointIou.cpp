//===- FixedPointIou.cpp - detect.iou in integer arithmetic ---------------===//
//
// Part of detect-mlir. The "fixed-point" strategy of detect.iou, for cores
// without an FPU, where every float operation is a library call. A box whose
// corners are integers in [-1024, 1024] is "exact" (Utils/FixedPoint.h):
// for a pair of exact boxes, every intermediate of the float formula is an
// integer that f32 represents exactly, so computing them in i32 gives the
// same numbers; the one division is then the float path's division of the
// same two floats. The result is bit-identical to the reference lowering
// for every input; pairs with a box that is not exact take the reference
// formula.
//
// Per box (N + M times): corners in float (BoxMath), their integer values,
// whether they are exact, both areas. Per pair (N * M times): integer min,
// max, multiply, two conversions and the division, or the float formula.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/Strategies.h"
#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Conversion/Utils/FixedPoint.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <mutex>

using namespace mlir;
using namespace mlir::detect;

namespace {

/// The per-box values of one operand, each a tensor<N x ...>.
struct BoxTable {
  Value x1, y1, x2, y2; // i32 corners (meaningful when exact)
  Value area;           // i32
  Value exact;          // i1
  Value floatArea;      // the reference lowering's area
};

AffineMap columnMap(MLIRContext *ctx, unsigned numDims, unsigned rowDim,
                    int64_t column) {
  return AffineMap::get(
      numDims, 0,
      {getAffineDimExpr(rowDim, ctx), getAffineConstantExpr(column, ctx)}, ctx);
}

/// Corners of the box whose four coordinates are `args[first..first+3]`,
/// as the reference lowering computes them.
Corners cornersOf(BoxMath &m, BoxLayout layout, bool normalize, ValueRange args,
                  unsigned first) {
  Corners c = m.toCorners(
      layout, {args[first], args[first + 1], args[first + 2], args[first + 3]});
  return normalize ? m.normalize(c) : c;
}

BoxTable buildBoxTable(PatternRewriter &rewriter, Location loc, Value boxes,
                       BoxLayout layout, bool normalize) {
  MLIRContext *ctx = rewriter.getContext();
  auto boxesType = cast<RankedTensorType>(boxes.getType());
  auto floatType = cast<FloatType>(boxesType.getElementType());
  int64_t n = boxesType.getDimSize(0);
  Type i32 = rewriter.getI32Type(), i1 = rewriter.getI1Type();
  SmallVector<Type> resultTypes(5, RankedTensorType::get({n}, i32));
  resultTypes.push_back(RankedTensorType::get({n}, i1));
  resultTypes.push_back(RankedTensorType::get({n}, floatType));
  SmallVector<Value> inputs, inits;
  SmallVector<AffineMap> maps;
  for (int64_t column = 0; column < 4; ++column) {
    inputs.push_back(boxes);
    maps.push_back(columnMap(ctx, 1, 0, column));
  }
  for (Type type : resultTypes) {
    auto tensorType = cast<RankedTensorType>(type);
    inits.push_back(tensor::EmptyOp::create(
        rewriter, loc, tensorType.getShape(), tensorType.getElementType()));
    maps.push_back(AffineMap::getMultiDimIdentityMap(1, ctx));
  }
  auto generic = linalg::GenericOp::create(
      rewriter, loc, resultTypes, inputs, inits, maps,
      {utils::IteratorType::parallel},
      [&](OpBuilder &b, Location l, ValueRange args) {
        BoxMath m(b, l, floatType);
        Corners c = cornersOf(m, layout, normalize, args, 0);
        Value exact;
        SmallVector<Value> integers;
        for (Value v : {c.x1, c.y1, c.x2, c.y2}) {
          ExactInteger i = buildExactInteger(b, l, v);
          exact = exact ? arith::AndIOp::create(b, l, exact, i.exact) : i.exact;
          integers.push_back(i.value);
        }
        Value w = arith::SubIOp::create(b, l, integers[2], integers[0]);
        Value h = arith::SubIOp::create(b, l, integers[3], integers[1]);
        Value area = arith::MulIOp::create(b, l, w, h);
        linalg::YieldOp::create(b, l,
                                ValueRange{integers[0], integers[1],
                                           integers[2], integers[3], area,
                                           exact, m.cornerArea(c)});
      });
  ValueRange r = generic.getResults();
  return {r[0], r[1], r[2], r[3], r[4], r[5], r[6]};
}

struct FixedPointIouLowering : OpRewritePattern<IouOp> {
  FixedPointIouLowering(MLIRContext *ctx, StrategySelection selection,
                        PatternBenefit benefit)
      : OpRewritePattern(ctx, benefit), selection(std::move(selection)) {}

  LogicalResult matchAndRewrite(IouOp op,
                                PatternRewriter &rewriter) const override {
    if (!selection.selects(op))
      return rewriter.notifyMatchFailure(op, "another strategy is selected");
    // The forms below take the reference lowering.
    if (op.getKind() != IouKind::iou)
      return rewriter.notifyMatchFailure(op, "only kind(iou)");
    if (op.getLhsValidCount() || op.getRhsValidCount())
      return rewriter.notifyMatchFailure(op, "valid counts");
    if (!op.getType().hasStaticShape() ||
        !op.getType().getElementType().isF32())
      return rewriter.notifyMatchFailure(op, "only static f32");

    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    BoxLayout layout = op.getLayout();
    bool normalize = op.getNormalizeCorners();
    DegenerateRule rule = op.getDegenerate();
    double eps = op.getEps().convertToDouble();
    auto floatType = cast<FloatType>(op.getType().getElementType());
    BoxTable lhs = buildBoxTable(rewriter, loc, op.getLhs(), layout, normalize);
    BoxTable rhs = buildBoxTable(rewriter, loc, op.getRhs(), layout, normalize);

    // Inputs: the float boxes (8 coordinates), then for each side its
    // seven table entries.
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (auto [boxes, dim] : {std::pair{op.getLhs(), 0u}, {op.getRhs(), 1u}})
      for (int64_t column = 0; column < 4; ++column) {
        inputs.push_back(boxes);
        maps.push_back(columnMap(ctx, 2, dim, column));
      }
    for (auto [table, dim] : {std::pair{lhs, 0u}, {rhs, 1u}})
      for (Value v : {table.x1, table.y1, table.x2, table.y2, table.area,
                      table.exact, table.floatArea}) {
        inputs.push_back(v);
        maps.push_back(AffineMap::get(2, 0, {getAffineDimExpr(dim, ctx)}, ctx));
      }
    maps.push_back(AffineMap::getMultiDimIdentityMap(2, ctx));
    Value init = tensor::EmptyOp::create(rewriter, loc, op.getType().getShape(),
                                         floatType);

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{op.getType()}, inputs, ValueRange{init}, maps,
        {utils::IteratorType::parallel, utils::IteratorType::parallel},
        [&](OpBuilder &b, Location l, ValueRange args) {
          ValueRange a = args.slice(8, 7), c = args.slice(15, 7);
          Value bothExact = arith::AndIOp::create(b, l, a[5], c[5]);
          auto branch = scf::IfOp::create(
              b, l, bothExact,
              [&](OpBuilder &ib, Location il) {
                scf::YieldOp::create(ib, il,
                                     buildIntegerIou(ib, il, floatType, rule,
                                                     a.take_front(4), a[4],
                                                     c.take_front(4), c[4]));
              },
              [&](OpBuilder &fb, Location fl) {
                BoxMath m(fb, fl, floatType);
                Corners p = cornersOf(m, layout, normalize, args, 0);
                Corners q = cornersOf(m, layout, normalize, args, 4);
                scf::YieldOp::create(fb, fl,
                                     m.overlap(IouKind::iou, rule, p, a[6], q,
                                               c[6], m.constant(eps)));
              });
          linalg::YieldOp::create(b, l, branch.getResult(0));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

private:
  StrategySelection selection;
};

} // namespace

void mlir::detect::populateFixedPointIouPatterns(
    RewritePatternSet &patterns, const StrategySelection &selection,
    PatternBenefit benefit) {
  patterns.add<FixedPointIouLowering>(patterns.getContext(), selection,
                                      benefit);
}

void mlir::detect::registerIouLoweringStrategies() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerLoweringStrategy(
        {"detect.iou", "float",
         "the reference lowering: the IEEE float operations of torchvision, "
         "in its order",
         1, nullptr});
    registerLoweringStrategy(
        {"detect.iou", "fixed-point",
         "kind(iou) in i32 for pairs of boxes whose corners are integers in "
         "[-1024, 1024], the float formula for the others; bit-identical to "
         "float, fewer instructions on cores without an FPU",
         2, populateFixedPointIouPatterns});
  });
}
