//===- Nn.cpp - Linear algebra, convolution, pooling ---------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

#include <cstring>

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Linear algebra, convolution, pooling
//===----------------------------------------------------------------------===//

LogicalResult NodeConverter::matmul(Tensor a, Tensor bt, bool transA,
                                    bool transB, Tensor &out) {
  // Out[..., i, j] = sum_k A[..., i, k] * B[..., k, j], batch dimensions
  // broadcast (numpy matmul); 1-D operands are promoted and demoted.
  if (a.rank() == 0 || bt.rank() == 0)
    return fail("operands must have rank >= 1");
  if (!isa<FloatType>(a.elem()) || a.elem() != bt.elem())
    return fail("operands must be floats of one type");
  // Constant weights given transposed (torch's Linear: [out, in]) are
  // transposed here, once, so that the innermost loop (over j, below)
  // reads them contiguously instead of gathering with a stride.
  if (transB && bt.constant && bt.rank() == 2 && !bt.constant.isSplat() &&
      isa<FloatType>(bt.elem())) {
    int64_t rows = bt.shape()[0], cols = bt.shape()[1];
    size_t bytes = bt.elem().getIntOrFloatBitWidth() / 8;
    ArrayRef<char> raw = bt.constant.getRawData();
    std::vector<char> flipped(raw.size());
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        std::memcpy(&flipped[(c * rows + r) * bytes],
                    &raw[(r * cols + c) * bytes], bytes);
    bt = constantTensor(DenseElementsAttr::getFromRawBuffer(
        RankedTensorType::get({cols, rows}, bt.elem()), flipped));
    transB = false;
  }
  bool vecA = a.rank() == 1, vecB = bt.rank() == 1;
  Value av = vecA ? reshape(a.value, {1, a.shape()[0]}) : a.value;
  Value bv = vecB ? reshape(bt.value, {bt.shape()[0], 1}) : bt.value;
  auto at = cast<RankedTensorType>(av.getType()),
       btt = cast<RankedTensorType>(bv.getType());
  int64_t ar = at.getRank(), br = btt.getRank();
  int64_t M = at.getDimSize(transA ? ar - 1 : ar - 2),
          Ka = at.getDimSize(transA ? ar - 2 : ar - 1);
  int64_t Kb = btt.getDimSize(transB ? br - 1 : br - 2),
          N = btt.getDimSize(transB ? br - 2 : br - 1);
  if (Ka != Kb)
    return fail("inner dimensions differ: " + shapeStr(a.shape()) + " and " +
                shapeStr(bt.shape()));
  Tensor ba, bb;
  ba.value = empty(at.getShape().drop_back(2), a.elem());
  bb.value = empty(btt.getShape().drop_back(2), a.elem());
  auto batch = broadcast({ba, bb});
  if (failed(batch))
    return failure();
  // Loops (batch..., i, k, j): each output sums over k in order, and the
  // innermost loop runs over independent outputs (vectorizable).
  int64_t nb = batch->size(), rank = nb + 3; // batch..., i, k, j
  SmallVector<int64_t> shape(*batch);
  shape.push_back(M);
  shape.push_back(N);
  auto mapFor = [&](RankedTensorType t, AffineExpr r0, AffineExpr r1) {
    SmallVector<AffineExpr> e;
    int64_t tb = t.getRank() - 2;
    for (int64_t i = 0; i < tb; ++i) {
      int64_t od = nb - tb + i;
      e.push_back(t.getDimSize(i) == 1 && (*batch)[od] != 1
                      ? b.getAffineConstantExpr(0)
                      : b.getAffineDimExpr(od));
    }
    e.push_back(r0);
    e.push_back(r1);
    return AffineMap::get(rank, 0, e, &ctx);
  };
  AffineExpr di = b.getAffineDimExpr(nb), dk = b.getAffineDimExpr(nb + 1),
             dj = b.getAffineDimExpr(nb + 2);
  SmallVector<AffineExpr> oe;
  for (int64_t i = 0; i < nb; ++i)
    oe.push_back(b.getAffineDimExpr(i));
  oe.push_back(di);
  oe.push_back(dj);
  SmallVector<AffineMap> maps{transA ? mapFor(at, dk, di) : mapFor(at, di, dk),
                              transB ? mapFor(btt, dj, dk)
                                     : mapFor(btt, dk, dj),
                              AffineMap::get(rank, 0, oe, &ctx)};
  SmallVector<utils::IteratorType> iters(nb + 1, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
  iters.push_back(utils::IteratorType::parallel);
  Value init = linalg::FillOp::create(b, loc, scalar(a.elem(), 0),
                                      empty(shape, a.elem()))
                   .getResult(0);
  Value r =
      linalg::GenericOp::create(
          b, loc, TypeRange{init.getType()}, ValueRange{av, bv},
          ValueRange{init}, maps, iters,
          [&](OpBuilder &ob, Location l, ValueRange args) {
            Value p = arith::MulFOp::create(ob, l, args[0], args[1]);
            linalg::YieldOp::create(
                ob, l, arith::AddFOp::create(ob, l, args[2], p).getResult());
          })
          .getResult(0);
  SmallVector<int64_t> fshape(*batch);
  if (!vecA)
    fshape.push_back(M);
  if (!vecB)
    fshape.push_back(N);
  out.value = reshape(r, fshape);
  // Rows of A with a run-time length (Faster R-CNN's box head over its
  // proposals) are the result's rows: the length carries over.
  int64_t rowAxis = transA ? a.rank() - 1 : a.rank() - 2;
  if (a.length && !vecA && a.lengthAxis == rowAxis && !bt.length) {
    out.length = a.length;
    out.lengthAxis = int64_t(fshape.size()) - (vecB ? 1 : 2);
  }
  return success();
}

LogicalResult NodeConverter::opMatMul() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  Tensor out;
  if (failed(matmul(in[0], in[1], false, false, out)))
    return failure();
  return setOutput(0, out);
}

