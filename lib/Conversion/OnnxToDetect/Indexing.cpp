//===- Indexing.cpp - Slice, Gather and GatherND --------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Element selection by constant ranges and by index tensors
//===----------------------------------------------------------------------===//

LogicalResult NodeConverter::opSlice() {
  SmallVector<Tensor> in;
  if (failed(inputs(opset >= 10 ? 3 : 1, opset >= 10 ? 5 : 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  SmallVector<int64_t> starts, ends, axes, steps;
  SmallVector<bool> runtimeEnd;
  if (opset >= 10) {
    auto s = constInts(in[1], "starts");
    if (failed(s))
      return failure();
    starts = *s;
    // Ends computed at run time from a length (Faster R-CNN's
    // `x[:num_boxes]`): their bounds, the slice's length the run-time end.
    SmallVector<int64_t> endBounds = boundsOf(in[2]);
    if (!in[2].constant && in[2].rank() == 1 &&
        endBounds.size() == size_t(in[2].shape()[0])) {
      ends = endBounds;
      for (bool exact : exactOf(in[2]))
        runtimeEnd.push_back(!exact);
    } else {
      auto e = constInts(in[2], "ends");
      if (failed(e))
        return failure();
      ends = *e;
    }
  } else {
    starts = attrInts("starts").value_or(SmallVector<int64_t>{});
    ends = attrInts("ends").value_or(SmallVector<int64_t>{});
  }
  // Inputs from opset 10 on (steps only then), attributes before.
  auto axesOr = intsAttrOrInput(in, 3, "axes", opset >= 10);
  if (failed(axesOr))
    return failure();
  axes = axesOr->value_or(SmallVector<int64_t>{});
  auto stepsOr = intsAttrOrInput(in, 4, "steps", /*fromInput=*/true);
  if (failed(stepsOr))
    return failure();
  steps = stepsOr->value_or(SmallVector<int64_t>{});
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return fail("starts, ends, axes and steps differ in length");
  SmallVector<int64_t> offs(rank, 0), sizes(in[0].shape()), strides(rank, 1);
  SmallVector<bool> seen(rank, false);
  Value length = in[0].length;
  int64_t lengthAxis = in[0].lengthAxis;
  for (size_t k = 0; k < axes.size(); ++k) {
    auto a = normAxis(axes[k], rank);
    if (failed(a))
      return failure();
    if (seen[*a])
      return fail("axis " + Twine(axes[k]) + " is repeated");
    seen[*a] = true;
    int64_t dim = in[0].shape()[*a], step = steps[k];
    if (step == 0)
      return fail("step 0");
    // ONNX's clamping of starts and ends.
    auto clampIdx = [&](int64_t v, int64_t lo, int64_t hi) {
      if (v < 0)
        v = v < -dim ? lo : v + dim;
      return std::clamp<int64_t>(v, lo, hi);
    };
    int64_t s, e;
    if (step > 0) {
      s = clampIdx(starts[k], 0, dim);
      e = clampIdx(ends[k], 0, dim);
    } else {
      s = clampIdx(starts[k], -1, dim - 1);
      e = clampIdx(ends[k], -1, dim - 1);
      if (starts[k] < -dim)
        s = -1;
      if (ends[k] < -dim)
        e = -1;
    }
    int64_t n = step > 0
                    ? std::max<int64_t>(0, (e - s + step - 1) / step)
                    : std::max<int64_t>(0, (s - e + (-step) - 1) / (-step));
    if (in[0].length && in[0].lengthAxis == *a) {
      if (s != 0 || step != 1)
        return fail("slicing an axis with a data-dependent length is only "
                    "supported from 0 with step 1");
      length = arith::MinSIOp::create(b, loc, in[0].length, index(n));
    }
    if (k < runtimeEnd.size() && runtimeEnd[k]) {
      if (s != 0 || step != 1 || (in[0].length && in[0].lengthAxis != *a))
        return fail("an end known only at run time is supported from 0 with "
                    "step 1, on the axis of the input's run-time length if "
                    "it has one");
      Value end = runtimeDimensionValue(in[2], k, n);
      end = arith::MaxSIOp::create(b, loc, end, index(0));
      length =
          length ? Value(arith::MinSIOp::create(b, loc, length, end)) : end;
      lengthAxis = *a;
    }
    offs[*a] = s;
    sizes[*a] = n;
    strides[*a] = step;
  }
  if (in[0].constant && in[0].constant.getNumElements() <= kMaxFoldElements) {
    ArrayRef<int64_t> inShape = in[0].shape();
    return setOutput(0, constantTensor(rearrangeConstant(
                            in[0].constant, sizes, [&](ArrayRef<int64_t> idx) {
                              int64_t flat = 0;
                              for (int64_t d = 0; d < rank; ++d)
                                flat = flat * inShape[d] + offs[d] +
                                       idx[d] * strides[d];
                              return flat;
                            })));
  }
  Tensor out;
  out.value = slice(in[0].value, offs, sizes, strides);
  out.length = length;
  out.lengthAxis = lengthAxis;
  return setOutput(0, out);
}

/// An index read from an indices tensor, made valid for a dimension of size
/// `dim`: negative indices count from the end (ONNX), and out-of-range ones
/// (undefined in ONNX, e.g. in padding rows past a run-time length) are
/// clamped so the generated code never reads out of bounds.
Value normIndex(OpBuilder &ob, Location l, Value idx, int64_t dim) {
  Type it = idx.getType();
  if (!it.isIndex())
    idx = arith::IndexCastOp::create(ob, l, ob.getIndexType(), idx);
  Value d = arith::ConstantIndexOp::create(ob, l, dim);
  Value zero = arith::ConstantIndexOp::create(ob, l, 0);
  Value neg =
      arith::CmpIOp::create(ob, l, arith::CmpIPredicate::slt, idx, zero);
  idx = arith::SelectOp::create(ob, l, neg,
                                arith::AddIOp::create(ob, l, idx, d), idx);
  idx = arith::MaxSIOp::create(ob, l, idx, zero);
  return arith::MinSIOp::create(ob, l, idx,
                                arith::ConstantIndexOp::create(ob, l, dim - 1));
}

LogicalResult NodeConverter::opGather() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  const Tensor &data = in[0], &ind = in[1];
  if (!isa<IntegerType>(ind.elem()) || ind.elem().isInteger(1))
    return fail("indices must be integers");
  auto axisOr = normAxis(attrInt("axis", 0), data.rank());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr, dim = data.shape()[axis];
  if (dim == 0)
    return fail("gathers from an empty axis");
  SmallVector<int64_t> shape(data.shape().take_front(axis));
  llvm::append_range(shape, ind.shape());
  llvm::append_range(shape, data.shape().drop_front(axis + 1));
  // Constant indices, checked and made non-negative.
  auto constIndices = [&]() -> FailureOr<SmallVector<int64_t>> {
    auto idx = constInts(ind, "indices");
    if (failed(idx))
      return failure();
    for (int64_t &i : *idx) {
      if (i < -dim || i >= dim)
        return fail("index " + Twine(i) + " is out of range for size " +
                    Twine(dim));
      i = i < 0 ? i + dim : i;
    }
    return idx;
  };
  if (data.constant && ind.constant && product(shape) <= kMaxFoldElements &&
      data.rank() == 1) {
    auto all = llvm::to_vector(data.constant.getValues<Attribute>());
    SmallVector<Attribute> vals;
    auto idx = constIndices();
    if (failed(idx))
      return failure();
    for (int64_t i : *idx)
      vals.push_back(all[i]);
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            RankedTensorType::get(shape, data.elem()), vals)));
  }
  int64_t ir = ind.rank();
  Tensor out;
  // Picking elements of a shape computed at run time: their bounds.
  if (data.rank() == 1 && !data.bounds.empty() && ind.constant) {
    auto idx = constIndices();
    if (failed(idx))
      return failure();
    for (int64_t i : *idx) {
      out.bounds.push_back(data.bounds[i]);
      out.exact.push_back(data.exact[i]);
    }
  }
  out.value =
      indexed(shape, data.elem(),
              [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                SmallVector<Value> ii(ivs.slice(axis, ir));
                Value i = tensor::ExtractOp::create(ob, l, ind.value, ii);
                SmallVector<Value> di(ivs.take_front(axis));
                di.push_back(normIndex(ob, l, i, dim));
                llvm::append_range(di, ivs.drop_front(axis + ir));
                return tensor::ExtractOp::create(ob, l, data.value, di);
              });
  if (ind.length) {
    out.length = ind.length;
    out.lengthAxis = axis + ind.lengthAxis;
  } else if (data.length && data.lengthAxis != axis) {
    out.length = data.length;
    out.lengthAxis =
        data.lengthAxis < axis ? data.lengthAxis : data.lengthAxis - 1 + ir;
  }
  return setOutput(0, out);
}

