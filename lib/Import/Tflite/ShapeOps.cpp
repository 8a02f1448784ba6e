//===- ShapeOps.cpp - TFLite data-movement operators -> linalg ------------===//
//
// Part of detect-mlir. RESHAPE SQUEEZE EXPAND_DIMS CONCATENATION TRANSPOSE
// SLICE STRIDED_SLICE GATHER PACK UNPACK: index-computing linalg.generics
// (tensor.extract at computed indices), never views, as in the ONNX
// importer: a reshaped or strided view would need memrefCopy on the LLVM
// route and cannot be written by the C route. Shapes, axes, begins and
// ends must be constants: every shape stays static.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <numeric>

namespace detect {
namespace tflite_import {

static Value cidx(OpBuilder &ob, Location l, int64_t v) {
  return arith::ConstantIndexOp::create(ob, l, v);
}

static FailureOr<int64_t> normAxis(Importer &im, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return im.fail("axis " + std::to_string(axis) + " is outside [" +
                   std::to_string(-rank) + ", " + std::to_string(rank) + ")");
  return axis < 0 ? axis + rank : axis;
}

static FailureOr<Value> dataInput(Importer &im, int64_t i) {
  FailureOr<Value> x = im.input(i);
  return x;
}

/// A reshape to the shape the output tensor declares, checked against the
/// number of elements (new_shape and the shape input say the same in valid
/// files; the declared shape is the one TFLite resolved).
static LogicalResult reshapeToDeclared(Importer &im) {
  FailureOr<Value> x = dataInput(im, 0);
  if (failed(x))
    return failure();
  FailureOr<RankedTensorType> out = im.tensorType(im.outputIndex(0));
  if (failed(out))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (out->getNumElements() != xt.getNumElements())
    return im.fail("cannot reshape " + shapeStr(xt.getShape()) + " to " +
                   shapeStr(out->getShape()));
  return im.setOutput(0, im.reshape(*x, out->getShape()));
}

LogicalResult importReshape(Importer &im) {
  if (failed(im.expectArity(1, 2, 1)))
    return failure();
  return reshapeToDeclared(im);
}
LogicalResult importSqueeze(Importer &im) {
  if (failed(im.expectArity(1, 1, 1)))
    return failure();
  return reshapeToDeclared(im);
}
LogicalResult importExpandDims(Importer &im) {
  if (failed(im.expectArity(2, 2, 1)))
    return failure();
  return reshapeToDeclared(im);
}

LogicalResult importConcatenation(Importer &im) {
  if (im.numInputs() < 1 || im.numOutputs() != 1)
    return im.fail("needs at least one input and one output");
  const auto *opts = im.op().builtin_options_as_ConcatenationOptions();
  if (opts &&
      opts->fused_activation_function() != fb::ActivationFunctionType::NONE)
    return im.fail("fused activations are not supported");
  if (failed(im.refuseQuantizedInputs()))
    return failure();
  SmallVector<Value> ins;
  for (int64_t i = 0; i < im.numInputs(); ++i) {
    FailureOr<Value> v = dataInput(im, i);
    if (failed(v))
      return failure();
    ins.push_back(*v);
  }
  auto first = cast<RankedTensorType>(ins[0].getType());
  FailureOr<int64_t> axis =
      normAxis(im, opts ? opts->axis() : 0, first.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  SmallVector<int64_t> offsets = {0};
  shape[*axis] = 0;
  for (Value v : ins) {
    auto t = cast<RankedTensorType>(v.getType());
    for (int64_t d = 0; d < first.getRank(); ++d)
      if (t.getRank() != first.getRank() ||
          t.getElementType() != first.getElementType() ||
          (d != *axis && t.getDimSize(d) != first.getDimSize(d)))
        return im.fail("inputs " + shapeStr(first.getShape()) + " and " +
                       shapeStr(t.getShape()) + " do not concatenate on axis " +
                       std::to_string(*axis));
    shape[*axis] += t.getDimSize(*axis);
    offsets.push_back(shape[*axis]);
  }
  Value r = im.indexed(
      shape, first.getElementType(),
      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
        // The last input whose offset is <= the index holds the element;
        // every input is read at an index clamped into its own range.
        Value result;
        for (auto [k, v] : llvm::enumerate(ins)) {
          int64_t size = cast<RankedTensorType>(v.getType()).getDimSize(*axis);
          if (size == 0)
            continue;
          SmallVector<Value> idx(ivs);
          Value local =
              arith::SubIOp::create(ob, l, ivs[*axis], cidx(ob, l, offsets[k]));
          local = arith::MaxSIOp::create(ob, l, local, cidx(ob, l, 0));
          local = arith::MinSIOp::create(ob, l, local, cidx(ob, l, size - 1));
          idx[*axis] = local;
          Value e = tensor::ExtractOp::create(ob, l, v, idx);
          if (!result) {
            result = e;
            continue;
          }
          Value here =
              arith::CmpIOp::create(ob, l, arith::CmpIPredicate::sge,
                                    ivs[*axis], cidx(ob, l, offsets[k]));
          result = arith::SelectOp::create(ob, l, here, e, result);
        }
        // Every input empty along the axis: so is the result, whose body
        // never runs but must still yield a value.
        if (!result)
          result = arith::ConstantOp::create(
              ob, l, ob.getZeroAttr(first.getElementType()));
        return result;
      });
  return im.setOutput(0, r);
}

LogicalResult importTranspose(Importer &im) {
  if (failed(im.expectArity(2, 2, 1)))
    return failure();
  FailureOr<Value> x = dataInput(im, 0);
  FailureOr<SmallVector<int64_t>> perm = im.constantInts(1, "perm");
  if (failed(x) || failed(perm))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  SmallVector<int64_t> sorted(*perm);
  llvm::sort(sorted);
  SmallVector<int64_t> iota(xt.getRank());
  std::iota(iota.begin(), iota.end(), 0);
  if (sorted != iota)
    return im.fail("perm " + shapeStr(*perm) + " is not a permutation of the " +
                   std::to_string(xt.getRank()) + " axes");
  SmallVector<int64_t> shape;
  for (int64_t p : *perm)
    shape.push_back(xt.getDimSize(p));
  Value init = im.empty(shape, xt.getElementType());
  Value r =
      linalg::TransposeOp::create(im.b, im.loc, *x, init, *perm).getResult()[0];
  return im.setOutput(0, r);
}

/// Reads x at start + i * stride on every axis of the output (`keep` marks
/// the input axes the output has; the others are fixed at their start).
static Value strided(Importer &im, Value x, ArrayRef<int64_t> start,
                     ArrayRef<int64_t> stride, ArrayRef<int64_t> inShape,
                     ArrayRef<bool> keep, ArrayRef<int64_t> outShape) {
  auto xt = cast<RankedTensorType>(x.getType());
  return im.indexed(
      outShape, xt.getElementType(),
      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
        SmallVector<Value> idx;
        size_t o = 0;
        for (size_t d = 0; d < inShape.size(); ++d) {
          Value i = keep[d] ? ivs[o++] : cidx(ob, l, 0);
          Value v = arith::AddIOp::create(
              ob, l, cidx(ob, l, start[d]),
              arith::MulIOp::create(ob, l, i, cidx(ob, l, stride[d])));
          idx.push_back(v);
        }
        return tensor::ExtractOp::create(ob, l, x, idx);
      });
}

LogicalResult importSlice(Importer &im) {
  if (failed(im.expectArity(3, 3, 1)))
    return failure();
  FailureOr<Value> x = dataInput(im, 0);
  FailureOr<SmallVector<int64_t>> begin = im.constantInts(1, "begin");
  FailureOr<SmallVector<int64_t>> size = im.constantInts(2, "size");
  if (failed(x) || failed(begin) || failed(size))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  int64_t rank = xt.getRank();
  if ((int64_t)begin->size() != rank || (int64_t)size->size() != rank)
    return im.fail("begin and size must have one entry per axis");
  SmallVector<int64_t> shape, stride(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = xt.getDimSize(d), b0 = (*begin)[d];
    int64_t s = (*size)[d] == -1 ? n - b0 : (*size)[d];
    if (b0 < 0 || s < 0 || b0 + s > n)
      return im.fail("slice [" + std::to_string(b0) + ", +" +
                     std::to_string(s) + ") is outside axis " +
                     std::to_string(d) + " of size " + std::to_string(n));
    shape.push_back(s);
  }
  SmallVector<bool> keep(rank, true);
  return im.setOutput(
      0, strided(im, *x, *begin, stride, xt.getShape(), keep, shape));
}

/// TensorFlow's strided slice with begin/end/shrink masks (no ellipsis, no
/// new axes): indices are clamped as TensorFlow clamps them.
LogicalResult importStridedSlice(Importer &im) {
  if (failed(im.expectArity(4, 4, 1)))
    return failure();
  const auto *o = im.op().builtin_options_as_StridedSliceOptions();
  int32_t beginMask = o ? o->begin_mask() : 0, endMask = o ? o->end_mask() : 0;
  int32_t shrinkMask = o ? o->shrink_axis_mask() : 0;
  if (o && (o->ellipsis_mask() || o->new_axis_mask() || o->offset()))
    return im.fail("ellipsis_mask, new_axis_mask and offset are not supported");
  FailureOr<Value> x = dataInput(im, 0);
  FailureOr<SmallVector<int64_t>> begin = im.constantInts(1, "begin");
  FailureOr<SmallVector<int64_t>> end = im.constantInts(2, "end");
  FailureOr<SmallVector<int64_t>> strides = im.constantInts(3, "strides");
  if (failed(x) || failed(begin) || failed(end) || failed(strides))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  int64_t rank = xt.getRank();
  if ((int64_t)begin->size() > rank || begin->size() != end->size() ||
      begin->size() != strides->size())
    return im.fail("begin, end and strides must have the same length, at most "
                   "the rank");
  SmallVector<int64_t> start, step, shape;
  SmallVector<bool> keep;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t n = xt.getDimSize(d);
    bool given = d < (int64_t)begin->size();
    int64_t s = given ? (*strides)[d] : 1;
    if (s == 0)
      return im.fail("stride 0 on axis " + std::to_string(d));
    int64_t b0 = given ? (*begin)[d] : 0, e0 = given ? (*end)[d] : n;
    if (given && (shrinkMask >> d) & 1) {
      if (b0 < -n || b0 >= n)
        return im.fail("index " + std::to_string(b0) + " is outside axis " +
                       std::to_string(d) + " of size " + std::to_string(n));
      start.push_back(b0 < 0 ? b0 + n : b0);
      step.push_back(1);
      keep.push_back(false);
      continue;
    }
    auto clampIndex = [&](int64_t v, bool masked, bool isBegin) -> int64_t {
      if (masked)
        return s > 0 ? (isBegin ? 0 : n) : (isBegin ? n - 1 : -1);
      if (v < 0)
        v += n;
      return s > 0 ? std::clamp<int64_t>(v, 0, n)
                   : std::clamp<int64_t>(v, -1, n - 1);
    };
    int64_t lo = clampIndex(b0, given && ((beginMask >> d) & 1), true);
    int64_t hi = clampIndex(e0, !given || ((endMask >> d) & 1), false);
    int64_t count = s > 0 ? (hi > lo ? (hi - lo + s - 1) / s : 0)
                          : (lo > hi ? (lo - hi + (-s) - 1) / (-s) : 0);
    start.push_back(count ? lo : 0);
    step.push_back(s);
    keep.push_back(true);
    shape.push_back(count);
  }
  return im.setOutput(0,
                      strided(im, *x, start, step, xt.getShape(), keep, shape));
}

