//===- DataDependent.cpp - Ops with data-dependent lengths ---------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Data-dependent ops
//===----------------------------------------------------------------------===//

LogicalResult NodeConverter::topKCount(const Tensor *k, int64_t n,
                                       int64_t &bound, Value &kVal) {
  bound = n;
  if (!k) {
    bound = attrInt("k", -1);
  } else if (k->constant) {
    auto ks = constInts(*k, "K");
    if (failed(ks))
      return failure();
    if (ks->size() != 1)
      return fail("K must hold one value");
    bound = (*ks)[0];
  } else {
    if (product(k->shape()) != 1 || !isa<IntegerType>(k->elem()))
      return fail("K must be a one-element integer tensor");
    kVal =
        arith::IndexCastOp::create(b, loc, b.getIndexType(), extractScalar(*k));
    // k computed from shapes (torchvision's `min(topk_candidates, len)`)
    // has a bound: the capacity of the result.
    if (SmallVector<int64_t> kb = boundsOf(*k); kb.size() == 1)
      bound = std::min(n, kb[0]);
  }
  if (bound < 0 || bound > n)
    return fail("k = " + Twine(bound) +
                " is out of range for an axis of size " + Twine(n));
  return success();
}

/// Whether `v` ranks before `e` in TopK's order: larger (smaller) first;
/// NaN ranks last.
static Value ranksBefore(OpBuilder &ob, Location l, bool largest, Value v,
                         Value e) {
  if (!isa<FloatType>(v.getType()))
    return arith::CmpIOp::create(
        ob, l, largest ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt,
        v, e);
  Value cmp = arith::CmpFOp::create(
      ob, l, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, v,
      e);
  Value eNan = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::UNO, e, e);
  Value vNum = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::ORD, v, v);
  return arith::OrIOp::create(ob, l, cmp,
                              arith::AndIOp::create(ob, l, eNan, vNum));
}

