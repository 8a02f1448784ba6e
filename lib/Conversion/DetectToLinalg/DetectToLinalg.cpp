//===- DetectToLinalg.cpp - data-parallel detect ops to linalg ------------===//
//
// Part of detect-mlir. Each data-parallel detect op becomes one
// linalg.generic (two more for the area vectors of detect.iou) whose body is
// built by BoxMath, so upstream fusion, tiling and vectorisation apply.
//
//===----------------------------------------------------------------------===//

#include "detect/Conversion/DetectToLinalg/DetectToLinalg.h"
#include "detect/Conversion/Passes.h"
#include "detect/Conversion/Strategies.h"
#include "detect/Conversion/Utils/BoxArithmetic.h"
#include "detect/Conversion/Utils/ConversionDriver.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::detect {
#define GEN_PASS_DEF_CONVERTDETECTTOLINALG
#include "detect/Conversion/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;
using namespace mlir::detect;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A tensor.empty of `type` whose dynamic sizes are read from `sources`:
/// dimension i of the result has the size of dimension sources[i].second of
/// sources[i].first.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<std::pair<Value, int64_t>> sources) {
  SmallVector<Value> dynamicSizes;
  for (auto [dim, size] : llvm::enumerate(type.getShape()))
    if (ShapedType::isDynamic(size))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, sources[dim].first,
                                                   sources[dim].second));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamicSizes);
}

/// Maps reading coordinate `column` of the row given by iteration dimension
/// `rowDim`, in an iteration space of `numDims` dimensions.
AffineMap columnMap(MLIRContext *ctx, unsigned numDims, unsigned rowDim,
                    int64_t column) {
  return AffineMap::get(
      numDims, 0,
      {getAffineDimExpr(rowDim, ctx), getAffineConstantExpr(column, ctx)}, ctx);
}

/// Appends `boxes` four times (one per coordinate) to `inputs` and the
/// matching maps to `maps`.
void addBoxInputs(Value boxes, unsigned numDims, unsigned rowDim,
                  SmallVectorImpl<Value> &inputs,
                  SmallVectorImpl<AffineMap> &maps) {
  MLIRContext *ctx = boxes.getContext();
  for (int64_t column = 0; column < 4; ++column) {
    inputs.push_back(boxes);
    maps.push_back(columnMap(ctx, numDims, rowDim, column));
  }
}

BoxCoords takeBox(ValueRange args, unsigned first) {
  return {args[first], args[first + 1], args[first + 2], args[first + 3]};
}

/// The coordinate of `box` selected by iteration dimension `dim`; after the
/// 4-iteration loop is unrolled, the selects fold away.
Value selectCoordinate(OpBuilder &b, Location loc, BoxMath &math,
                       const BoxCoords &box, unsigned dim) {
  Value column = linalg::IndexOp::create(b, loc, dim);
  Value result = box[3];
  for (int64_t k = 2; k >= 0; --k) {
    Value isK =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, column,
                              arith::ConstantIndexOp::create(b, loc, k));
    result = math.select(isK, box[k], result);
  }
  return result;
}

/// `value` where `index(dim) < count`, else 0 (no-op without a count). The
/// comparison is made in the count's own type: narrowing an i64 count to a
/// 32-bit index first would turn 2^32 into 0.
Value maskPastCount(OpBuilder &b, Location loc, BoxMath &math, Value value,
                    Value count, unsigned dim) {
  if (!count)
    return value;
  Value row = linalg::IndexOp::create(b, loc, dim);
  if (!count.getType().isIndex())
    row = arith::IndexCastOp::create(b, loc, count.getType(), row);
  Value valid =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, row, count);
  return math.select(valid, value, math.constant(0.0));
}

SmallVector<utils::IteratorType> parallel(unsigned n) {
  return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
}