LogicalResult NodeConverter::opGatherND() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  const Tensor &data = in[0], &ind = in[1];
  if (attrInt("batch_dims", 0) != 0)
    return fail("batch_dims other than 0 is not supported");
  if (ind.rank() < 1 || !isa<IntegerType>(ind.elem()))
    return fail("indices must be an integer tensor of rank >= 1");
  int64_t k = ind.shape().back();
  if (k < 1 || k > data.rank())
    return fail("the last dimension of indices (" + Twine(k) +
                ") must be between 1 and the rank of data");
  SmallVector<int64_t> shape(ind.shape().drop_back());
  int64_t lead = shape.size();
  llvm::append_range(shape, data.shape().drop_front(k));
  Tensor out;
  out.value =
      indexed(shape, data.elem(),
              [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                SmallVector<Value> di;
                for (int64_t j = 0; j < k; ++j) {
                  SmallVector<Value> ii(ivs.take_front(lead));
                  ii.push_back(arith::ConstantIndexOp::create(ob, l, j));
                  Value i = tensor::ExtractOp::create(ob, l, ind.value, ii);
                  di.push_back(normIndex(ob, l, i, data.shape()[j]));
                }
                llvm::append_range(di, ivs.drop_front(lead));
                return tensor::ExtractOp::create(ob, l, data.value, di);
              });
  if (ind.length && ind.lengthAxis < lead) {
    out.length = ind.length;
    out.lengthAxis = ind.lengthAxis;
  }
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