/// TopK's selection in each of the rows of `x2` ([outer, n], the first
/// `valid` columns read) into the sorted rows of `vals` and `idxs`, at most
/// `rows` kept. Selection by insertion into the sorted result row: each
/// element is compared with the worst kept one and, only when it ranks
/// before it, inserted in place. O(n) comparisons plus O(k) per insertion,
/// which on scores in no particular order happens O(k log(n/k)) times; no
/// scratch beyond the result.
static scf::ForOp insertionTopK(OpBuilder &b, Location loc, Value x2,
                                Value outerCount, Value valid, Value rows,
                                Value vals, Value idxs, Value c0, Value c1,
                                bool largest) {
  // Equal values keep the lower index first: a later element never passes
  // an equal one.
  auto before = [&](OpBuilder &ob, Location l, Value v, Value e) {
    return ranksBefore(ob, l, largest, v, e);
  };
  return scf::ForOp::create(
      b, loc, c0, outerCount, c1, ValueRange{vals, idxs},
      [&](OpBuilder &ob, Location l, Value o, ValueRange acc) {
        auto scan = scf::ForOp::create(
            ob, l, c0, valid, c1, ValueRange{acc[0], acc[1], c0},
            [&](OpBuilder &sb, Location sl, Value i, ValueRange sacc) {
              Value size = sacc[2];
              Value v = tensor::ExtractOp::create(sb, sl, x2, ValueRange{o, i});
              Value full = arith::CmpIOp::create(
                  sb, sl, arith::CmpIPredicate::sge, size, rows);
              Value last = arith::MaxSIOp::create(
                  sb, sl, arith::SubIOp::create(sb, sl, size, c1), c0);
              Value worst = tensor::ExtractOp::create(sb, sl, sacc[0],
                                                      ValueRange{o, last});
              Value rowsPositive = arith::CmpIOp::create(
                  sb, sl, arith::CmpIPredicate::sgt, rows, c0);
              Value insert = arith::AndIOp::create(
                  sb, sl, rowsPositive,
                  arith::OrIOp::create(
                      sb, sl,
                      arith::XOrIOp::create(sb, sl, full,
                                            arith::ConstantOp::create(
                                                sb, sl, sb.getBoolAttr(true))),
                      before(sb, sl, v, worst)));
              auto ifOp = scf::IfOp::create(
                  sb, sl, insert,
                  [&](OpBuilder &tb, Location tl) {
                    // The entries in [0, start) that v does not rank
                    // before stay (the row is sorted, so they are a
                    // prefix); the others move one place down, from the
                    // end (the last is dropped when full). Counted and
                    // shifted by scf.for: the C route has no index-typed
                    // scf.while.
                    Value start = arith::SelectOp::create(
                        tb, tl, full, arith::SubIOp::create(tb, tl, rows, c1),
                        size);
                    auto count = scf::ForOp::create(
                        tb, tl, c0, start, c1, ValueRange{c0},
                        [&](OpBuilder &cb, Location cl, Value j,
                            ValueRange cacc) {
                          Value e = tensor::ExtractOp::create(cb, cl, sacc[0],
                                                              ValueRange{o, j});
                          Value stays = arith::XOrIOp::create(
                              cb, cl, before(cb, cl, v, e),
                              arith::ConstantOp::create(cb, cl,
                                                        cb.getBoolAttr(true)));
                          Value next = arith::AddIOp::create(
                              cb, cl, cacc[0],
                              arith::SelectOp::create(cb, cl, stays, c1, c0));
                          scf::YieldOp::create(cb, cl, next);
                        });
                    Value pos = count.getResult(0);
                    auto shift = scf::ForOp::create(
                        tb, tl, c0, arith::SubIOp::create(tb, tl, start, pos),
                        c1, ValueRange{sacc[0], sacc[1]},
                        [&](OpBuilder &db, Location dl, Value t, ValueRange w) {
                          Value j = arith::SubIOp::create(db, dl, start, t);
                          Value prev = arith::SubIOp::create(db, dl, j, c1);
                          Value pv = tensor::ExtractOp::create(
                              db, dl, w[0], ValueRange{o, prev});
                          Value pi = tensor::ExtractOp::create(
                              db, dl, w[1], ValueRange{o, prev});
                          Value nv = tensor::InsertOp::create(db, dl, pv, w[0],
                                                              ValueRange{o, j});
                          Value ni = tensor::InsertOp::create(db, dl, pi, w[1],
                                                              ValueRange{o, j});
                          scf::YieldOp::create(db, dl, ValueRange{nv, ni});
                        });
                    Value j = pos;
                    Value nv = tensor::InsertOp::create(
                        tb, tl, v, shift.getResult(0), ValueRange{o, j});
                    Value bi =
                        arith::IndexCastOp::create(tb, tl, tb.getI64Type(), i);
                    Value ni = tensor::InsertOp::create(
                        tb, tl, bi, shift.getResult(1), ValueRange{o, j});
                    Value grown = arith::MinSIOp::create(
                        tb, tl, arith::AddIOp::create(tb, tl, size, c1), rows);
                    scf::YieldOp::create(tb, tl, ValueRange{nv, ni, grown});
                  },
                  [&](OpBuilder &eb, Location el) {
                    scf::YieldOp::create(eb, el,
                                         ValueRange{sacc[0], sacc[1], size});
                  });
              scf::YieldOp::create(sb, sl, ifOp.getResults());
            });
        scf::YieldOp::create(ob, l,
                             ValueRange{scan.getResult(0), scan.getResult(1)});
      });
}

