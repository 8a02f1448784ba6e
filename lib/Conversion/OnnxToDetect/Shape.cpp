//===- Shape.cpp - Shapes and data movement ------------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Shapes and data movement
//===----------------------------------------------------------------------===//

LogicalResult NodeConverter::opShape() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  int64_t start = attrInt("start", 0), end = attrInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<int64_t> dims;
  for (int64_t i = start; i < end; ++i)
    dims.push_back(in[0].shape()[i]);
  auto type = RankedTensorType::get({int64_t(dims.size())}, b.getI64Type());
  if (!in[0].length || in[0].lengthAxis < start || in[0].lengthAxis >= end)
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            type, ArrayRef<int64_t>(dims))));
  // A data-dependent dimension: its run-time length.
  SmallVector<Value> elems;
  for (int64_t i = start; i < end; ++i)
    elems.push_back(i == in[0].lengthAxis
                        ? Value(arith::IndexCastOp::create(
                              b, loc, b.getI64Type(), in[0].length))
                        : Value(arith::ConstantOp::create(
                              b, loc, b.getI64IntegerAttr(in[0].shape()[i]))));
  Tensor out;
  out.value = tensor::FromElementsOp::create(b, loc, type, elems);
  // The length is at most the static size (the capacity) of its axis.
  out.bounds = dims;
  for (int64_t i = start; i < end; ++i)
    out.exact.push_back(i != in[0].lengthAxis);
  return setOutput(0, out);
}

LogicalResult NodeConverter::opReshape() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  if (!in[1].constant && !in[1].bounds.empty())
    return reshapeToRuntimeShape(in[0], in[1]);
  auto target = constInts(in[1], "the shape");
  if (failed(target))
    return failure();
  bool allowZero = attrInt("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t infer = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if (int64_t(i) >= in[0].rank())
        return fail("shape entry 0 at " + Twine(i) +
                    " copies a dimension the input does not have");
      d = in[0].shape()[i];
    }
    if (d == -1) {
      if (infer >= 0)
        return fail("shape has more than one -1");
      infer = i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return fail("shape entry " + Twine(d) + " is invalid");
    shape.push_back(d);
    if (d > 0 && known > kMaxElements / d)
      return fail("shape is too large");
    known *= d;
  }
  int64_t n = product(in[0].shape());
  if (infer >= 0) {
    if (known == 0 || n % known)
      return fail("cannot infer the -1 of shape " + shapeStr(*target) +
                  " for an input of shape " + shapeStr(in[0].shape()));
    shape[infer] = n / known;
  } else if (known != n) {
    return fail("shape " + shapeStr(shape) + " does not hold the " + Twine(n) +
                " elements of an input of shape " + shapeStr(in[0].shape()));
  }
  return setOutput(0, reshapeTensor(in[0], shape));
}

LogicalResult NodeConverter::opFlatten() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  int64_t axis = attrInt("axis", 1);
  if (axis < -rank || axis > rank)
    return fail("axis " + Twine(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  return setOutput(
      0, reshapeTensor(in[0], {product(in[0].shape().take_front(axis)),
                               product(in[0].shape().drop_front(axis))}));
}

LogicalResult NodeConverter::opUnsqueeze() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  if (opset >= 13 && (in.size() < 2 || !in[1].value))
    return fail("expects the axes input");
  auto axesOr = intsAttrOrInput(in, 1, "axes", opset >= 13);
  if (failed(axesOr))
    return failure();
  SmallVector<int64_t> axes = axesOr->value_or(SmallVector<int64_t>{});
  int64_t rank = in[0].rank() + axes.size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t a : axes) {
    auto na = normAxis(a, rank);
    if (failed(na))
      return failure();
    if (isNew[*na])
      return fail("axis " + Twine(a) + " is repeated");
    isNew[*na] = true;
  }
  SmallVector<int64_t> shape;
  int64_t j = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(isNew[i] ? 1 : in[0].shape()[j++]);
  return setOutput(0, reshapeTensor(in[0], shape));
}

LogicalResult NodeConverter::opSqueeze() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  auto axesOr = intsAttrOrInput(in, 1, "axes", opset >= 13);
  if (failed(axesOr))
    return failure();
  std::optional<SmallVector<int64_t>> axes = *axesOr;
  int64_t rank = in[0].rank();
  SmallVector<bool> drop(rank, false);
  if (axes) {
    for (int64_t a : *axes) {
      auto na = normAxis(a, rank);
      if (failed(na))
        return failure();
      if (in[0].shape()[*na] != 1)
        return fail("cannot squeeze axis " + Twine(a) + " of size " +
                    Twine(in[0].shape()[*na]));
      drop[*na] = true;
    }
  } else {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = in[0].shape()[i] == 1;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back(in[0].shape()[i]);
  return setOutput(0, reshapeTensor(in[0], shape));
}