LogicalResult NodeConverter::opGemm() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 3, in)))
    return failure();
  if (in[0].rank() != 2 || in[1].rank() != 2)
    return fail("A and B must be 2-D");
  float alpha = attrFloat("alpha", 1.0f), beta = attrFloat("beta", 1.0f);
  Tensor out;
  if (failed(matmul(in[0], in[1], attrInt("transA", 0), attrInt("transB", 0),
                    out)))
    return failure();
  Type et = in[0].elem();
  SmallVector<int64_t> shape(out.shape());
  SmallVector<Value> vals{out.value};
  bool hasC = in.size() > 2 && in[2].value;
  if (hasC) {
    Tensor o = out;
    if (failed(broadcast({o, in[2]})))
      return failure();
    vals.push_back(in[2].value);
  }
  if (alpha != 1.0f || hasC)
    out.value = elementwise(
        vals, shape, et,
        [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
          Value r = a[0];
          if (alpha != 1.0f)
            r = arith::MulFOp::create(
                ob, l, r,
                arith::ConstantOp::create(ob, l, FloatAttr::get(et, alpha)));
          if (a.size() > 1) {
            Value c = a[1];
            if (beta != 1.0f)
              c = arith::MulFOp::create(
                  ob, l, c,
                  arith::ConstantOp::create(ob, l, FloatAttr::get(et, beta)));
            r = arith::AddFOp::create(ob, l, r, c);
          }
          return r;
        });
  return setOutput(0, out);
}

/// Pads, strides and dilations of a 2-D window op (Conv, pooling), with
/// auto_pad resolved; the output size per spatial axis.
namespace {
struct Window {
  int64_t kernel[2], stride[2], dilation[2], padLo[2], padHi[2], out[2];
};
} // namespace