/// A linalg.generic of `rank` parallel dimensions into `init` (the result
/// map: the identity) whose body yields `body(math, args)`.
template <typename Body>
Value buildParallelGeneric(PatternRewriter &rewriter, Location loc,
                           RankedTensorType resultType, ValueRange inputs,
                           SmallVector<AffineMap> maps, Value init,
                           unsigned rank, Body body) {
  maps.push_back(
      AffineMap::getMultiDimIdentityMap(rank, rewriter.getContext()));
  auto elementType = cast<FloatType>(resultType.getElementType());
  auto generic = linalg::GenericOp::create(
      rewriter, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
      parallel(rank), [&](OpBuilder &b, Location nested, ValueRange args) {
        BoxMath math(b, nested, elementType);
        linalg::YieldOp::create(b, nested, body(math, args));
      });
  return generic.getResult(0);
}

/// A linalg.generic over (row, coordinate) of a [N, 4] result whose
/// coordinate value is computed from the inputs by `computeBox`.
template <typename ComputeBox>
Value buildBoxGeneric(PatternRewriter &rewriter, Location loc,
                      RankedTensorType resultType, Value shapeSource,
                      SmallVector<Value> inputs, SmallVector<AffineMap> maps,
                      Value count, ComputeBox computeBox) {
  Value init = emptyTensor(rewriter, loc, resultType,
                           {{shapeSource, 0}, {shapeSource, 1}});
  return buildParallelGeneric(
      rewriter, loc, resultType, inputs, std::move(maps), init, 2,
      [&](BoxMath &math, ValueRange args) {
        OpBuilder &b = math.getBuilder();
        BoxCoords box = computeBox(math, args);
        Value value = selectCoordinate(b, math.getLoc(), math, box, 1);
        return maskPastCount(b, math.getLoc(), math, value, count, 0);
      });
}

/// A linalg.generic over the rows of `boxes` giving one value per box,
/// computed from the box's four numbers by `computeRow`, and 0 past `count`.
template <typename ComputeRow>
Value buildRowGeneric(PatternRewriter &rewriter, Location loc,
                      RankedTensorType resultType, Value boxes, Value count,
                      ComputeRow computeRow) {
  Value init = emptyTensor(rewriter, loc, resultType, {{boxes, 0}});
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  addBoxInputs(boxes, 1, 0, inputs, maps);
  return buildParallelGeneric(
      rewriter, loc, resultType, inputs, std::move(maps), init, 1,
      [&](BoxMath &math, ValueRange args) {
        Value value = computeRow(math, takeBox(args, 0));
        return maskPastCount(math.getBuilder(), math.getLoc(), math, value,
                             count, 0);
      });
}

/// A [N] vector of corner areas (the areas NMS and IoU divide by).
Value buildCornerAreas(PatternRewriter &rewriter, Location loc, Value boxes,
                       BoxLayout layout, bool normalizeCorners) {
  auto boxesType = cast<RankedTensorType>(boxes.getType());
  auto areaType = RankedTensorType::get({boxesType.getDimSize(0)},
                                        boxesType.getElementType());
  return buildRowGeneric(rewriter, loc, areaType, boxes, Value(),
                         [&](BoxMath &math, BoxCoords box) {
                           Corners c = math.toCorners(layout, box);
                           return math.cornerArea(
                               normalizeCorners ? math.normalize(c) : c);
                         });
}

/// Replaces `op` by the linalg.generic of buildBoxGeneric over the rows of
/// `tables` (four inputs each, the first giving the shape), and returns
/// success.
template <typename ComputeBox>
LogicalResult replaceByBoxGeneric(PatternRewriter &rewriter, Operation *op,
                                  RankedTensorType resultType,
                                  ArrayRef<Value> tables, Value count,
                                  ComputeBox computeBox) {
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (Value table : tables)
    addBoxInputs(table, 2, 0, inputs, maps);
  rewriter.replaceOp(op, buildBoxGeneric(rewriter, op->getLoc(), resultType,
                                         tables.front(), inputs, maps, count,
                                         computeBox));
  return success();
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

struct BoxConvertOpLowering : OpRewritePattern<BoxConvertOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BoxConvertOp op,
                                PatternRewriter &rewriter) const override {
    BoxLayout from = op.getFrom(), to = op.getTo();
    return replaceByBoxGeneric(
        rewriter, op, op.getType(), {op.getBoxes()}, op.getValidCount(),
        [&](BoxMath &math, ValueRange args) {
          return math.convert(from, to, takeBox(args, 0));
        });
  }
};

