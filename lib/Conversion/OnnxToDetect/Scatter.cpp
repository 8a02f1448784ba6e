//===- Scatter.cpp - ScatterElements --------------------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// ScatterElements writes `updates` into a copy of `data` at positions read
// from `indices` (torchvision's MultiScaleRoIAlign puts each level's pooled
// boxes back in their order with it). The positions depend on the data, so
// it is loops over the indices with tensor.insert, which bufferization turns
// into stores into the result: later updates overwrite earlier ones, in
// row-major order, as ONNX Runtime's kernel applies them.
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

LogicalResult NodeConverter::opScatterElements() {
  SmallVector<Tensor> in;
  if (failed(inputs(3, 3, in)))
    return failure();
  const Tensor &data = in[0], &ind = in[1], &upd = in[2];
  int64_t rank = data.rank();
  if (rank == 0)
    return fail("data must have rank >= 1");
  if (!isa<IntegerType>(ind.elem()) || ind.elem().isInteger(1))
    return fail("indices must be integers");
  if (ind.rank() != rank || upd.shape() != ind.shape() ||
      upd.elem() != data.elem())
    return fail("indices " + shapeStr(ind.shape()) + " and updates " +
                shapeStr(upd.shape()) +
                " must have the same shape, of data's rank (" + Twine(rank) +
                "), and updates data's element type");
  auto axisOr = normAxis(attrInt("axis", 0), rank);
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  std::string reduction = attrString("reduction", "none");
  if (reduction != "none" && reduction != "add" && reduction != "mul")
    return fail("reduction '" + reduction +
                "' is not supported (none, add, mul)");
  if (reduction != "none" && data.elem().isInteger(1))
    return fail("reduction '" + reduction + "' of booleans is not supported");
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis && ind.shape()[d] > data.shape()[d])
      return fail("indices " + shapeStr(ind.shape()) + " exceed data " +
                  shapeStr(data.shape()) + " at dimension " + Twine(d));
  if (data.shape()[axis] == 0 && product(ind.shape()) > 0)
    return fail("scatters into an empty axis");
  if (ind.length && upd.length && ind.lengthAxis != upd.lengthAxis)
    return fail("indices and updates have data-dependent lengths on "
                "different axes");

  // The loops: every dimension of indices, the one with a run-time length
  // (indices' or updates') bounded by that length.
  SmallVector<Value> upper;
  for (int64_t d = 0; d < rank; ++d)
    upper.push_back(index(ind.shape()[d]));
  for (const Tensor *t : {&ind, &upd})
    if (t->length)
      upper[t->lengthAxis] =
          arith::MinSIOp::create(b, loc, upper[t->lengthAxis], t->length);
  Value c0 = index(0), c1 = index(1);
  int64_t dim = data.shape()[axis];
  Type et = data.elem();
  bool isFloat = isa<FloatType>(et);

  SmallVector<Value> ivs;
  std::function<Value(OpBuilder &, Location, int64_t, Value)> nest =
      [&](OpBuilder &ob, Location l, int64_t d, Value acc) -> Value {
    if (d == rank) {
      Value i = tensor::ExtractOp::create(ob, l, ind.value, ivs);
      Value u = tensor::ExtractOp::create(ob, l, upd.value, ivs);
      SmallVector<Value> at(ivs);
      // Negative from the end; out of range (an error in ONNX) clamped.
      at[axis] = normIndex(ob, l, i, dim);
      if (reduction != "none") {
        Value old = tensor::ExtractOp::create(ob, l, acc, at);
        if (reduction == "add")
          u = isFloat ? Value(arith::AddFOp::create(ob, l, old, u))
                      : Value(arith::AddIOp::create(ob, l, old, u));
        else
          u = isFloat ? Value(arith::MulFOp::create(ob, l, old, u))
                      : Value(arith::MulIOp::create(ob, l, old, u));
      }
      return tensor::InsertOp::create(ob, l, u, acc, at);
    }
    auto loop = scf::ForOp::create(
        ob, l, c0, upper[d], c1, ValueRange{acc},
        [&](OpBuilder &lb, Location ll, Value iv, ValueRange args) {
          ivs.push_back(iv);
          Value next = nest(lb, ll, d + 1, args[0]);
          ivs.pop_back();
          scf::YieldOp::create(lb, ll, next);
        });
    return loop.getResult(0);
  };
  Tensor out = data;
  out.constant = {};
  out.bounds.clear();
  out.exact.clear();
  // The writes go into a copy: bufferization would otherwise write into
  // `data` in place, which may be the caller's argument. A generic that
  // reads by tensor.extract, not an identity one that canonicalization
  // erases.
  Value copy =
      indexed(data.shape(), et,
              [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                return tensor::ExtractOp::create(ob, l, data.value, ivs);
              });
  out.value = nest(b, loc, 0, copy);
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