static std::optional<std::string>
resolveWindow(ArrayRef<int64_t> in, ArrayRef<int64_t> kernel,
              std::optional<SmallVector<int64_t>> strides,
              std::optional<SmallVector<int64_t>> dilations,
              std::optional<SmallVector<int64_t>> pads, StringRef autoPad,
              bool ceilMode, Window &w) {
  for (int i = 0; i < 2; ++i) {
    w.kernel[i] = kernel[i];
    w.stride[i] = strides ? (*strides)[i] : 1;
    w.dilation[i] = dilations ? (*dilations)[i] : 1;
    if (w.kernel[i] < 1 || w.stride[i] < 1 || w.dilation[i] < 1)
      return std::string("kernel, strides and dilations must be positive");
    int64_t ext = (w.kernel[i] - 1) * w.dilation[i] + 1;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t o = (in[i] + w.stride[i] - 1) / w.stride[i];
      int64_t total = std::max<int64_t>(0, (o - 1) * w.stride[i] + ext - in[i]);
      w.padLo[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      w.padHi[i] = total - w.padLo[i];
    } else if (autoPad == "NOTSET" || autoPad == "VALID" || autoPad.empty()) {
      w.padLo[i] = (pads && autoPad != "VALID") ? (*pads)[i] : 0;
      w.padHi[i] = (pads && autoPad != "VALID") ? (*pads)[i + 2] : 0;
    } else {
      return "unknown auto_pad '" + autoPad.str() + "'";
    }
    if (w.padLo[i] < 0 || w.padHi[i] < 0)
      return std::string("negative pads");
    int64_t span = in[i] + w.padLo[i] + w.padHi[i] - ext;
    if (span < 0)
      return std::string("the window is larger than the padded input");
    w.out[i] = (ceilMode ? (span + w.stride[i] - 1) / w.stride[i]
                         : span / w.stride[i]) +
               1;
    if (ceilMode && (w.out[i] - 1) * w.stride[i] >= in[i] + w.padLo[i])
      --w.out[i];
  }
  return std::nullopt;
}

LogicalResult
NodeConverter::windowAttrs(std::string &autoPad,
                           std::optional<SmallVector<int64_t>> &strides,
                           std::optional<SmallVector<int64_t>> &dil,
                           std::optional<SmallVector<int64_t>> &pads) {
  autoPad = attrString("auto_pad", "NOTSET");
  strides = attrInts("strides");
  dil = attrInts("dilations");
  pads = attrInts("pads");
  if ((strides && strides->size() != 2) || (dil && dil->size() != 2) ||
      (pads && pads->size() != 4))
    return fail("strides, dilations and pads must have 2, 2 and 4 entries");
  return success();
}

LogicalResult NodeConverter::opConv() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 3, in)))
    return failure();
  const Tensor &x = in[0], &w = in[1];
  if (x.rank() != 4 || w.rank() != 4)
    return fail(
        "only 2-D convolutions (NCHW input, FCHW weights) are supported");
  Type et = x.elem();
  if (!isa<FloatType>(et) || w.elem() != et)
    return fail("expects float operands of one type");
  int64_t N = x.shape()[0], C = x.shape()[1], F = w.shape()[0],
          Cg = w.shape()[1];
  int64_t G = attrInt("group", 1);
  if (G < 1 || C % G || F % G || C / G != Cg)
    return fail("group " + Twine(G) + " does not fit input " +
                shapeStr(x.shape()) + " and weights " + shapeStr(w.shape()));
  auto ks = attrInts("kernel_shape")
                .value_or(SmallVector<int64_t>{w.shape()[2], w.shape()[3]});
  if (ks.size() != 2 || ks[0] != w.shape()[2] || ks[1] != w.shape()[3])
    return fail("kernel_shape contradicts the weights");
  std::string autoPad;
  std::optional<SmallVector<int64_t>> strides, dil, pads;
  if (failed(windowAttrs(autoPad, strides, dil, pads)))
    return failure();
  Window win;
  if (auto e = resolveWindow(x.shape().drop_front(2), ks, strides, dil, pads,
                             autoPad, false, win))
    return fail(*e);
  Value xp = x.value;
  if (win.padLo[0] || win.padLo[1] || win.padHi[0] || win.padHi[1]) {
    SmallVector<int64_t> ps{N, C, x.shape()[2] + win.padLo[0] + win.padHi[0],
                            x.shape()[3] + win.padLo[1] + win.padHi[1]};
    xp = pad(x.value, {0, 0, win.padLo[0], win.padLo[1]}, ps, scalar(et, 0));
  }
  // One generic for every group count, input channel (f floordiv F/G) *
  // C/G + c. Loops (n, f, c, kh, kw, oh, ow): each output still sums its
  // terms in (c, kh, kw) order, but the innermost loop runs over
  // independent outputs, which LLVM vectorizes (a reduction innermost is a
  // chain of dependent float additions).
  SmallVector<int64_t> shape{N, F, win.out[0], win.out[1]};
  AffineExpr n = b.getAffineDimExpr(0), f = b.getAffineDimExpr(1),
             c = b.getAffineDimExpr(2), kh = b.getAffineDimExpr(3),
             kw = b.getAffineDimExpr(4), oh = b.getAffineDimExpr(5),
             ow = b.getAffineDimExpr(6);
  AffineExpr ic = G == 1 ? c : f.floorDiv(F / G) * Cg + c;
  SmallVector<AffineMap> maps{
      AffineMap::get(7, 0,
                     {n, ic, oh * win.stride[0] + kh * win.dilation[0],
                      ow * win.stride[1] + kw * win.dilation[1]},
                     &ctx),
      AffineMap::get(7, 0, {f, c, kh, kw}, &ctx),
      AffineMap::get(7, 0, {n, f, oh, ow}, &ctx)};
  SmallVector<utils::IteratorType> iters(2, utils::IteratorType::parallel);
  iters.append(3, utils::IteratorType::reduction);
  iters.append(2, utils::IteratorType::parallel);
  Value init = linalg::FillOp::create(b, loc, scalar(et, 0), empty(shape, et))
                   .getResult(0);
  if (in.size() > 2 && in[2].value) {
    if (in[2].rank() != 1 || in[2].shape()[0] != F)
      return fail("bias must be [" + Twine(F) + "]");
    init =
        linalg::GenericOp::create(
            b, loc, TypeRange{init.getType()}, ValueRange{in[2].value},
            ValueRange{init},
            ArrayRef<AffineMap>{
                AffineMap::get(4, 0, {b.getAffineDimExpr(1)}, &ctx),
                b.getMultiDimIdentityMap(4)},
            SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
            [](OpBuilder &ob, Location l, ValueRange a) {
              linalg::YieldOp::create(ob, l, a[0]);
            })
            .getResult(0);
  }
  Tensor out;
  out.value =
      linalg::GenericOp::create(
          b, loc, TypeRange{init.getType()}, ValueRange{xp, w.value},
          ValueRange{init}, maps, iters,
          [](OpBuilder &ob, Location l, ValueRange a) {
            Value p = arith::MulFOp::create(ob, l, a[0], a[1]);
            linalg::YieldOp::create(
                ob, l, arith::AddFOp::create(ob, l, a[2], p).getResult());
          })
          .getResult(0);
  return setOutput(0, out);
}