LogicalResult NodeConverter::opTopK() {
  SmallVector<Tensor> in;
  if (failed(inputs(opset >= 10 ? 2 : 1, opset >= 10 ? 2 : 1, in)))
    return failure();
  Tensor x = in[0];
  int64_t rank = x.rank();
  if (rank == 0)
    return fail("expects a tensor of rank >= 1");
  auto axisOr = normAxis(attrInt("axis", -1), rank);
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  bool largest = attrInt("largest", 1) != 0;
  if (attrInt("sorted", 1) == 0)
    return fail("sorted = 0 is not supported (the order would be unspecified)");
  int64_t n = x.shape()[axis];
  // k: static, or a run-time value whose bound is the axis size.
  int64_t bound;
  Value kVal;
  if (failed(topKCount(opset < 10 ? nullptr : &in[1], n, bound, kVal)))
    return failure();
  if (x.length && x.lengthAxis != axis && kVal)
    return fail("a run-time k over a value with a data-dependent length on "
                "another axis is not supported");
  // Move the axis last, then work on [outer, n].
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis)
      perm.push_back(i);
  perm.push_back(axis);
  SmallVector<int64_t> inv(rank);
  for (int64_t i = 0; i < rank; ++i)
    inv[perm[i]] = i;
  Value xt = transpose(x.value, perm);
  SmallVector<int64_t> tshape =
      llvm::to_vector(cast<RankedTensorType>(xt.getType()).getShape());
  int64_t outer = product(ArrayRef<int64_t>(tshape).drop_back());
  Type et = x.elem();
  Value x2 = reshape(xt, {outer, n});
  // The valid part of the axis: its run-time length, if any.
  Value valid = (x.length && x.lengthAxis == axis) ? x.length : index(n);
  Value count = kVal ? Value(arith::MinSIOp::create(b, loc, kVal, index(bound)))
                     : index(bound);
  // k beyond the valid length is an error in ONNX; here the extra rows are
  // padding (index -1), and the length is min(k, valid).
  Value rows = arith::MinSIOp::create(b, loc, count, valid);
  Value vals = linalg::FillOp::create(
                   b, loc, isa<FloatType>(et) ? scalar(et, 0) : scalar(et, 0),
                   empty({outer, bound}, et))
                   .getResult(0);
  Value idxs = linalg::FillOp::create(b, loc, scalar(b.getI64Type(), -1),
                                      empty({outer, bound}, b.getI64Type()))
                   .getResult(0);
  Value c0 = index(0), c1 = index(1);
  auto outerLoop = insertionTopK(b, loc, x2, index(outer), valid, rows, vals,
                                 idxs, c0, c1, largest);
  // Back to the input's layout.
  SmallVector<int64_t> oshape(ArrayRef<int64_t>(tshape).drop_back());
  oshape.push_back(bound);
  Tensor vOut, iOut;
  vOut.value = transpose(reshape(outerLoop.getResult(0), oshape), inv);
  iOut.value = transpose(reshape(outerLoop.getResult(1), oshape), inv);
  bool dynamic = kVal || (x.length && x.lengthAxis == axis);
  if (dynamic) {
    vOut.length = iOut.length = rows;
    vOut.lengthAxis = iOut.lengthAxis = axis;
  } else if (x.length) {
    vOut.length = iOut.length = x.length;
    vOut.lengthAxis = iOut.lengthAxis = x.lengthAxis;
  }
  if (failed(setOutput(0, vOut)))
    return failure();
  if (numOutputs() > 1)
    return setOutput(1, iOut);
  return success();
}

LogicalResult NodeConverter::opNonZero() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  Tensor x = in[0];
  int64_t rank = x.rank(), n = product(x.shape());
  // A value with a run-time length: only its valid prefix is scanned
  // (torchvision's remove_small_boxes on the candidates of a threshold).
  Value scanned = index(n);
  if (x.length) {
    if (product(x.shape().take_front(x.lengthAxis)) != 1)
      return fail("NonZero of a value whose data-dependent axis is not its "
                  "first is not supported");
    scanned = arith::MulIOp::create(
        b, loc, x.length,
        index(product(x.shape().drop_front(x.lengthAxis + 1))));
  }
  int64_t r = std::max<int64_t>(rank, 1);
  Value flat = reshape(x.value, {n});
  Value init = linalg::FillOp::create(b, loc, scalar(b.getI64Type(), 0),
                                      empty({r, n}, b.getI64Type()))
                   .getResult(0);
  Value c0 = index(0), c1 = index(1);
  Type et = x.elem();
  auto loop = scf::ForOp::create(
      b, loc, c0, scanned, c1, ValueRange{init, c0},
      [&](OpBuilder &ob, Location l, Value i, ValueRange acc) {
        Value v = tensor::ExtractOp::create(ob, l, flat, ValueRange{i});
        Value nz;
        if (isa<FloatType>(et))
          nz = arith::CmpFOp::create(
              ob, l, arith::CmpFPredicate::UNE, v,
              arith::ConstantOp::create(ob, l, FloatAttr::get(et, 0)));
        else
          nz = arith::CmpIOp::create(
              ob, l, arith::CmpIPredicate::ne, v,
              arith::ConstantOp::create(ob, l, IntegerAttr::get(et, 0)));
        auto ifOp = scf::IfOp::create(
            ob, l, nz,
            [&](OpBuilder &tb, Location tl) {
              Value t = acc[0];
              Value rem = i;
              for (int64_t d = rank - 1; d >= 0; --d) {
                Value size =
                    arith::ConstantIndexOp::create(tb, tl, x.shape()[d]);
                Value coord = arith::RemSIOp::create(tb, tl, rem, size);
                rem = arith::DivSIOp::create(tb, tl, rem, size);
                t = tensor::InsertOp::create(
                    tb, tl,
                    arith::IndexCastOp::create(tb, tl, tb.getI64Type(), coord),
                    t,
                    ValueRange{arith::ConstantIndexOp::create(tb, tl, d),
                               acc[1]});
              }
              Value next = arith::AddIOp::create(
                  tb, tl, acc[1], arith::ConstantIndexOp::create(tb, tl, 1));
              scf::YieldOp::create(tb, tl, ValueRange{t, next});
            },
            [&](OpBuilder &eb, Location el) {
              scf::YieldOp::create(eb, el, ValueRange{acc[0], acc[1]});
            });
        scf::YieldOp::create(ob, l, ifOp.getResults());
      });
  Tensor out;
  out.value = loop.getResult(0);
  if (rank == 0)
    out.value = reshape(out.value, {0 + 1, n});
  out.length = loop.getResult(1);
  out.lengthAxis = 1;
  return setOutput(0, out);
}

