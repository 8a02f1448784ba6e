//===- DecomposeUtils.cpp - shared pieces of the decompositions ----------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "DecomposeUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::detect;

void mlir::detect::decompose::inheritStrategy(Operation *framework,
                                              Operation *core) {
  if (Attribute strategy = framework->getAttr("detect.strategy"))
    core->setAttr("detect.strategy", strategy);
}

Value mlir::detect::decompose::minusOnes(OpBuilder &b, Location loc,
                                         RankedTensorType type) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  // Nothing to fill (and a fill of no elements trips the EmitC route).
  if (type.getNumElements() == 0)
    return empty;
  Value minusOne =
      arith::ConstantOp::create(b, loc, type.getElementType(),
                                b.getIntegerAttr(type.getElementType(), -1));
  return linalg::FillOp::create(b, loc, ValueRange{minusOne}, ValueRange{empty})
      .getResult(0);
}

Value mlir::detect::decompose::copyRow(OpBuilder &b, Location loc,
                                       RankedTensorType type, Value source,
                                       ArrayRef<Value> prefix) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(
          tensor::DimOp::create(b, loc, source, prefix.size() + d));
  return tensor::GenerateOp::create(
      b, loc, type, dynamicSizes,
      [&](OpBuilder &gb, Location gl, ValueRange indices) {
        SmallVector<Value> at(prefix);
        at.append(indices.begin(), indices.end());
        Value v = tensor::ExtractOp::create(gb, gl, source, at);
        tensor::YieldOp::create(gb, gl, v);
      });
}

Value mlir::detect::decompose::filled(OpBuilder &b, Location loc,
                                      RankedTensorType type, TypedAttr value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value v = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, ValueRange{v}, ValueRange{empty})
      .getResult(0);
}

NmsOp mlir::detect::decompose::createNms(OpBuilder &b, Location loc,
                                         Operation *framework,
                                         RankedTensorType indicesType,
                                         Value boxes, Value scores,
                                         const NmsSpec &spec) {
  MLIRContext *ctx = b.getContext();
  auto nms =
      NmsOp::create(b, loc, indicesType, indicesType.getElementType(), boxes,
                    scores, spec.validCount, spec.iouValue, spec.scoreValue,
                    spec.maxOutputValue, spec.iou, spec.score, spec.maxOutput,
                    ComparisonAttr::get(ctx, spec.iouCompare),
                    ComparisonAttr::get(ctx, spec.scoreCompare),
                    BoxLayoutAttr::get(ctx, spec.layout),
                    spec.normalizeCorners ? b.getUnitAttr() : UnitAttr(),
                    DegenerateRuleAttr::get(ctx, spec.degenerate),
                    /*max_candidates=*/IntegerAttr(), /*eta=*/FloatAttr(),
                    SoftNmsOverlapAttr());
  inheritStrategy(framework, nms);
  return nms;
}