LogicalResult NodeConverter::pool(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  const Tensor &x = in[0];
  if (x.rank() != 4 || !isa<FloatType>(x.elem()))
    return fail("only 2-D pooling of float NCHW inputs is supported");
  if (numOutputs() > 1)
    return fail("the Indices output is not supported");
  auto ks = attrInts("kernel_shape");
  if (!ks || ks->size() != 2)
    return fail("kernel_shape must have 2 entries");
  std::string autoPad;
  std::optional<SmallVector<int64_t>> strides, dil, pads;
  if (failed(windowAttrs(autoPad, strides, dil, pads)))
    return failure();
  bool ceilMode = attrInt("ceil_mode", 0) != 0;
  bool includePad = attrInt("count_include_pad", 0) != 0;
  Window win;
  if (auto e = resolveWindow(x.shape().drop_front(2), *ks, strides, dil, pads,
                             autoPad, ceilMode, win))
    return fail(*e);
  Type et = x.elem();
  bool isMax = op == "MaxPool";
  bool padded = win.padLo[0] || win.padLo[1] || win.padHi[0] || win.padHi[1];
  if (!isMax && padded && !includePad)
    return fail(
        "AveragePool with pads and count_include_pad = 0 is not supported");
  // The padding is large enough for ceil_mode's last window too.
  int64_t H = x.shape()[2], W = x.shape()[3];
  int64_t extH = (win.out[0] - 1) * win.stride[0] +
                 (win.kernel[0] - 1) * win.dilation[0] + 1;
  int64_t extW = (win.out[1] - 1) * win.stride[1] +
                 (win.kernel[1] - 1) * win.dilation[1] + 1;
  int64_t hiH = std::max<int64_t>(0, extH - H - win.padLo[0]);
  int64_t hiW = std::max<int64_t>(0, extW - W - win.padLo[1]);
  if (!isMax && (hiH != win.padHi[0] || hiW != win.padHi[1]) && ceilMode)
    return fail("AveragePool with ceil_mode is not supported");
  Value padV =
      scalar(et, isMax ? -std::numeric_limits<double>::infinity() : 0.0);
  Value xp = x.value;
  if (win.padLo[0] || win.padLo[1] || hiH || hiW)
    xp = pad(x.value, {0, 0, win.padLo[0], win.padLo[1]},
             {x.shape()[0], x.shape()[1], H + win.padLo[0] + hiH,
              W + win.padLo[1] + hiW},
             padV);
  SmallVector<int64_t> shape{x.shape()[0], x.shape()[1], win.out[0],
                             win.out[1]};
  AffineExpr n = b.getAffineDimExpr(0), c = b.getAffineDimExpr(1),
             oh = b.getAffineDimExpr(2), ow = b.getAffineDimExpr(3),
             kh = b.getAffineDimExpr(4), kw = b.getAffineDimExpr(5);
  SmallVector<AffineMap> maps{
      AffineMap::get(6, 0,
                     {n, c, oh * win.stride[0] + kh * win.dilation[0],
                      ow * win.stride[1] + kw * win.dilation[1]},
                     &ctx),
      AffineMap::get(6, 0, {n, c, oh, ow}, &ctx)};
  SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  Value init =
      linalg::FillOp::create(b, loc, padV, empty(shape, et)).getResult(0);
  // The window's extent is only in the indexing maps; a generic carries it
  // through an extra input of the window's shape.
  Value windowT = empty({win.kernel[0], win.kernel[1]}, et);
  maps.insert(maps.begin() + 1, AffineMap::get(6, 0, {kh, kw}, &ctx));
  Value r = linalg::GenericOp::create(
                b, loc, TypeRange{init.getType()}, ValueRange{xp, windowT},
                ValueRange{init}, maps, iters,
                [&](OpBuilder &ob, Location l, ValueRange a) {
                  Value v =
                      isMax
                          ? Value(arith::MaximumFOp::create(ob, l, a[2], a[0]))
                          : Value(arith::AddFOp::create(ob, l, a[2], a[0]));
                  linalg::YieldOp::create(ob, l, v);
                })
                .getResult(0);
  if (!isMax) {
    Value cnt = scalar(et, double(win.kernel[0] * win.kernel[1]));
    r = elementwise({r}, shape, et,
                    [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
                      return arith::DivFOp::create(ob, l, a[0], cnt);
                    });
  }
  Tensor out;
  out.value = r;
  return setOutput(0, out);
}