/// GATHER along `axis` (batch_dims 0); indices out of range are clamped
/// (TFLite fails the op there), so no read leaves the tensor.
LogicalResult importGather(Importer &im) {
  if (failed(im.expectArity(2, 2, 1)))
    return failure();
  const auto *o = im.op().builtin_options_as_GatherOptions();
  if (o && o->batch_dims() != 0)
    return im.fail("batch_dims other than 0 is not supported");
  FailureOr<Value> x = dataInput(im, 0), indices = dataInput(im, 1);
  if (failed(x) || failed(indices))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  auto it = cast<RankedTensorType>(indices->getType());
  if (!it.getElementType().isInteger(32) && !it.getElementType().isInteger(64))
    return im.fail("indices must be int32 or int64");
  FailureOr<int64_t> axis = normAxis(im, o ? o->axis() : 0, xt.getRank());
  if (failed(axis))
    return failure();
  int64_t n = xt.getDimSize(*axis);
  if (n == 0)
    return im.fail("cannot gather from an empty axis");
  SmallVector<int64_t> shape(xt.getShape().take_front(*axis));
  shape.append(it.getShape().begin(), it.getShape().end());
  shape.append(xt.getShape().begin() + *axis + 1, xt.getShape().end());
  int64_t ir = it.getRank();
  Value r = im.indexed(
      shape, xt.getElementType(),
      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
        SmallVector<Value> iidx(ivs.begin() + *axis, ivs.begin() + *axis + ir);
        Value k = tensor::ExtractOp::create(ob, l, *indices, iidx);
        k = arith::IndexCastOp::create(ob, l, ob.getIndexType(), k);
        k = arith::MaxSIOp::create(ob, l, k, cidx(ob, l, 0));
        k = arith::MinSIOp::create(ob, l, k, cidx(ob, l, n - 1));
        SmallVector<Value> idx(ivs.begin(), ivs.begin() + *axis);
        idx.push_back(k);
        idx.append(ivs.begin() + *axis + ir, ivs.end());
        return tensor::ExtractOp::create(ob, l, *x, idx);
      });
  return im.setOutput(0, r);
}

