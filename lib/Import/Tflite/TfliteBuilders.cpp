//===- TfliteBuilders.cpp - IR builders the op families share -------------===//
//
// Part of detect-mlir. linalg.generic builders (elementwise with numpy
// broadcasting, index-computing, reductions, row-major reshapes) and
// constants. They duplicate the ONNX importer's; docs/Import.md says how
// the two importers are to share them.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "detect/Import/Tflite.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;

namespace detect {
namespace tflite_import {

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

Value Importer::empty(ArrayRef<int64_t> shape, Type elem) {
  return tensor::EmptyOp::create(b, loc, shape, elem);
}

FailureOr<SmallVector<int64_t>>
Importer::broadcast(ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> s : shapes)
    rank = std::max(rank, s.size());
  SmallVector<int64_t> out(rank, 1);
  for (ArrayRef<int64_t> s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t d = s[i];
      int64_t &o = out[rank - s.size() + i];
      if (d == o || d == 1)
        continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string text;
      for (ArrayRef<int64_t> u : shapes)
        text += (text.empty() ? "" : " and ") + shapeStr(u);
      return fail("shapes " + text + " do not broadcast");
    }
  }
  return out;
}

Value Importer::elementwise(ArrayRef<Value> ins, ArrayRef<int64_t> shape,
                            Type elem, BodyFn body) {
  int64_t rank = shape.size();
  SmallVector<AffineMap> maps;
  for (Value v : ins) {
    auto vt = cast<RankedTensorType>(v.getType());
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < vt.getRank(); ++i) {
      int64_t od = rank - vt.getRank() + i;
      exprs.push_back(vt.getDimSize(i) == 1 && shape[od] != 1
                          ? b.getAffineConstantExpr(0)
                          : b.getAffineDimExpr(od));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, &ctx));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  Value init = empty(shape, elem);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ins, ValueRange{init}, maps, iters,
      [&](OpBuilder &ob, Location l, ValueRange args) {
        SmallVector<Value> in(args.drop_back());
        linalg::YieldOp::create(ob, l, body(ob, l, in));
      });
  return op.getResult(0);
}

Value Importer::indexed(ArrayRef<int64_t> shape, Type elem, BodyFn body) {
  int64_t rank = shape.size();
  Value init = empty(shape, elem);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)}, iters,
      [&](OpBuilder &ob, Location l, ValueRange) {
        SmallVector<Value> ivs;
        for (int64_t i = 0; i < rank; ++i)
          ivs.push_back(linalg::IndexOp::create(ob, l, i));
        linalg::YieldOp::create(ob, l, body(ob, l, ivs));
      });
  return op.getResult(0);
}

Value Importer::reduce(
    Value x, ArrayRef<bool> reduced, Value init,
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t rank = xt.getRank();
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iters;
  for (int64_t i = 0; i < rank; ++i) {
    outShape.push_back(reduced[i] ? 1 : xt.getDimSize(i));
    outExprs.push_back(reduced[i] ? b.getAffineConstantExpr(0)
                                  : b.getAffineDimExpr(i));
    iters.push_back(reduced[i] ? utils::IteratorType::reduction
                               : utils::IteratorType::parallel);
  }
  Value out = linalg::FillOp::create(b, loc, init,
                                     empty(outShape, init.getType()))
                  .getResult(0);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, outExprs, &ctx)};
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{out.getType()}, ValueRange{x}, ValueRange{out}, maps,
      iters, [&](OpBuilder &ob, Location l, ValueRange args) {
        linalg::YieldOp::create(ob, l, combine(ob, l, args[1], args[0]));
      });
  return op.getResult(0);
}

Value Importer::reshape(Value x, ArrayRef<int64_t> shape) {
  auto xt = cast<RankedTensorType>(x.getType());
  if (xt.getShape() == shape)
    return x;
  return indexed(shape, xt.getElementType(),
                 [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                   Value lin = arith::ConstantIndexOp::create(ob, l, 0);
                   for (auto [d, iv] : llvm::enumerate(ivs))
                     lin = arith::AddIOp::create(
                         ob, l,
                         arith::MulIOp::create(
                             ob, l, lin,
                             arith::ConstantIndexOp::create(ob, l, shape[d])),
                         iv);
                   SmallVector<Value> idx(xt.getRank());
                   for (int64_t d = xt.getRank() - 1; d >= 0; --d) {
                     Value size = arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d));
                     idx[d] = d == 0 ? lin
                                     : arith::RemSIOp::create(ob, l, lin, size).getResult();
                     if (d > 0)
                       lin = arith::DivSIOp::create(ob, l, lin, size);
                   }
                   return tensor::ExtractOp::create(ob, l, x, idx);
                 });
}

Value Importer::materialize(DenseElementsAttr attr) {
  auto type = cast<RankedTensorType>(attr.getType());
  // Only on request: the C route emits dense constants, not resources.
  if (options.resourceThreshold >= 0 && !attr.isSplat() &&
      attr.getNumElements() > options.resourceThreshold &&
      !type.getElementType().isInteger(1)) {
    ArrayRef<char> raw = attr.getRawData();
    auto blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint64_t));
    auto res = DenseResourceElementsAttr::get(
        type, "tflite_" + std::to_string(resourceCounter++), std::move(blob));
    return arith::ConstantOp::create(b, loc, type, res);
  }
  return arith::ConstantOp::create(b, loc, type, attr);
}

} // namespace tflite_import
} // namespace detect