LogicalResult NodeConverter::opTranspose() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  SmallVector<int64_t> perm;
  if (auto p = attrInts("perm")) {
    perm = *p;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  SmallVector<bool> seen(rank, false);
  if (int64_t(perm.size()) != rank)
    return fail("perm has " + Twine(perm.size()) + " entries for rank " +
                Twine(rank));
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return fail("perm " + shapeStr(perm) + " is not a permutation");
    seen[p] = true;
  }
  if (in[0].constant && in[0].constant.getNumElements() <= kMaxFoldElements) {
    SmallVector<int64_t> shape;
    for (int64_t p : perm)
      shape.push_back(in[0].shape()[p]);
    ArrayRef<int64_t> inShape = in[0].shape();
    return setOutput(0, constantTensor(rearrangeConstant(
                            in[0].constant, shape, [&](ArrayRef<int64_t> idx) {
                              SmallVector<int64_t> src(rank);
                              for (int64_t i = 0; i < rank; ++i)
                                src[perm[i]] = idx[i];
                              int64_t flat = 0;
                              for (int64_t d = 0; d < rank; ++d)
                                flat = flat * inShape[d] + src[d];
                              return flat;
                            })));
  }
  Tensor out;
  out.value = transpose(in[0].value, perm);
  if (in[0].length)
    for (int64_t i = 0; i < rank; ++i)
      if (perm[i] == in[0].lengthAxis) {
        out.lengthAxis = i;
        out.length = in[0].length;
      }
  return setOutput(0, out);
}

LogicalResult NodeConverter::opConcat() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1024, in)))
    return failure();
  for (const Tensor &t : in)
    if (!t.value || t.rank() != in[0].rank() || t.elem() != in[0].elem())
      return fail("operands must be present, of one rank and one element type");
  // ONNX's Concat joins tensors of rank >= 1 (normAxis accepts an axis of a
  // scalar, which has no dimension to join along).
  if (in[0].rank() == 0)
    return fail("operands must have rank 1 or more, got scalars");
  auto axisOr = normAxis(attrInt("axis", 0), in[0].rank());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  SmallVector<int64_t> shape(in[0].shape());
  shape[axis] = 0;
  for (const Tensor &t : in) {
    for (int64_t i = 0; i < t.rank(); ++i)
      if (i != axis && t.shape()[i] != shape[i])
        return fail("operand shapes " + shapeStr(in[0].shape()) + " and " +
                    shapeStr(t.shape()) + " differ outside axis " +
                    Twine(axis));
    shape[axis] += t.shape()[axis];
  }
  if (in.size() > 1 && llvm::any_of(in, [&](const Tensor &t) {
        return t.length && t.lengthAxis == axis;
      }))
    return concatBounded(in, axis, shape);
  if (allConstant(in, kMaxFoldElements) && in[0].rank() == 1) {
    SmallVector<Attribute> vals;
    for (const Tensor &t : in)
      llvm::append_range(vals, t.constant.getValues<Attribute>());
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            RankedTensorType::get(shape, in[0].elem()), vals)));
  }
  // One generic over the result: each element is read from the operand
  // whose range holds it (reads of the others are clamped in bounds and
  // discarded). An insert_slice per operand would bufferize to copies into
  // strided views, which need a run-time library call.
  Value acc = indexed(
      shape, in[0].elem(),
      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
        Value r;
        int64_t off = 0;
        for (const Tensor &t : in) {
          int64_t size = t.shape()[axis];
          if (size == 0)
            continue;
          Value lo = arith::ConstantIndexOp::create(ob, l, off);
          Value local = arith::SubIOp::create(ob, l, ivs[axis], lo);
          Value clamped = arith::MinSIOp::create(
              ob, l,
              arith::MaxSIOp::create(ob, l, local,
                                     arith::ConstantIndexOp::create(ob, l, 0)),
              arith::ConstantIndexOp::create(ob, l, size - 1));
          SmallVector<Value> idx(ivs);
          idx[axis] = clamped;
          Value v = tensor::ExtractOp::create(ob, l, t.value, idx);
          if (!r) {
            r = v;
          } else {
            Value inside = arith::CmpIOp::create(
                ob, l, arith::CmpIPredicate::sge, ivs[axis], lo);
            r = arith::SelectOp::create(ob, l, inside, v, r);
          }
          off += size;
        }
        return r ? r
                 : arith::ConstantOp::create(ob, l,
                                             ob.getZeroAttr(in[0].elem()))
                       .getResult();
      });
  Tensor out;
  out.value = acc;
  // Shape vectors joined at run time (e.g. [300] and the length of a
  // value): the bounds of each part.
  // A -1 among them (Faster R-CNN's `box_regression.reshape(num_boxes,
  // -1)`) is kept as an exact element when only Reshapes read the vector as
  // their shape: reshapeToRuntimeShape resolves it, and no op takes it for
  // a size.
  bool onlyReshapes = llvm::all_of(node->getUsers(), [&](Operation *user) {
    auto reshape = dyn_cast<onnx::NodeOp>(user);
    return reshape && reshape.getOpType() == "Reshape" &&
           reshape->getNumOperands() == 2 &&
           reshape->getOperand(1) == node->getResult(0) &&
           reshape->getOperand(0) != node->getResult(0);
  });
  if (in[0].rank() == 1) {
    for (const Tensor &t : in) {
      SmallVector<int64_t> tb = boundsOf(t);
      if (onlyReshapes && tb.empty() && t.constant &&
          isa<IntegerType>(t.elem()) && !t.elem().isInteger(1) &&
          t.constant.getNumElements() == t.shape()[0] &&
          llvm::all_of(t.constant.getValues<APInt>(),
                       [](const APInt &v) { return v.getSExtValue() >= -1; }))
        for (const APInt &v : t.constant.getValues<APInt>())
          tb.push_back(v.getSExtValue());
      if (tb.size() != size_t(t.shape()[0])) {
        out.bounds.clear();
        out.exact.clear();
        break;
      }
      llvm::append_range(out.bounds, tb);
      if (t.constant)
        out.exact.append(tb.size(), true);
      else
        llvm::append_range(out.exact, exactOf(t));
    }
  }
  for (const Tensor &t : in)
    if (t.length && !out.length) {
      out.length = t.length;
      out.lengthAxis = t.lengthAxis;
    }
  return setOutput(0, out);
}

