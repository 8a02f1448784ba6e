//===- TensorBuilder.cpp - IR builders both importers share ---------------===//
//
// Part of detect-mlir (TensorBuilder.h).
//
//===----------------------------------------------------------------------===//

#include "detect/Import/Common/TensorBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::detect::import_common {

using llvm::ArrayRef;
using llvm::SmallVector;

std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

std::string joinShapes(ArrayRef<ArrayRef<int64_t>> shapes) {
  std::string text;
  for (ArrayRef<int64_t> s : shapes)
    text += (text.empty() ? "" : " and ") + shapeStr(s);
  return text;
}

std::optional<SmallVector<int64_t>>
broadcastShapes(ArrayRef<ArrayRef<int64_t>> shapes) {
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
      if (o != 1)
        return std::nullopt;
      o = d;
    }
  }
  return out;
}

std::string cIdentifier(llvm::StringRef name, llvm::StringRef fallback) {
  std::string id;
  for (char c : name)
    id += (llvm::isAlnum(c) || c == '_') ? c : '_';
  if (id.empty())
    id = fallback.str();
  if (llvm::isDigit(id[0]))
    id = "_" + id;
  return id;
}

Value TensorBuilder::empty(ArrayRef<int64_t> shape, Type elem) {
  return tensor::EmptyOp::create(b, loc, shape, elem);
}

Value TensorBuilder::elementwise(ArrayRef<Value> ins, ArrayRef<int64_t> shape,
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
    maps.push_back(AffineMap::get(rank, 0, exprs, b.getContext()));
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

Value TensorBuilder::indexed(ArrayRef<int64_t> shape, Type elem, BodyFn body) {
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

Value TensorBuilder::reduce(Value x, ArrayRef<bool> reduced, Value init,
                            CombineFn combine) {
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
  Value out =
      linalg::FillOp::create(b, loc, init, empty(outShape, init.getType()))
          .getResult(0);
  SmallVector<AffineMap> maps{
      b.getMultiDimIdentityMap(rank),
      AffineMap::get(rank, 0, outExprs, b.getContext())};
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{out.getType()}, ValueRange{x}, ValueRange{out}, maps,
      iters, [&](OpBuilder &ob, Location l, ValueRange args) {
        linalg::YieldOp::create(ob, l, combine(ob, l, args[1], args[0]));
      });
  return op.getResult(0);
}

Value TensorBuilder::reshape(Value x, ArrayRef<int64_t> shape) {
  auto xt = cast<RankedTensorType>(x.getType());
  if (xt.getShape() == shape)
    return x;
  auto body = [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
    // The row-major position of the output element, then the input's
    // indices of that position.
    Value lin = arith::ConstantIndexOp::create(ob, l, 0);
    for (auto [d, iv] : llvm::enumerate(ivs)) {
      Value size = arith::ConstantIndexOp::create(ob, l, shape[d]);
      lin = arith::AddIOp::create(ob, l,
                                  arith::MulIOp::create(ob, l, lin, size), iv);
    }
    SmallVector<Value> idx(xt.getRank());
    for (int64_t d = xt.getRank() - 1; d >= 0; --d) {
      Value size = arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d));
      idx[d] =
          d == 0 ? lin : arith::RemSIOp::create(ob, l, lin, size).getResult();
      if (d > 0)
        lin = arith::DivSIOp::create(ob, l, lin, size);
    }
    return tensor::ExtractOp::create(ob, l, x, idx);
  };
  return indexed(shape, xt.getElementType(), body);
}

} // namespace mlir::detect::import_common