struct BoxAreaOpLowering : OpRewritePattern<BoxAreaOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BoxAreaOp op,
                                PatternRewriter &rewriter) const override {
    BoxLayout layout = op.getLayout();
    bool normalize = op.getNormalizeCorners();
    rewriter.replaceOp(op, buildRowGeneric(rewriter, op.getLoc(), op.getType(),
                                           op.getBoxes(), op.getValidCount(),
                                           [&](BoxMath &math, BoxCoords box) {
                                             return math.area(layout, box,
                                                              normalize);
                                           }));
    return success();
  }
};

struct ClipBoxesOpLowering : OpRewritePattern<ClipBoxesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ClipBoxesOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto elementType = cast<FloatType>(op.getType().getElementType());
    // The image size, as the element type (an attribute rounds to nearest,
    // as torch.clamp converts its Python bound).
    auto sizeValue = [&](FloatAttr attr, Value value) -> Value {
      if (value)
        return value;
      return arith::ConstantOp::create(
          rewriter, loc, elementType,
          rewriter.getFloatAttr(elementType, attr.getValueAsDouble()));
    };
    Value height = sizeValue(op.getHeightAttr(), op.getHeightValue());
    Value width = sizeValue(op.getWidthAttr(), op.getWidthValue());
    BoxLayout layout = op.getLayout();
    return replaceByBoxGeneric(
        rewriter, op, op.getType(), {op.getBoxes()}, op.getValidCount(),
        [&](BoxMath &math, ValueRange args) {
          Corners c = math.toCorners(layout, takeBox(args, 0));
          Value zero = math.constant(0.0);
          // torch.clamp(min=0, max=limit) is min(max(v, 0), limit).
          auto clamp = [&](Value v, Value limit) {
            return math.min(math.max(v, zero), limit);
          };
          Corners clipped{clamp(c.x1, width), clamp(c.y1, height),
                          clamp(c.x2, width), clamp(c.y2, height)};
          return math.fromCorners(layout, clipped);
        });
  }
};

struct DecodeBoxesOpLowering : OpRewritePattern<DecodeBoxesOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DecodeBoxesOp op,
                                PatternRewriter &rewriter) const override {
    DecodeRule rule = DecodeRule::of(op);
    return replaceByBoxGeneric(
        rewriter, op, op.getType(), {op.getEncodings(), op.getAnchors()},
        op.getValidCount(), [&](BoxMath &m, ValueRange args) {
          // Encodings (ty, tx, th, tw); anchors (ycenter, xcenter, h, w).
          return m.decode(rule, takeBox(args, 0), takeBox(args, 4));
        });
  }
};