/// Resize (opsets 10 to 17): nearest and linear modes over any axes whose
/// size changes, with the coordinate transformations exporters write
/// (torch's interpolate: half_pixel, pytorch_half_pixel, align_corners,
/// asymmetric). Coordinates and weights are computed in f32, as ONNX
/// Runtime does; each output element reads its 2^k neighbours directly.
LogicalResult NodeConverter::resizeShape(ArrayRef<Tensor> in,
                                         SmallVector<double> &scales,
                                         SmallVector<int64_t> &outShape) {
  const Tensor &x = in[0];
  int64_t rank = x.rank();
  int scalesInput = opset >= 11 ? 2 : 1;
  bool haveSizes = opset >= 11 && in.size() > 3 && in[3].value;
  if (haveSizes) {
    auto sizes = constInts(in[3], "sizes");
    if (failed(sizes))
      return failure();
    if (int64_t(sizes->size()) != rank)
      return fail("sizes must have one value per dimension");
    for (int64_t d = 0; d < rank; ++d) {
      if ((*sizes)[d] <= 0 || (*sizes)[d] > kMaxElements)
        return fail("invalid sizes " + shapeStr(*sizes));
      outShape[d] = (*sizes)[d];
      scales[d] = double(float(outShape[d]) / float(x.shape()[d]));
    }
  } else if (int64_t(in.size()) > scalesInput && in[scalesInput].value &&
             product(in[scalesInput].shape()) > 0) {
    const Tensor &s = in[scalesInput];
    if (!s.constant || !isa<FloatType>(s.elem()) || product(s.shape()) != rank)
      return fail(
          "scales must be one float per dimension known at import time");
    for (auto [d, v] : llvm::enumerate(s.constant.getValues<APFloat>())) {
      scales[d] = v.convertToDouble();
      double size = std::floor(x.shape()[d] * scales[d]);
      if (!(scales[d] > 0) || !(size >= 1 && size <= double(kMaxElements)))
        return fail("invalid scale " + std::to_string(scales[d]));
      outShape[d] = int64_t(size);
    }
  } else {
    return fail("expects scales or sizes");
  }
  return success();
}