LogicalResult importPack(Importer &im) {
  if (im.numInputs() < 1 || im.numOutputs() != 1)
    return im.fail("needs at least one input and one output");
  const auto *o = im.op().builtin_options_as_PackOptions();
  SmallVector<Value> ins;
  for (int64_t i = 0; i < im.numInputs(); ++i) {
    FailureOr<Value> v = dataInput(im, i);
    if (failed(v))
      return failure();
    if (!ins.empty() && v->getType() != ins.front().getType())
      return im.fail("inputs must have one type");
    ins.push_back(*v);
  }
  auto t = cast<RankedTensorType>(ins[0].getType());
  FailureOr<int64_t> axis = normAxis(im, o ? o->axis() : 0, t.getRank() + 1);
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(t.getShape());
  shape.insert(shape.begin() + *axis, static_cast<int64_t>(ins.size()));
  Value r =
      im.indexed(shape, t.getElementType(),
                 [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                   SmallVector<Value> idx(ivs);
                   idx.erase(idx.begin() + *axis);
                   Value result = tensor::ExtractOp::create(ob, l, ins[0], idx);
                   for (size_t k = 1; k < ins.size(); ++k) {
                     Value e = tensor::ExtractOp::create(ob, l, ins[k], idx);
                     Value here =
                         arith::CmpIOp::create(ob, l, arith::CmpIPredicate::eq,
                                               ivs[*axis], cidx(ob, l, k));
                     result = arith::SelectOp::create(ob, l, here, e, result);
                   }
                   return result;
                 });
  return im.setOutput(0, r);
}

LogicalResult importUnpack(Importer &im) {
  if (im.numInputs() != 1)
    return im.fail("needs one input");
  const auto *o = im.op().builtin_options_as_UnpackOptions();
  FailureOr<Value> x = dataInput(im, 0);
  if (failed(x))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  FailureOr<int64_t> axis = normAxis(im, o ? o->axis() : 0, xt.getRank());
  if (failed(axis))
    return failure();
  if (im.numOutputs() != xt.getDimSize(*axis))
    return im.fail("has " + std::to_string(im.numOutputs()) +
                   " outputs for an axis of size " +
                   std::to_string(xt.getDimSize(*axis)));
  SmallVector<int64_t> shape(xt.getShape());
  shape.erase(shape.begin() + *axis);
  for (int64_t k = 0; k < im.numOutputs(); ++k) {
    SmallVector<int64_t> start(xt.getRank(), 0), step(xt.getRank(), 1);
    SmallVector<bool> keep(xt.getRank(), true);
    start[*axis] = k;
    keep[*axis] = false;
    if (failed(im.setOutput(
            k, strided(im, *x, start, step, xt.getShape(), keep, shape))))
      return failure();
  }
  return success();
}

} // namespace tflite_import
} // namespace detect