struct IouOpLowering : OpRewritePattern<IouOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(IouOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    BoxLayout layout = op.getLayout();
    bool normalize = op.getNormalizeCorners();
    // Areas once per box, as torchvision's box_iou.
    Value lhsAreas =
        buildCornerAreas(rewriter, loc, op.getLhs(), layout, normalize);
    Value rhsAreas =
        buildCornerAreas(rewriter, loc, op.getRhs(), layout, normalize);
    Value lhsCount = op.getLhsValidCount();
    Value rhsCount = op.getRhsValidCount();

    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    addBoxInputs(op.getLhs(), 2, 0, inputs, maps);
    addBoxInputs(op.getRhs(), 2, 1, inputs, maps);
    inputs.append({lhsAreas, rhsAreas});
    maps.push_back(AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx));
    maps.push_back(AffineMap::get(2, 0, {getAffineDimExpr(1, ctx)}, ctx));
    maps.push_back(AffineMap::getMultiDimIdentityMap(2, ctx));
    Value init = emptyTensor(rewriter, loc, op.getType(),
                             {{op.getLhs(), 0}, {op.getRhs(), 0}});
    auto elementType = cast<FloatType>(op.getType().getElementType());
    IouKind kind = op.getKind();
    DegenerateRule rule = op.getDegenerate();
    double eps = op.getEps().convertToDouble();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{op.getType()}, inputs, ValueRange{init}, maps,
        parallel(2), [&](OpBuilder &b, Location nested, ValueRange args) {
          BoxMath m(b, nested, elementType);
          Corners a = m.toCorners(layout, takeBox(args, 0));
          Corners c = m.toCorners(layout, takeBox(args, 4));
          if (normalize) {
            a = m.normalize(a);
            c = m.normalize(c);
          }
          Value value =
              m.overlap(kind, rule, a, args[8], c, args[9], m.constant(eps));
          value = maskPastCount(b, nested, m, value, lhsCount, 0);
          value = maskPastCount(b, nested, m, value, rhsCount, 1);
          linalg::YieldOp::create(b, nested, value);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Decoded boxes that are only read element by element (the rows NMS kept,
/// after NMS was lowered with decode-on-read) are decoded where they are
/// read: the [N, 4] table is never stored. The same `BoxMath::decode`, so the
/// same bits as the table.
struct DecodeOnlyReadRows : OpRewritePattern<DecodeBoxesOp> {
  DecodeOnlyReadRows(MLIRContext *ctx) : OpRewritePattern(ctx, /*benefit=*/2) {}
  LogicalResult matchAndRewrite(DecodeBoxesOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getValidCount() || op->use_empty())
      return failure();
    for (Operation *user : op->getUsers())
      if (!isa<tensor::ExtractOp, tensor::DimOp>(user))
        return failure();
    DecodeRule rule = DecodeRule::of(op);
    auto type = cast<FloatType>(op.getType().getElementType());
    for (Operation *user : llvm::make_early_inc_range(op->getUsers())) {
      rewriter.setInsertionPoint(user);
      Location loc = user->getLoc();
      if (auto dim = dyn_cast<tensor::DimOp>(user)) {
        rewriter.replaceOpWithNewOp<tensor::DimOp>(dim, op.getEncodings(),
                                                   dim.getIndex());
        continue;
      }
      auto extract = cast<tensor::ExtractOp>(user);
      Value row = extract.getIndices()[0];
      auto readRow = [&](Value table) -> BoxCoords {
        BoxCoords v;
        for (int64_t k = 0; k < 4; ++k)
          v[k] = tensor::ExtractOp::create(
              rewriter, loc, table,
              ValueRange{row,
                         arith::ConstantIndexOp::create(rewriter, loc, k)});
        return v;
      };
      BoxMath m(rewriter, loc, type);
      BoxCoords box =
          m.decode(rule, readRow(op.getEncodings()), readRow(op.getAnchors()));
      // The column: a constant in practice; otherwise a select chain.
      Value column = extract.getIndices()[1];
      Value value = box[3];
      if (std::optional<int64_t> k = getConstantIntValue(column)) {
        value = box[std::clamp<int64_t>(*k, 0, 3)];
      } else {
        for (int64_t k = 2; k >= 0; --k) {
          Value isK = arith::CmpIOp::create(
              rewriter, loc, arith::CmpIPredicate::eq, column,
              arith::ConstantIndexOp::create(rewriter, loc, k));
          value = arith::SelectOp::create(rewriter, loc, isK, box[k], value);
        }
      }
      rewriter.replaceOp(extract, value);
    }
    rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

struct ConvertDetectToLinalgPass
    : mlir::detect::impl::ConvertDetectToLinalgBase<ConvertDetectToLinalgPass> {
  using Base::Base;
  // The strategies are registered with the passes
  // (registerBuiltinLoweringStrategies), before any pass runs.
  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    lowerOnly<BoxConvertOp, BoxAreaOp, ClipBoxesOp, DecodeBoxesOp, IouOp>(
        target);
    if (failed(applyStrategyLowering(
            getOperation(), target, IouOp::getOperationName(), iouStrategy,
            /*indexBitwidth=*/64, populateDetectToLinalgPatterns)))
      signalPassFailure();
  }
};

} // namespace

void mlir::detect::populateDetectToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<BoxConvertOpLowering, BoxAreaOpLowering, ClipBoxesOpLowering,
               DecodeBoxesOpLowering, DecodeOnlyReadRows, IouOpLowering>(
      patterns.getContext());
}
