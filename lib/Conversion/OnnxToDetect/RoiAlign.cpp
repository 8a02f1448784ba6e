//===- RoiAlign.cpp - RoiAlign --------------------------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// RoiAlign as ONNX Runtime's CPU kernel computes it (Faster R-CNN's
// MultiScaleRoIAlign exports one per feature level): each output bin
// averages (or, in `max` mode, takes the largest of) a grid of bilinear
// samples. Arithmetic in the element type, in ONNX Runtime's order, so that
// results agree to the rounding.
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

#include <array>

namespace mlir::detect::onnx_to_detect {

namespace {

/// The largest sampling grid per axis that an adaptive RoiAlign
/// (`sampling_ratio = 0`, grid = ceil(bin size)) runs: a bound on the work
/// of one bin whatever the boxes hold. A box reaches it only by being more
/// than 65,536 bins of its output tall or wide.
constexpr int64_t kMaxAdaptiveGrid = 1 << 16;

/// Builds the arithmetic of one output element; `T` is the element type.
struct RoiAlignBuilder {
  OpBuilder &b;
  Location l;
  Type t;
  Value x; // [N, C, H, W]
  int64_t height, width;

  Value cst(double v) {
    return arith::ConstantOp::create(b, l,
                                     FloatAttr::get(cast<FloatType>(t), v));
  }
  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, l, v); }
  Value toT(Value i) {
    if (i.getType().isIndex())
      i = arith::IndexCastOp::create(b, l, b.getI64Type(), i);
    return arith::SIToFPOp::create(b, l, t, i);
  }
  Value add(Value a, Value c) { return arith::AddFOp::create(b, l, a, c); }
  Value sub(Value a, Value c) { return arith::SubFOp::create(b, l, a, c); }
  Value mul(Value a, Value c) { return arith::MulFOp::create(b, l, a, c); }
  Value div(Value a, Value c) { return arith::DivFOp::create(b, l, a, c); }
  Value cmp(arith::CmpFPredicate p, Value a, Value c) {
    return arith::CmpFOp::create(b, l, p, a, c);
  }
  Value select(Value c, Value a, Value d) {
    return arith::SelectOp::create(b, l, c, a, d);
  }
  /// std::max(a, c): `a < c ? c : a` (keeps a NaN in `a`).
  Value stdMax(Value a, Value c) {
    return select(cmp(arith::CmpFPredicate::OLT, a, c), c, a);
  }

  /// One sample's four weighted corners, as ONNX Runtime's
  /// pre_calc_for_bilinear_interpolate and the pooling loop compute them:
  /// a sample outside [-1, H] x [-1, W] has weights 0 at position 0 (it
  /// still reads element 0: 0 * inf is NaN there too). A NaN coordinate,
  /// undefined behaviour in ONNX Runtime, counts as outside.
  std::array<Value, 4> corners(Value y, Value xx, Value batch, Value channel) {
    Value inY = arith::AndIOp::create(
        b, l, cmp(arith::CmpFPredicate::OGE, y, cst(-1.0)),
        cmp(arith::CmpFPredicate::OLE, y, cst(double(height))));
    Value inX = arith::AndIOp::create(
        b, l, cmp(arith::CmpFPredicate::OGE, xx, cst(-1.0)),
        cmp(arith::CmpFPredicate::OLE, xx, cst(double(width))));
    Value inside = arith::AndIOp::create(b, l, inY, inX);
    Value zero = cst(0.0);
    // Clamped to [0, size] before the conversion, so that it is defined.
    auto clampLow = [&](Value v) {
      v = select(cmp(arith::CmpFPredicate::OLE, v, zero), zero, v);
      return select(inside, v, zero);
    };
    y = clampLow(y);
    xx = clampLow(xx);
    auto lowHigh = [&](Value v, int64_t size, Value &low, Value &high,
                       Value &frac) {
      Value lowI = arith::FPToSIOp::create(b, l, b.getI64Type(), v);
      Value last = arith::ConstantIntOp::create(b, l, b.getI64Type(), size - 1);
      Value atEnd =
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, lowI, last);
      lowI = select(atEnd, last, lowI);
      Value one = arith::ConstantIntOp::create(b, l, b.getI64Type(), 1);
      Value highI = select(atEnd, last, arith::AddIOp::create(b, l, lowI, one));
      Value lowT = arith::SIToFPOp::create(b, l, t, lowI);
      v = select(atEnd, lowT, v);
      frac = sub(v, lowT);
      low = arith::IndexCastOp::create(b, l, b.getIndexType(), lowI);
      high = arith::IndexCastOp::create(b, l, b.getIndexType(), highI);
    };
    Value yLow, yHigh, ly, xLow, xHigh, lx;
    lowHigh(y, height, yLow, yHigh, ly);
    lowHigh(xx, width, xLow, xHigh, lx);
    Value hy = sub(cst(1.0), ly), hx = sub(cst(1.0), lx);
    Value c0 = idx(0);
    auto pos = [&](Value v) { return select(inside, v, c0); };
    auto weight = [&](Value w) { return select(inside, w, zero); };
    auto at = [&](Value row, Value col) -> Value {
      return tensor::ExtractOp::create(
          b, l, x, ValueRange{batch, channel, pos(row), pos(col)});
    };
    return {mul(weight(mul(hy, hx)), at(yLow, xLow)),
            mul(weight(mul(hy, lx)), at(yLow, xHigh)),
            mul(weight(mul(ly, hx)), at(yHigh, xLow)),
            mul(weight(mul(ly, lx)), at(yHigh, xHigh))};
  }
};

} // namespace