LogicalResult NodeConverter::opResize() {
  SmallVector<Tensor> in;
  if (failed(inputs(opset >= 11 ? 1 : 2, 4, in)))
    return failure();
  const Tensor &x = in[0];
  int64_t rank = x.rank();
  if (!isa<FloatType>(x.elem()))
    return fail("expects a float input");
  if (x.length)
    return fail(
        "resizing a value with a data-dependent length is not supported");
  std::string mode = attrString("mode", "nearest");
  std::string coord =
      opset >= 11 ? attrString("coordinate_transformation_mode", "half_pixel")
                  : "asymmetric";
  std::string nearest = attrString("nearest_mode", "round_prefer_floor");
  if (mode != "nearest" && mode != "linear")
    return fail("mode '" + mode + "' is not supported (nearest, linear)");
  if (coord != "half_pixel" && coord != "pytorch_half_pixel" &&
      coord != "align_corners" && coord != "asymmetric")
    return fail("coordinate_transformation_mode '" + coord +
                "' is not supported");
  if (nearest != "round_prefer_floor" && nearest != "round_prefer_ceil" &&
      nearest != "floor" && nearest != "ceil")
    return fail("nearest_mode '" + nearest + "' is not supported");
  if (attrInt("exclude_outside", 0) || attr("axes"))
    return fail("exclude_outside and axes are not supported");
  // Scales or sizes, known at import time.
  SmallVector<double> scales(rank, 1.0);
  SmallVector<int64_t> outShape(x.shape());
  if (failed(resizeShape(in, scales, outShape)))
    return failure();
  if (product(outShape) > kMaxElements)
    return fail("the result would have too many elements");
  Type et = x.elem();
  auto f32 = b.getF32Type();
  SmallVector<int64_t> resized;
  for (int64_t d = 0; d < rank; ++d)
    if (outShape[d] != x.shape()[d] || scales[d] != 1.0)
      resized.push_back(d);
  if (mode == "linear" && resized.size() > 3)
    return fail("linear interpolation over more than 3 axes is not supported");

  Tensor out;
  out.value = indexed(
      outShape, et,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
        auto cf = [&](double v) -> Value {
          return arith::ConstantOp::create(ob, l, FloatAttr::get(f32, v));
        };
        auto ci = [&](int64_t v) -> Value {
          return arith::ConstantIndexOp::create(ob, l, v);
        };
        // Per resized axis: the source coordinate in f32.
        SmallVector<Value> lowIdx(ivs), highIdx(ivs), weightHigh(rank);
        for (int64_t d : resized) {
          int64_t inLen = x.shape()[d], outLen = outShape[d];
          Value xo = arith::UIToFPOp::create(
              ob, l, f32,
              arith::IndexCastUIOp::create(ob, l, ob.getI64Type(), ivs[d]));
          Value src;
          if (coord == "asymmetric") {
            src = arith::DivFOp::create(ob, l, xo, cf(scales[d]));
          } else if (coord == "align_corners") {
            src = outLen == 1
                      ? cf(0)
                      : arith::DivFOp::create(
                            ob, l,
                            arith::MulFOp::create(ob, l, xo, cf(inLen - 1)),
                            cf(outLen - 1))
                            .getResult();
          } else if (coord == "pytorch_half_pixel" && outLen == 1) {
            src = cf(0);
          } else {
            src = arith::SubFOp::create(
                ob, l,
                arith::DivFOp::create(ob, l,
                                      arith::AddFOp::create(ob, l, xo, cf(0.5)),
                                      cf(scales[d])),
                cf(0.5));
          }
          auto toIndex = [&](Value f) -> Value {
            Value i = arith::FPToSIOp::create(ob, l, ob.getI64Type(), f);
            Value idx = arith::IndexCastOp::create(ob, l, ob.getIndexType(), i);
            return arith::MinSIOp::create(
                ob, l, arith::MaxSIOp::create(ob, l, idx, ci(0)),
                ci(inLen - 1));
          };
          if (mode == "nearest") {
            Value r;
            if (nearest == "floor")
              r = math::FloorOp::create(ob, l, src);
            else if (nearest == "ceil")
              r = math::CeilOp::create(ob, l, src);
            else {
              // Round half down (prefer floor) or half up (prefer ceil).
              Value fl = math::FloorOp::create(ob, l, src);
              Value frac = arith::SubFOp::create(ob, l, src, fl);
              Value up = arith::CmpFOp::create(ob, l,
                                               nearest == "round_prefer_floor"
                                                   ? arith::CmpFPredicate::OGT
                                                   : arith::CmpFPredicate::OGE,
                                               frac, cf(0.5));
              r = arith::SelectOp::create(
                  ob, l, up, arith::AddFOp::create(ob, l, fl, cf(1)), fl);
            }
            lowIdx[d] = toIndex(r);
            continue;
          }
          // Linear: clamp into the input, then the two neighbours.
          Value clamped = arith::MinimumFOp::create(
              ob, l, arith::MaximumFOp::create(ob, l, src, cf(0)),
              cf(inLen - 1));
          Value fl = math::FloorOp::create(ob, l, clamped);
          lowIdx[d] = toIndex(fl);
          highIdx[d] = arith::MinSIOp::create(
              ob, l, arith::AddIOp::create(ob, l, lowIdx[d], ci(1)),
              ci(inLen - 1));
          weightHigh[d] = arith::SubFOp::create(ob, l, clamped, fl);
        }
        if (mode == "nearest")
          return tensor::ExtractOp::create(ob, l, x.value, lowIdx);
        // Sum over the 2^k corners of value * product of weights.
        Value acc;
        for (unsigned corner = 0; corner < (1u << resized.size()); ++corner) {
          SmallVector<Value> idx(lowIdx);
          Value w = cf(1);
          for (auto [k, d] : llvm::enumerate(resized)) {
            bool high = corner & (1u << k);
            idx[d] = high ? highIdx[d] : lowIdx[d];
            Value wd =
                high
                    ? weightHigh[d]
                    : Value(arith::SubFOp::create(ob, l, cf(1), weightHigh[d]));
            w = arith::MulFOp::create(ob, l, w, wd);
          }
          Value v = tensor::ExtractOp::create(ob, l, x.value, idx);
          if (et != f32)
            w = convert(ob, l, w, et);
          Value term = arith::MulFOp::create(ob, l, v, w);
          acc = acc ? Value(arith::AddFOp::create(ob, l, acc, term)) : term;
        }
        return acc;
      });
  return setOutput(0, out);
}

