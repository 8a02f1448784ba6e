//===- BoundedShape.cpp - Shapes of values with run-time lengths ---------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// The shape ops whose input has a run-time length along one axis: Reshape to
// a shape computed at run time, and Concat along the data-dependent axis (a
// compaction). The rest of each op is in Shape.cpp.
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

FailureOr<int64_t> NodeConverter::runtimeDimension(ArrayRef<bool> exact) {
  int64_t axis = -1;
  for (auto [i, known] : llvm::enumerate(exact)) {
    if (known)
      continue;
    if (axis >= 0)
      return fail(
          "a shape with two data-dependent dimensions is not supported");
    axis = i;
  }
  return axis;
}

Value NodeConverter::runtimeDimensionValue(const Tensor &shape, int64_t axis,
                                           int64_t capacity) {
  Value d =
      tensor::ExtractOp::create(b, loc, shape.value, ValueRange{index(axis)});
  return arith::MinSIOp::create(
      b, loc, arith::IndexCastOp::create(b, loc, b.getIndexType(), d),
      index(capacity));
}

/// Reshape to a shape computed at run time from a value with a run-time
/// length (RetinaNet's `boxes.reshape(boxes.shape)`): the capacity is the
/// shape's bounds, the length its one inexact element. The valid rows stay
/// a prefix when every dimension before the length axis is 1, in the input
/// and in the result.
LogicalResult NodeConverter::reshapeToRuntimeShape(const Tensor &x,
                                                   const Tensor &shapeT) {
  SmallVector<int64_t> shape = shapeT.bounds;
  // A known -1: the size that makes the element counts agree.
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d != -1 || !shapeT.exact[i])
      continue;
    int64_t rest = 1;
    for (auto [j, e] : llvm::enumerate(shape))
      rest *= j == i ? 1 : e;
    if (rest > 0 && product(x.shape()) % rest == 0)
      d = product(x.shape()) / rest;
  }
  FailureOr<int64_t> dim = runtimeDimension(shapeT.exact);
  if (failed(dim))
    return failure();
  int64_t axis = *dim;
  if (axis < 0 || !x.length || product(shape) != product(x.shape()) ||
      product(x.shape().take_front(x.lengthAxis)) != 1 ||
      product(ArrayRef<int64_t>(shape).take_front(axis)) != 1 ||
      product(ArrayRef<int64_t>(shape).drop_front(axis + 1)) !=
          product(x.shape().drop_front(x.lengthAxis + 1)))
    return fail("the shape must be an integer tensor known at import time, or "
                "the shape of a value whose data-dependent length it keeps");
  // The length is the shape's run-time element, set below.
  Tensor rows = x;
  rows.length = Value();
  rows.lengthAxis = -1;
  Tensor out = *reshapeTensor(rows, shape);
  out.length = runtimeDimensionValue(shapeT, axis, shape[axis]);
  out.lengthAxis = axis;
  return setOutput(0, out);
}

/// Concat along the axis of a run-time length: the valid rows of each
/// operand are copied one after another (a compaction), so the result's
/// valid rows are again a prefix. Capacity: the sum of the capacities;
/// length: the sum of the lengths. Rows past the length are 0.
LogicalResult NodeConverter::concatBounded(ArrayRef<Tensor> in, int64_t axis,
                                           ArrayRef<int64_t> shape) {
  if (product(shape.take_front(axis)) != 1)
    return fail("concatenating along an axis with a data-dependent length "
                "is supported only when the dimensions before it are 1");
  for (const Tensor &t : in)
    if (t.length && t.lengthAxis != axis)
      return fail("concatenating values with data-dependent lengths on "
                  "different axes is not supported");
  Type et = in[0].elem();
  int64_t inner = product(shape.drop_front(axis + 1));
  int64_t capacity = shape[axis];
  Value acc = linalg::FillOp::create(b, loc, scalar(et, 0),
                                     empty({capacity, inner}, et))
                  .getResult(0);
  Value offset = index(0), c0 = index(0), c1 = index(1);
  for (const Tensor &t : in) {
    int64_t rows = t.shape()[axis];
    if (rows == 0)
      continue;
    Value flat = reshape(t.value, {rows, inner});
    Value count = t.length ? t.length : index(rows);
    Value base = offset;
    auto rowLoop = scf::ForOp::create(
        b, loc, c0, count, c1, ValueRange{acc},
        [&](OpBuilder &rb, Location rl, Value i, ValueRange racc) {
          Value row = arith::AddIOp::create(rb, rl, base, i);
          auto colLoop = scf::ForOp::create(
              rb, rl, c0, arith::ConstantIndexOp::create(rb, rl, inner), c1,
              ValueRange{racc[0]},
              [&](OpBuilder &cb, Location cl, Value j, ValueRange cacc) {
                Value v =
                    tensor::ExtractOp::create(cb, cl, flat, ValueRange{i, j});
                Value r = tensor::InsertOp::create(cb, cl, v, cacc[0],
                                                   ValueRange{row, j});
                scf::YieldOp::create(cb, cl, r);
              });
          scf::YieldOp::create(rb, rl, colLoop.getResults());
        });
    acc = rowLoop.getResult(0);
    offset = arith::AddIOp::create(b, loc, offset, count);
  }
  Tensor out;
  out.value = reshape(acc, shape);
  out.length = offset;
  out.lengthAxis = axis;
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