/// What RoiAlign does not accept in its inputs; empty when they are fine.
static std::string roiAlignInputError(const Tensor &x, const Tensor &rois,
                                      const Tensor &batchIndices) {
  if (x.rank() != 4 || !isa<FloatType>(x.elem()))
    return "X must be a float tensor of rank 4 [N, C, H, W]";
  if (rois.rank() != 2 || rois.shape()[1] != 4 || rois.elem() != x.elem())
    return "rois must be [num_rois, 4] of X's element type";
  if (batchIndices.rank() != 1 || !isa<IntegerType>(batchIndices.elem()) ||
      batchIndices.elem().isInteger(1) ||
      batchIndices.shape()[0] != rois.shape()[0])
    return "batch_indices must be [num_rois] integers";
  if (x.length || (rois.length && rois.lengthAxis != 0))
    return "a data-dependent length is supported on the rois only";
  return "";
}

struct RoiAlignAttrs {
  bool isMax = false, halfPixel = false;
  int64_t outH = 1, outW = 1, ratio = 0;
  float spatialScale = 1.0f;
};

LogicalResult NodeConverter::roiAlignAttrs(RoiAlignAttrs &attrs) {
  std::string mode = attrString("mode", "avg");
  if (mode != "avg" && mode != "max")
    return fail("mode '" + mode + "' is not supported (avg, max)");
  // Opset 16 added half_pixel, its new default; the earlier behaviour is
  // output_half_pixel (no half-pixel offset, boxes at least 1x1).
  // Opset 16 added half_pixel, its new default.
  std::string ctm =
      attrString("coordinate_transformation_mode",
                 opset >= 16 ? "half_pixel" : "output_half_pixel");
  if (ctm != "half_pixel" && ctm != "output_half_pixel")
    return fail("coordinate_transformation_mode '" + ctm +
                "' is not supported (half_pixel, output_half_pixel)");
  int64_t outH = attrInt("output_height", 1), outW = attrInt("output_width", 1);
  int64_t ratio = attrInt("sampling_ratio", 0);
  float spatialScale = attrFloat("spatial_scale", 1.0f);
  if (attrFailed)
    return failure();
  if (outH < 1 || outW < 1 || outH > kMaxElements || outW > kMaxElements)
    return fail("output_height and output_width must be positive");
  if (ratio < 0 || ratio > kMaxAdaptiveGrid)
    return fail("sampling_ratio " + Twine(ratio) + " is out of range (0 to " +
                Twine(kMaxAdaptiveGrid) + ")");
  attrs.isMax = mode == "max";
  attrs.halfPixel = ctm == "half_pixel";
  attrs.outH = outH;
  attrs.outW = outW;
  attrs.ratio = ratio;
  attrs.spatialScale = spatialScale;
  return success();
}