LogicalResult NodeConverter::opGlobalAveragePool() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  const Tensor &x = in[0];
  if (x.rank() < 3 || !isa<FloatType>(x.elem()))
    return fail("expects a float input of rank >= 3");
  Type et = x.elem();
  SmallVector<bool> red(x.rank(), true);
  red[0] = red[1] = false;
  Value s = reduce(x.value, red, scalar(et, 0),
                   [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
                     return arith::AddFOp::create(ob, l, a, v);
                   });
  Value cnt = scalar(et, double(product(x.shape().drop_front(2))));
  Tensor out;
  out.value =
      elementwise({s}, cast<RankedTensorType>(s.getType()).getShape(), et,
                  [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
                    return arith::DivFOp::create(ob, l, a[0], cnt);
                  });
  return setOutput(0, out);
}

LogicalResult NodeConverter::opBatchNormalization() {
  SmallVector<Tensor> in;
  if (failed(inputs(5, 5, in)))
    return failure();
  if (numOutputs() > 1)
    return fail("training outputs are not supported");
  const Tensor &x = in[0];
  if (x.rank() < 2 || !isa<FloatType>(x.elem()))
    return fail("expects a float input of rank >= 2");
  int64_t C = x.shape()[1];
  SmallVector<Value> vals{x.value};
  SmallVector<int64_t> pshape{C};
  pshape.append(x.rank() - 2, 1);
  for (int i = 1; i < 5; ++i) {
    if (in[i].rank() != 1 || in[i].shape()[0] != C || in[i].elem() != x.elem())
      return fail("scale, bias, mean and var must be [" + Twine(C) + "]");
    vals.push_back(reshape(in[i].value, pshape));
  }
  float eps = attrFloat("epsilon", 1e-5f);
  Type et = x.elem();
  Tensor out;
  out.value = elementwise(
      vals, x.shape(), et,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value e = arith::ConstantOp::create(ob, l, FloatAttr::get(et, eps));
        Value d =
            math::SqrtOp::create(ob, l, arith::AddFOp::create(ob, l, a[4], e));
        Value y = arith::DivFOp::create(
            ob, l, arith::SubFOp::create(ob, l, a[0], a[3]), d);
        return arith::AddFOp::create(
            ob, l, arith::MulFOp::create(ob, l, y, a[1]), a[2]);
      });
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
