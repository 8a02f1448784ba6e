//===- Reduction.cpp - Reductions and Softmax ----------------------------===//
//
// Part of detect-mlir: the ONNX importer (lib/Import/Onnx/Importer.h).
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

namespace detect::onnx_import {

//===----------------------------------------------------------------------===//
// Reductions, Softmax
//===----------------------------------------------------------------------===//

LogicalResult Importer::reduction(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  int64_t rank = in[0].rank();
  Type et = in[0].elem();
  if (!isa<FloatType>(et) && op == "ReduceMean")
    return fail("expects a float input");
  std::optional<SmallVector<int64_t>> axes;
  bool axesInput = op == "ReduceSum" ? opset >= 13 : opset >= 18;
  if (axesInput) {
    if (in.size() > 1 && in[1].value) {
      auto a = constInts(in[1], "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  } else {
    axes = attrInts("axes");
  }
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
  if (in[0].length && red[in[0].lengthAxis])
    return fail("reducing an axis with a data-dependent length is not supported");
  bool isF = isa<FloatType>(et);
  double initV = op == "ReduceMax"   ? -std::numeric_limits<double>::infinity()
                 : op == "ReduceMin" ? std::numeric_limits<double>::infinity()
                                     : 0.0;
  Value init;
  if (isF)
    init = scalar(et, initV);
  else if (op == "ReduceMax")
    init = arith::ConstantOp::create(b, loc, IntegerAttr::get(et, APInt::getSignedMinValue(et.getIntOrFloatBitWidth())));
  else if (op == "ReduceMin")
    init = arith::ConstantOp::create(b, loc, IntegerAttr::get(et, APInt::getSignedMaxValue(et.getIntOrFloatBitWidth())));
  else
    init = scalar(et, 0);
  Value r = reduce(in[0].value, red, init,
                   [&](OpBuilder &ob, Location l, Value acc, Value x) -> Value {
                     if (op == "ReduceMax")
                       return isF ? Value(arith::MaximumFOp::create(ob, l, acc, x))
                                  : Value(arith::MaxSIOp::create(ob, l, acc, x));
                     if (op == "ReduceMin")
                       return isF ? Value(arith::MinimumFOp::create(ob, l, acc, x))
                                  : Value(arith::MinSIOp::create(ob, l, acc, x));
                     return isF ? Value(arith::AddFOp::create(ob, l, acc, x))
                                : Value(arith::AddIOp::create(ob, l, acc, x));
                   });
  SmallVector<int64_t> keptShape = llvm::to_vector(cast<RankedTensorType>(r.getType()).getShape());
  if (op == "ReduceMean") {
    int64_t n = 1;
    for (int64_t i = 0; i < rank; ++i)
      if (red[i])
        n *= in[0].shape()[i];
    Value c = scalar(et, double(n));
    r = elementwise({r}, keptShape, et, [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
      return arith::DivFOp::create(ob, l, a[0], c);
    });
  }
  Tensor out;
  out.value = r;
  if (in[0].length) {
    out.length = in[0].length;
    out.lengthAxis = in[0].lengthAxis;
  }
  if (!keep) {
    SmallVector<int64_t> shape;
    for (int64_t i = 0; i < rank; ++i)
      if (!red[i])
        shape.push_back(in[0].shape()[i]);
    out = reshapeTensor(out, shape);
  }
  return setOutput(0, out);
}

LogicalResult Importer::opSoftmax() {
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
  Value mx = reduce(x, red, scalar(et, -std::numeric_limits<double>::infinity()),
                    [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
                      return arith::MaximumFOp::create(ob, l, a, v);
                    });
  Value e = elementwise({x, mx}, shape, et, [](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
    return math::ExpOp::create(ob, l, arith::SubFOp::create(ob, l, a[0], a[1]));
  });
  Value sum = reduce(e, red, scalar(et, 0), [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
    return arith::AddFOp::create(ob, l, a, v);
  });
  Value r = elementwise({e, sum}, shape, et, [](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
    return arith::DivFOp::create(ob, l, a[0], a[1]);
  });
  Tensor out;
  out.value = reshape(r, in[0].shape());
  out.length = in[0].length;
  out.lengthAxis = in[0].lengthAxis;
  return setOutput(0, out);
}

} // namespace detect::onnx_import