LogicalResult NodeConverter::opPad() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, opset >= 11 ? 4 : 1, in)))
    return failure();
  const Tensor &x = in[0];
  int64_t rank = x.rank();
  std::string mode = attrString("mode", "constant");
  if (mode != "constant")
    return fail("mode '" + mode + "' is not supported (only 'constant')");
  SmallVector<int64_t> pads;
  if (opset >= 11) {
    auto p = constInts(in.size() > 1 ? in[1] : Tensor(), "pads");
    if (in.size() < 2 || !in[1].value || failed(p))
      return failure();
    pads = *p;
  } else if (auto p = attrInts("pads")) {
    pads = *p;
  }
  SmallVector<int64_t> axes;
  if (in.size() > 3 && in[3].value) {
    auto a = constInts(in[3], "axes");
    if (failed(a))
      return failure();
    for (int64_t ax : *a) {
      auto na = normAxis(ax, rank);
      if (failed(na))
        return failure();
      axes.push_back(*na);
    }
  } else {
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  if (pads.size() != 2 * axes.size())
    return fail("expects " + Twine(2 * axes.size()) + " pads, has " +
                Twine(pads.size()));
  SmallVector<int64_t> lo(rank, 0), shape(x.shape());
  for (auto [k, ax] : llvm::enumerate(axes)) {
    int64_t before = pads[k], after = pads[k + axes.size()];
    if (before < 0 || after < 0 || before > kMaxElements ||
        after > kMaxElements)
      return fail("pads must be between 0 and 2^31 (negative pads crop, "
                  "which is not supported)");
    if (x.length && x.lengthAxis == int64_t(ax) && (before || after))
      return fail("padding an axis with a data-dependent length is not "
                  "supported");
    lo[ax] = before;
    shape[ax] += before + after;
  }
  if (product(shape) > kMaxElements)
    return fail("the result would have too many elements");
  Value padValue = scalar(x.elem(), 0);
  if (opset < 11)
    padValue = scalar(x.elem(), attrFloat("value", 0));
  else if (in.size() > 2 && in[2].value) {
    if (in[2].elem() != x.elem() || product(in[2].shape()) != 1)
      return fail("constant_value must be one value of the data's type");
    padValue = extractScalar(in[2]);
  }
  Tensor out;
  out.value = pad(x.value, lo, shape, padValue);
  if (x.length) {
    out.length = x.length;
    out.lengthAxis = x.lengthAxis;
  }
  return setOutput(0, out);
}