LogicalResult NodeConverter::opNonMaxSuppression() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 5, in)))
    return failure();
  const Tensor &boxes = in[0], &scores = in[1];
  if (boxes.rank() != 3 || boxes.shape()[2] != 4)
    return fail("boxes must be [batches, boxes, 4], got " +
                shapeStr(boxes.shape()));
  if (scores.rank() != 3 || scores.shape()[0] != boxes.shape()[0] ||
      scores.shape()[2] != boxes.shape()[1])
    return fail("scores " + shapeStr(scores.shape()) + " do not match boxes " +
                shapeStr(boxes.shape()) +
                " (expected [batches, classes, boxes])");
  if (!isa<FloatType>(boxes.elem()) || boxes.elem() != scores.elem())
    return fail("boxes and scores must be floats of one type");
  // Boxes with a run-time length (the candidates of an earlier selection):
  // only the valid prefix of each batch takes part.
  Value validV;
  for (const Tensor *t : {&boxes, &scores}) {
    if (!t->length)
      continue;
    if (t->lengthAxis != (t == &boxes ? 1 : 2))
      return fail("boxes or scores with a data-dependent number of batches "
                  "or classes are not supported");
    validV = validV ? Value(arith::MinSIOp::create(b, loc, validV, t->length))
                    : t->length;
  }
  int64_t cpb = attrInt("center_point_box", 0);
  if (cpb != 0 && cpb != 1)
    return fail("center_point_box must be 0 or 1");
  int64_t B = boxes.shape()[0], N = boxes.shape()[1], C = scores.shape()[1];
  IntegerAttr maxAttr;
  FloatAttr iouAttr, scoreAttr;
  Value maxV, iouV, scoreV;
  int64_t K = B * C * N;
  for (int i = 2; i < 5; ++i) {
    if (i >= int(in.size()) || !in[i].value)
      continue;
    const Tensor &t = in[i];
    if (product(t.shape()) != 1)
      return fail("input " + Twine(i) + " must hold one value, has shape " +
                  shapeStr(t.shape()));
    if (i == 2) {
      if (!t.elem().isInteger(64))
        return fail("max_output_boxes_per_class must be int64");
      if (t.constant) {
        int64_t m = (*t.constant.value_begin<APInt>()).getSExtValue();
        maxAttr = b.getI64IntegerAttr(m);
        K = B * C * std::clamp<int64_t>(m, 0, N);
      } else {
        maxV = extractScalar(t);
      }
      continue;
    }
    if (t.elem() != boxes.elem())
      return fail("thresholds must have the element type of the boxes");
    if (t.constant) {
      double v = (*t.constant.value_begin<APFloat>()).convertToDouble();
      if (i == 3 && !(v >= 0 && v <= 1))
        return fail("iou_threshold " + std::to_string(v) +
                    " is outside [0, 1]");
      (i == 3 ? iouAttr : scoreAttr) = b.getF64FloatAttr(v);
    } else {
      (i == 3 ? iouV : scoreV) = extractScalar(t);
    }
  }
  if (K > kMaxElements)
    return fail("the result would have too many rows");
  auto selType = RankedTensorType::get({K, 3}, b.getI64Type());
  auto op = mlir::detect::MulticlassNmsOp::create(
      b, loc, selType, b.getI64Type(), boxes.value, scores.value, validV, maxV,
      iouV, scoreV, maxAttr, iouAttr, scoreAttr,
      cpb ? mlir::detect::BoxLayout::cxcywh : mlir::detect::BoxLayout::yxyx);
  Tensor out;
  out.value = op.getSelected();
  out.length =
      arith::IndexCastOp::create(b, loc, b.getIndexType(), op.getCount());
  out.lengthAxis = 0;
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
