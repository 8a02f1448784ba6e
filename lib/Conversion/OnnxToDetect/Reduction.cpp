//===- Reduction.cpp - Reductions and Softmax ----------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Reductions, Softmax
//===----------------------------------------------------------------------===//

/// The identity of a reduction in element type `et` (ReduceL2 sums squares).
static double reductionIdentity(StringRef op) {
  if (op == "ReduceMax")
    return -std::numeric_limits<double>::infinity();
  if (op == "ReduceMin")
    return std::numeric_limits<double>::infinity();
  return op == "ReduceProd" ? 1.0 : 0.0;
}

/// The bound of a reduction of non-negative values bounded by `bounds`.
static std::optional<int64_t> reducedBound(StringRef op,
                                           ArrayRef<int64_t> bounds) {
  if (bounds.empty())
    return std::nullopt;
  if (op == "ReduceMin")
    return *llvm::min_element(bounds);
  if (op == "ReduceMax")
    return *llvm::max_element(bounds);
  int64_t r = op == "ReduceProd" ? 1 : 0;
  for (int64_t v : bounds) {
    if (op == "ReduceProd" ? (v && r > kMaxElements / v) : r > kMaxElements - v)
      return std::nullopt;
    r = op == "ReduceProd" ? r * v : r + v;
  }
  return r;
}

/// The integer reduction `op` of the known values `v` (`identity`: the
/// op's identity); nullopt when it overflows.
static std::optional<int64_t>
foldIntReduction(StringRef op, ArrayRef<int64_t> v, double identity) {
  // ReduceMax's and ReduceMin's identities are infinities, which no
  // integer holds (converting one is undefined): they start from a value.
  int64_t r = std::isfinite(identity) ? int64_t(identity) : 0;
  if (op == "ReduceMax" || op == "ReduceMin")
    r = v.empty() ? (op == "ReduceMax" ? INT64_MIN : INT64_MAX) : v[0];
  for (int64_t x : v) {
    if (op == "ReduceMax")
      r = std::max(r, x);
    else if (op == "ReduceMin")
      r = std::min(r, x);
    else if (op == "ReduceMean" || op == "ReduceL2")
      break;
    else if (op == "ReduceSum" ? llvm::AddOverflow(r, x, r)
                               : llvm::MulOverflow(r, x, r))
      return std::nullopt;
  }
  return r;
}