LogicalResult NodeConverter::opSplit() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  auto axisOr = normAxis(attrInt("axis", 0), in[0].rank());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr, dim = in[0].shape()[axis];
  SmallVector<int64_t> sizes;
  if (opset >= 13 && in.size() > 1 && in[1].value) {
    auto s = constInts(in[1], "split");
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (auto s = attrInts("split")) {
    sizes = *s;
  } else {
    int64_t parts = numOutputs();
    if (parts == 0 || dim % parts)
      return fail("cannot split " + Twine(dim) + " into " + Twine(parts) +
                  " equal parts");
    sizes.assign(parts, dim / parts);
  }
  if (int64_t(sizes.size()) != numOutputs())
    return fail("has " + Twine(numOutputs()) + " outputs but " +
                Twine(sizes.size()) + " split sizes");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      return fail("negative split size");
    total += s;
  }
  // One part that is the whole input (torchvision's loop over the batch):
  // the input itself, not a copy.
  if (sizes.size() == 1 && sizes[0] == dim)
    return setOutput(0, in[0]);
  if (total != dim)
    return fail("split sizes add up to " + Twine(total) + ", axis " +
                Twine(axis) + " has " + Twine(dim));
  if (in[0].length && in[0].lengthAxis == axis)
    return fail("splitting along an axis with a data-dependent length is not "
                "supported");
  int64_t off = 0;
  for (auto [i, s] : llvm::enumerate(sizes)) {
    Tensor out;
    SmallVector<int64_t> o(in[0].rank(), 0), sz(in[0].shape()),
        st(in[0].rank(), 1);
    o[axis] = off;
    sz[axis] = s;
    out.value = slice(in[0].value, o, sz, st);
    out.length = in[0].length;
    out.lengthAxis = in[0].lengthAxis;
    if (failed(setOutput(i, out)))
      return failure();
    off += s;
  }
  return success();
}

LogicalResult NodeConverter::opExpand() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  FailureOr<SmallVector<int64_t>> target;
  // The axis of the result a run-time element of the shape broadcasts to.
  int64_t broadcastAxis = -1, broadcastElement = -1;
  if (!in[1].constant && !in[1].bounds.empty()) {
    // A shape computed at run time (torchvision's `expand` to the size of
    // a value with a run-time length): its bounds. An element not known at
    // import time is the input's length over its capacity, or a size the
    // input's 1 broadcasts to (its capacity the bound, its length the
    // element).
    target = in[1].bounds;
    int64_t lead = int64_t(target->size()) - in[0].rank();
    for (auto [i, exact] : llvm::enumerate(in[1].exact)) {
      int64_t axis = int64_t(i) - lead;
      if (exact || (in[0].length && axis == in[0].lengthAxis &&
                    in[0].shape()[axis] == (*target)[i]))
        continue;
      if ((axis < 0 || in[0].shape()[axis] == 1) && !in[0].length &&
          broadcastAxis < 0) {
        broadcastElement = i;
        broadcastAxis = i + std::max<int64_t>(0, -lead);
        continue;
      }
      return fail("element " + Twine(i) +
                  " of the shape is known only at "
                  "run time and is neither the input's length nor a size "
                  "its 1 broadcasts to");
    }
  } else {
    target = constInts(in[1], "the shape");
  }
  if (failed(target))
    return failure();
  Tensor shapeT;
  shapeT.value = empty(*target, in[0].elem());
  for (int64_t d : *target)
    if (d < 0)
      return fail("negative dimension in the shape");
  auto shape = broadcast({in[0], shapeT});
  if (failed(shape))
    return failure();
  if (in[0].constant && broadcastAxis < 0 &&
      product(*shape) <= kMaxFoldElements) {
    auto r = foldElementwise({in[0]}, in[0].elem(), *shape,
                             [](ArrayRef<double> a) { return a[0]; });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  Tensor out;
  out.value = elementwise(
      {in[0].value}, *shape, in[0].elem(),
      [](OpBuilder &, Location, ArrayRef<Value> a) { return a[0]; });
  inheritLength(out, in, *shape);
  if (broadcastAxis >= 0) {
    out.length =
        runtimeDimensionValue(in[1], broadcastElement, (*shape)[broadcastAxis]);
    out.lengthAxis = broadcastAxis;
  }
  return setOutput(0, out);
}