LogicalResult NodeConverter::opRoiAlign() {
  SmallVector<Tensor> in;
  if (failed(inputs(3, 3, in)))
    return failure();
  const Tensor &x = in[0], &rois = in[1], &batchIndices = in[2];
  if (std::string error = roiAlignInputError(x, rois, batchIndices);
      !error.empty())
    return fail(error);
  int64_t n = x.shape()[0], channels = x.shape()[1];
  int64_t height = x.shape()[2], width = x.shape()[3];
  if (n < 1 || height < 1 || width < 1)
    return fail("X " + shapeStr(x.shape()) + " has an empty batch or image");
  RoiAlignAttrs attrs;
  if (failed(roiAlignAttrs(attrs)))
    return failure();
  bool halfPixel = attrs.halfPixel, isMax = attrs.isMax;
  int64_t outH = attrs.outH, outW = attrs.outW, ratio = attrs.ratio;
  float spatialScale = attrs.spatialScale;
  int64_t numRois = rois.shape()[0];
  SmallVector<int64_t> shape = {numRois, channels, outH, outW};
  if (numRois > 0 && product(shape) / numRois > kMaxElements / numRois)
    return fail("the output " + shapeStr(shape) + " is too large");

  // The valid rois (when they have a run-time length): padding rows are 0,
  // and with an adaptive grid they do not sample at all, so that whatever
  // they hold never costs a large grid.
  Value length = rois.length ? rois.length : batchIndices.length;
  Type t = x.elem();
  Tensor out;
  out.value = indexed(
      shape, t, [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
        RoiAlignBuilder rb{ob, l, t, x.value, height, width};
        Value r = ivs[0], c = ivs[1];
        auto roi = [&](int64_t k) -> Value {
          Value v = tensor::ExtractOp::create(ob, l, rois.value,
                                              ValueRange{r, rb.idx(k)});
          // spatial_scale is a float attribute: exact in either type.
          return rb.sub(rb.mul(v, rb.cst(double(spatialScale))),
                        rb.cst(halfPixel ? 0.5 : 0.0));
        };
        Value startW = roi(0), startH = roi(1), endW = roi(2), endH = roi(3);
        Value roiW = rb.sub(endW, startW), roiH = rb.sub(endH, startH);
        if (!halfPixel) {
          roiW = rb.stdMax(roiW, rb.cst(1.0));
          roiH = rb.stdMax(roiH, rb.cst(1.0));
        }
        Value binH = rb.div(roiH, rb.cst(double(outH)));
        Value binW = rb.div(roiW, rb.cst(double(outW)));
        Value batch =
            tensor::ExtractOp::create(ob, l, batchIndices.value, ValueRange{r});
        batch = arith::IndexCastOp::create(ob, l, ob.getIndexType(), batch);
        batch = arith::MaxSIOp::create(ob, l, batch, rb.idx(0));
        batch = arith::MinSIOp::create(ob, l, batch, rb.idx(n - 1));
        Value valid = length ? Value(arith::CmpIOp::create(
                                   ob, l, arith::CmpIPredicate::slt, r, length))
                             : Value();
        // The grid: sampling_ratio, or ceil(bin size) as an int64 (<= 0 for a
        // reversed box in half_pixel mode: no samples), bounded by
        // kMaxAdaptiveGrid; NaN gives 0.
        auto grid = [&](Value bin) -> Value {
          if (ratio > 0)
            return arith::ConstantIntOp::create(ob, l, ob.getI64Type(), ratio);
          Value g = math::CeilOp::create(ob, l, bin);
          Value cap = rb.cst(double(kMaxAdaptiveGrid));
          Value negCap = rb.cst(-double(kMaxAdaptiveGrid));
          g = rb.select(rb.cmp(arith::CmpFPredicate::UNO, g, g), rb.cst(0.0),
                        g);
          g = rb.select(rb.cmp(arith::CmpFPredicate::OGT, g, cap), cap, g);
          g = rb.select(rb.cmp(arith::CmpFPredicate::OLT, g, negCap), negCap,
                        g);
          return arith::FPToSIOp::create(ob, l, ob.getI64Type(), g);
        };
        Value gridH = grid(binH), gridW = grid(binW);
        // (start + p * bin) + (i + 0.5) * bin / grid, ONNX Runtime's order.
        Value baseY = rb.add(startH, rb.mul(rb.toT(ivs[2]), binH));
        Value baseX = rb.add(startW, rb.mul(rb.toT(ivs[3]), binW));
        Value gridHT = rb.toT(gridH), gridWT = rb.toT(gridW);
        auto coord = [&](RoiAlignBuilder &sb, Value base, Value i, Value bin,
                         Value gridT) {
          return sb.add(
              base, sb.div(sb.mul(sb.add(sb.toT(i), sb.cst(0.5)), bin), gridT));
        };
        // One sample: avg adds the weighted corners; max keeps the largest
        // weighted corner (ONNX Runtime's max mode takes the max of w * v over
        // the four corners, not of the interpolated value).
        auto sample = [&](RoiAlignBuilder &sb, Value iy, Value ix) -> Value {
          auto p = sb.corners(coord(sb, baseY, iy, binH, gridHT),
                              coord(sb, baseX, ix, binW, gridWT), batch, c);
          if (!isMax)
            return sb.add(sb.add(sb.add(p[0], p[1]), p[2]), p[3]);
          return sb.stdMax(sb.stdMax(sb.stdMax(p[0], p[1]), p[2]), p[3]);
        };
        // The first sample of max mode replaces the initial 0.
        auto combine = [&](RoiAlignBuilder &sb, Value acc, Value s) -> Value {
          return isMax ? sb.stdMax(acc, s) : sb.add(acc, s);
        };
        Value acc = rb.cst(0.0);
        if (ratio > 0) {
          // A fixed grid (torchvision: 2 x 2): unrolled.
          for (int64_t iy = 0; iy < ratio; ++iy)
            for (int64_t ix = 0; ix < ratio; ++ix) {
              Value s = sample(rb, rb.idx(iy), rb.idx(ix));
              acc = (isMax && iy == 0 && ix == 0) ? s : combine(rb, acc, s);
            }
        } else {
          // A run-time grid: two loops, none for padding rows.
          auto trips = [&](Value g) -> Value {
            Value i = arith::IndexCastOp::create(ob, l, ob.getIndexType(), g);
            i = arith::MaxSIOp::create(ob, l, i, rb.idx(0));
            return valid ? rb.select(valid, i, rb.idx(0)) : i;
          };
          Value first = arith::ConstantOp::create(ob, l, ob.getBoolAttr(true));
          auto outer = scf::ForOp::create(
              ob, l, rb.idx(0), trips(gridH), rb.idx(1), ValueRange{acc, first},
              [&](OpBuilder &yb, Location yl, Value iy, ValueRange ya) {
                auto inner = scf::ForOp::create(
                    yb, yl, rb.idx(0), trips(gridW), rb.idx(1), ya,
                    [&](OpBuilder &xb, Location xl, Value ix, ValueRange xa) {
                      RoiAlignBuilder sb{xb, xl, t, x.value, height, width};
                      Value s = sample(sb, iy, ix);
                      Value next = combine(sb, xa[0], s);
                      if (isMax)
                        next = sb.select(xa[1], s, next);
                      Value notFirst = arith::ConstantOp::create(
                          xb, xl, xb.getBoolAttr(false));
                      scf::YieldOp::create(xb, xl, ValueRange{next, notFirst});
                    });
                scf::YieldOp::create(yb, yl, inner.getResults());
              });
          acc = outer.getResult(0);
        }
        if (!isMax) {
          // At least 1: a reversed box (no samples) gives 0, not 0 / 0.
          Value count = arith::MulIOp::create(ob, l, gridH, gridW);
          count = arith::MaxSIOp::create(
              ob, l, count,
              arith::ConstantIntOp::create(ob, l, ob.getI64Type(), 1));
          acc = rb.div(acc, rb.toT(count));
        }
        return valid ? rb.select(valid, acc, rb.cst(0.0)) : acc;
      });
  if (length) {
    out.length = length;
    out.lengthAxis = 0;
  }
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