LogicalResult NodeConverter::reduction(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  int64_t rank = in[0].rank();
  Type et = in[0].elem();
  if (!isa<FloatType>(et) && (op == "ReduceMean" || op == "ReduceL2"))
    return fail("expects a float input");
  bool axesInput = op == "ReduceSum" ? opset >= 13 : opset >= 18;
  auto axesOr = intsAttrOrInput(in, 1, "axes", axesInput);
  if (failed(axesOr))
    return failure();
  std::optional<SmallVector<int64_t>> axes = *axesOr;
  bool keep = attrInt("keepdims", 1) != 0;
  SmallVector<bool> red(rank, !axes || axes->empty());
  if (axes && axes->empty() && attrInt("noop_with_empty_axes", 0))
    return setOutput(0, in[0]);
  if (axes)
    for (int64_t a : *axes) {
      auto na = normAxis(a, rank);
      if (failed(na))
        return failure();
      red[*na] = true;
    }
  SmallVector<int64_t> outShape;
  for (int64_t i = 0; i < rank; ++i)
    if (keep || !red[i])
      outShape.push_back(red[i] ? 1 : in[0].shape()[i]);
  bool all = llvm::all_of(red, [](bool r) { return r; });
  bool isF = isa<FloatType>(et);
  double identity = reductionIdentity(op);

  // Shape arithmetic (the element count of a shape, the smallest of two
  // lengths): a reduction of a small known integer tensor is computed here.
  // (The largest image side, in float: the maximum is exact in any type.)
  if (all && in[0].constant && isF && product(outShape) == 1 &&
      (op == "ReduceMax" || op == "ReduceMin") &&
      in[0].constant.getNumElements() > 0 &&
      in[0].constant.getNumElements() <= kMaxFoldElements) {
    auto vals = llvm::to_vector(in[0].constant.getValues<APFloat>());
    APFloat r = vals[0];
    for (const APFloat &v : vals)
      r = op == "ReduceMax" ? llvm::maximum(r, v) : llvm::minimum(r, v);
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            RankedTensorType::get(outShape, et), r)));
  }
  if (all && in[0].constant && !isF && product(outShape) == 1) {
    auto v = constInts(in[0], "the input");
    if (failed(v))
      return failure();
    std::optional<int64_t> r = foldIntReduction(op, *v, identity);
    if (!r)
      return fail("the " + op + " of known values overflows");
    return setOutput(
        0, constantTensor(DenseElementsAttr::get(
               RankedTensorType::get(outShape, et), IntegerAttr::get(et, *r))));
  }

  Value init;
  if (isF)
    init = scalar(et, identity);
  else if (op == "ReduceMax")
    init = arith::ConstantOp::create(
        b, loc,
        IntegerAttr::get(et,
                         APInt::getSignedMinValue(et.getIntOrFloatBitWidth())));
  else if (op == "ReduceMin")
    init = arith::ConstantOp::create(
        b, loc,
        IntegerAttr::get(et,
                         APInt::getSignedMaxValue(et.getIntOrFloatBitWidth())));
  else
    init = scalar(et, identity);
  Value x = in[0].value;
  bool overLength = in[0].length && red[in[0].lengthAxis];
  if (overLength) {
    if (op == "ReduceMean")
      return fail("ReduceMean over an axis with a data-dependent length is "
                  "not supported");
    // Rows past the run-time length are padding: they count as the
    // identity, so the reduction sees only the valid prefix.
    int64_t axis = in[0].lengthAxis;
    Value length = in[0].length;
    x = indexed(in[0].shape(), et,
                [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                  Value v = tensor::ExtractOp::create(ob, l, in[0].value, ivs);
                  Value inside = arith::CmpIOp::create(
                      ob, l, arith::CmpIPredicate::ult, ivs[axis], length);
                  return arith::SelectOp::create(ob, l, inside, v, init);
                });
  }
  Value r =
      reduce(x, red, init,
             [&](OpBuilder &ob, Location l, Value acc, Value x) -> Value {
               if (op == "ReduceMax")
                 return isF ? Value(arith::MaximumFOp::create(ob, l, acc, x))
                            : Value(arith::MaxSIOp::create(ob, l, acc, x));
               if (op == "ReduceMin")
                 return isF ? Value(arith::MinimumFOp::create(ob, l, acc, x))
                            : Value(arith::MinSIOp::create(ob, l, acc, x));
               if (op == "ReduceProd")
                 return isF ? Value(arith::MulFOp::create(ob, l, acc, x))
                            : Value(arith::MulIOp::create(ob, l, acc, x));
               if (op == "ReduceL2")
                 x = arith::MulFOp::create(ob, l, x, x);
               return isF ? Value(arith::AddFOp::create(ob, l, acc, x))
                          : Value(arith::AddIOp::create(ob, l, acc, x));
             });
  SmallVector<int64_t> keptShape =
      llvm::to_vector(cast<RankedTensorType>(r.getType()).getShape());
  if (op == "ReduceMean") {
    int64_t n = 1;
    for (int64_t i = 0; i < rank; ++i)
      if (red[i])
        n *= in[0].shape()[i];
    Value c = scalar(et, double(n));
    r = elementwise({r}, keptShape, et,
                    [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                      return arith::DivFOp::create(ob, l, a[0], c);
                    });
  }
  if (op == "ReduceL2")
    r = elementwise({r}, keptShape, et,
                    [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                      return math::SqrtOp::create(ob, l, a[0]);
                    });
  Tensor out;
  out.value = r;
  if (in[0].length && !overLength) {
    out.length = in[0].length;
    out.lengthAxis = in[0].lengthAxis;
  }
  if (std::optional<int64_t> bound = reducedBound(op, boundsOf(in[0]));
      bound && all && !isF) {
    out.bounds.assign(1, *bound);
    out.exact.assign(1, false);
  }
  if (!keep)
    return setOutput(0, reshapeTensor(out, outShape));
  return setOutput(0, out);
}

LogicalResult NodeConverter::opSoftmax() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  Type et = in[0].elem();
  if (!isa<FloatType>(et))
    return fail("expects a float input");
  int64_t rank = in[0].rank();
  auto axisOr = normAxis(attrInt("axis", opset >= 13 ? -1 : 1), rank);
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  // Before opset 13 the input is coerced to 2-D at `axis`.
  Value x = in[0].value;
  SmallVector<int64_t> shape(in[0].shape());
  SmallVector<bool> red(rank, false);
  if (opset < 13) {
    shape = {product(in[0].shape().take_front(axis)),
             product(in[0].shape().drop_front(axis))};
    x = reshape(x, shape);
    red = {false, true};
  } else {
    red[axis] = true;
  }
  Value mx =
      reduce(x, red, scalar(et, -std::numeric_limits<double>::infinity()),
             [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
               return arith::MaximumFOp::create(ob, l, a, v);
             });
  Value e =
      elementwise({x, mx}, shape, et,
                  [](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
                    return math::ExpOp::create(
                        ob, l, arith::SubFOp::create(ob, l, a[0], a[1]));
                  });
  Value sum = reduce(e, red, scalar(et, 0),
                     [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
                       return arith::AddFOp::create(ob, l, a, v);
                     });
  Value r =
      elementwise({e, sum}, shape, et,
                  [](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
                    return arith::DivFOp::create(ob, l, a[0], a[1]);
                  });
  Tensor out;
  out.value = reshape(r, in[0].shape());
  out.length = in[0].length;
  out.lengthAxis = in[0].lengthAxis;
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