LogicalResult NodeConverter::opTile() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  auto reps = constInts(in[1], "repeats");
  if (failed(reps))
    return failure();
  if (int64_t(reps->size()) != in[0].rank())
    return fail("repeats has " + Twine(reps->size()) + " entries for rank " +
                Twine(in[0].rank()));
  SmallVector<int64_t> shape;
  for (auto [d, r] : llvm::zip(in[0].shape(), *reps)) {
    if (r < 0 || (r > 0 && d > kMaxElements / r))
      return fail("invalid repeats");
    shape.push_back(d * r);
  }
  if (in[0].length)
    return fail("tiling a value with a data-dependent length is not supported");
  Tensor out;
  out.value =
      indexed(shape, in[0].elem(),
              [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                SmallVector<Value> src;
                for (auto [i, iv] : llvm::enumerate(ivs))
                  src.push_back(arith::RemSIOp::create(
                      ob, l, iv,
                      arith::ConstantIndexOp::create(ob, l, in[0].shape()[i])));
                return tensor::ExtractOp::create(ob, l, in[0].value, src);
              });
  return setOutput(0, out);
}

LogicalResult NodeConverter::opConstantOfShape() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  Attribute v = b.getZeroAttr(b.getF32Type());
  Type et = b.getF32Type();
  if (Attribute a = attr("value")) {
    auto t = dyn_cast<DenseElementsAttr>(a);
    if (!t)
      return fail("attribute 'value' must be a tensor");
    if (t.getNumElements() != 1)
      return fail("attribute 'value' must hold one element");
    et = t.getElementType();
    v = *t.value_begin<Attribute>();
  }
  // A shape computed at run time from a value with a run-time length
  // (torchvision's `full_like(scores, label)`): the bounds are the
  // capacity, the one inexact element the run-time length.
  SmallVector<int64_t> shape = boundsOf(in[0]);
  SmallVector<bool> exact = exactOf(in[0]);
  if (in[0].rank() != 1 || shape.size() != size_t(in[0].shape()[0])) {
    auto known = constInts(in[0], "the shape");
    if (failed(known))
      return failure();
    shape = *known;
    exact.assign(shape.size(), true);
  }
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d > 0 && n > kMaxElements / d))
      return fail("invalid shape " + shapeStr(shape));
    n *= d;
  }
  FailureOr<int64_t> lengthDim = runtimeDimension(exact);
  if (failed(lengthDim))
    return failure();
  int64_t lengthAxis = *lengthDim;
  auto attrValue = DenseElementsAttr::get(RankedTensorType::get(shape, et), v);
  if (lengthAxis < 0)
    return setOutput(0, constantTensor(attrValue));
  Tensor out;
  out.value = materialize(attrValue);
  out.length = runtimeDimensionValue(in[0], lengthAxis, shape[lengthAxis]);
  out.lengthAxis = lengthAxis;
  return setOutput(0, out);
}

LogicalResult NodeConverter::opRange() {
  SmallVector<Tensor> in;
  if (failed(inputs(3, 3, in)))
    return failure();
  if (!allConstant(in, 1))
    return fail("start, limit and delta must be known at import time (a "
                "run-time Range has a data-dependent length)");
  Type et = in[0].elem();
  auto get = [&](const Tensor &t) {
    Attribute a = *t.constant.value_begin<Attribute>();
    if (auto f = dyn_cast<FloatAttr>(a))
      return f.getValueAsDouble();
    return double(cast<IntegerAttr>(a).getInt());
  };
  double start = get(in[0]), limit = get(in[1]), delta = get(in[2]);
  if (delta == 0)
    return fail("delta is 0");
  double count = std::max(0.0, std::ceil((limit - start) / delta));
  if (!(count < kMaxFoldElements))
    return fail("the range is too long to be computed at import time");
  int64_t n = count;
  SmallVector<Attribute> vals;
  for (int64_t i = 0; i < n; ++i) {
    double v = start + i * delta;
    vals.push_back(isa<FloatType>(et)
                       ? Attribute(FloatAttr::get(et, v))
                       : Attribute(IntegerAttr::get(et, int64_t(v))));
  }
  return setOutput(0, constantTensor(DenseElementsAttr::get(
                          RankedTensorType::get({n}, et), vals)));
}

} // namespace mlir::detect::onnx_to_detect
