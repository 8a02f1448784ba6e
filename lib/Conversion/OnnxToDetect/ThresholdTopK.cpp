//===- ThresholdTopK.cpp - `topk(x[x > t])` as one heap scan -------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// The thresholded top-k idiom of NmsIdioms.cpp: `x[mask]` (NonZero,
// Transpose, GatherND), its TopK, and Gathers of other rows of the same
// selection at the TopK's indices. One scan of `x` keeps the best k
// selected elements in a heap (the one that ranks last at the root), so
// that nothing of size N is materialised; the TopK's outputs are exactly
// ONNX's (values, and indices into the selection: the number of selected
// elements before each kept one).
//
//===----------------------------------------------------------------------===//

#include "NmsIdioms.h"

namespace mlir::detect::onnx_to_detect {

namespace {

bool isShape(onnx::NodeOp n) {
  return n.getOpType() == "Shape" && n.getNodeAttributes().empty();
}

bool isTranspose10(onnx::NodeOp n) {
  return n && n.getOpType() == "Transpose" &&
         intsAttr(n, "perm") == SmallVector<int64_t>{1, 0};
}

} // namespace

std::unique_ptr<TopKChain> matchTopKChain(onnx::NodeOp t) {
  using N = onnx::NodeOp;
  if (t->getNumOperands() != 2 || t->getNumResults() < 1 ||
      !llvm::is_contained({int64_t(-1), int64_t(0)}, intAttr(t, "axis", -1)) ||
      intAttr(t, "largest", 1) != 1 || intAttr(t, "sorted", 1) != 1)
    return nullptr;
  auto chain = std::make_unique<TopKChain>();
  chain->topk = t;
  Value s = t->getOperand(0);
  N gv = producer(s, "GatherND");
  if (!gv || gv->getNumOperands() != 2 || intAttr(gv, "batch_dims", 0) != 0 ||
      t->getOperand(1) == s)
    return nullptr;
  // The selected values are read for their length only (Shape, as
  // `_topk_min` does), and by the TopK.
  if (!onlyReadBy(s, [&](N n) { return n == t || isShape(n); }))
    return nullptr;
  chain->values = gv;
  N tv = producer(gv->getOperand(1), "Transpose");
  if (!isTranspose10(tv) ||
      !onlyReadBy(tv->getResult(0), [&](N n) { return n == gv; }))
    return nullptr;
  N nzv = producer(tv->getOperand(0), "NonZero");
  if (!nzv || nzv->getNumOperands() != 1 ||
      !onlyReadBy(nzv->getResult(0), [&](N n) { return n == tv; }))
    return nullptr;
  chain->maskNonZero = nzv;
  Value mask = nzv->getOperand(0);
  chain->absorbed = {nzv, tv};
  Value kept = t->getNumResults() > 1 ? t->getResult(1) : Value();

  // Other selections by the same mask whose rows are gathered only at the
  // TopK's indices.
  auto gathersAtKept = [&](Value selected, bool shapesToo) {
    return kept && onlyReadBy(selected, [&](N n) {
             return (shapesToo && isShape(n)) ||
                    (n.getOpType() == "Gather" && n->getNumOperands() == 2 &&
                     n->getOperand(0) == selected && n->getOperand(1) == kept &&
                     intAttr(n, "axis", 0) == 0);
           });
  };
  for (N nz : readers(mask)) {
    if (!nz || nz == nzv || nz.getOpType() != "NonZero" ||
        nz->getNumOperands() != 1)
      continue;
    SmallVector<N> nzUses = readers(nz->getResult(0));
    if (nzUses.size() != 1 || !isTranspose10(nzUses[0]))
      continue;
    N tr = nzUses[0];
    SmallVector<N> part = {nz, tr}, lengthOnly;
    SmallVector<std::pair<OpOperand *, int64_t>> constants;
    SmallVector<TopKChain::Rows> gathers;
    bool ok = true;
    for (N u : readers(tr->getResult(0))) {
      if (!u) {
        ok = false;
        break;
      }
      if (u.getOpType() == "GatherND" && u->getNumOperands() == 2 &&
          u->getOperand(1) == tr->getResult(0) &&
          u->getOperand(0) != tr->getResult(0) &&
          intAttr(u, "batch_dims", 0) == 0 &&
          gathersAtKept(u->getResult(0), false)) {
        part.push_back(u);
        for (N gth : readers(u->getResult(0)))
          gathers.push_back({gth, u, Tensor()});
        continue;
      }
      // RetinaNet's positions: Split(axis 1, one output), Squeeze(axis 1).
      if (u.getOpType() == "Split" && u->getNumResults() == 1 &&
          u->getNumOperands() <= 2 && u->getOperand(0) == tr->getResult(0) &&
          intAttr(u, "axis", 0) == 1) {
        SmallVector<N> sq = readers(u->getResult(0));
        // Squeeze's axes: an attribute, or from opset 13 a constant input
        // (checked when the chain is decided).
        bool axesOk =
            sq.size() == 1 && sq[0] && sq[0].getOpType() == "Squeeze" &&
            ((sq[0]->getNumOperands() == 1 &&
              intsAttr(sq[0], "axes") == SmallVector<int64_t>{1}) ||
             (sq[0]->getNumOperands() == 2 && !nodeAttr(sq[0], "axes")));
        if (!axesOk || !gathersAtKept(sq[0]->getResult(0), true)) {
          ok = false;
          break;
        }
        part.push_back(u);
        lengthOnly.push_back(sq[0]);
        if (sq[0]->getNumOperands() == 2)
          constants.push_back({&sq[0]->getOpOperand(1), 1});
        if (u->getNumOperands() == 2) // opset 13's split sizes: [1]
          constants.push_back({&u->getOpOperand(1), 1});
        for (N gth : readers(sq[0]->getResult(0)))
          if (!isShape(gth))
            gathers.push_back({gth, N(), Tensor()});
        continue;
      }
      ok = false;
    }
    if (!ok)
      continue;
    chain->absorbed.append(part);
    chain->lengthOnly.append(lengthOnly);
    chain->constants.append(constants);
    chain->gathers.append(gathers);
  }
  return chain;
}

//===----------------------------------------------------------------------===//
// Thresholded top-k
//===----------------------------------------------------------------------===//

TopKSelection selectTopK(OpBuilder &b, Location loc, const Heap &heap,
                         int64_t n, Value limit,
                         function_ref<Value(Ix &, Value)> selected) {
  Ix ix{b, loc};
  int64_t cap = heap.capacity;
  auto i64 = b.getI64Type();
  auto minusOnes = [&]() {
    Value init = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{cap}, i64);
    Value m1 = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(-1));
    return linalg::FillOp::create(b, loc, m1, init).getResult(0);
  };
  Value c0 = ix.c(0), c1 = ix.c(1);
  auto scan = scf::ForOp::create(
      b, loc, c0, ix.c(n), c1, ValueRange{minusOnes(), minusOnes(), c0, c0},
      [&](OpBuilder &ob, Location l, Value i, ValueRange it) {
        Ix sx{ob, l};
        auto sel = scf::IfOp::create(
            ob, l, selected(sx, i),
            [&](OpBuilder &tb, Location tl) {
              Ix tx{tb, tl};
              Value p = tx.toI64(i), r = tx.toI64(it[3]);
              Value size = it[2];
              Value room = tx.lt(size, limit);
              Value full = tx.andI(tx.notI(room), tx.lt(tx.c(0), limit));
              Value better =
                  tx.andI(full, heap.before(tx, p, tx.get(it[0], tx.c(0))));
              auto push = scf::IfOp::create(
                  tb, tl, room,
                  [&](OpBuilder &pb, Location pl) {
                    Ix px{pb, pl};
                    Value at = px.min(size, px.c(cap - 1));
                    auto [hp, hr] = heap.siftUp(px, px.put(p, it[0], at),
                                                px.put(r, it[1], at), at);
                    scf::YieldOp::create(
                        pb, pl, ValueRange{hp, hr, px.add(size, px.c(1))});
                  },
                  [&](OpBuilder &pb, Location pl) {
                    auto replace = scf::IfOp::create(
                        pb, pl, better,
                        [&](OpBuilder &qb, Location ql) {
                          Ix qx{qb, ql};
                          auto [hp, hr] = heap.siftDown(
                              qx, qx.put(p, it[0], qx.c(0)),
                              qx.put(r, it[1], qx.c(0)), qx.c(0), size);
                          scf::YieldOp::create(qb, ql,
                                               ValueRange{hp, hr, size});
                        },
                        [&](OpBuilder &qb, Location ql) {
                          scf::YieldOp::create(qb, ql,
                                               ValueRange{it[0], it[1], size});
                        });
                    scf::YieldOp::create(pb, pl, replace.getResults());
                  });
              scf::YieldOp::create(
                  tb, tl,
                  ValueRange{push.getResult(0), push.getResult(1),
                             push.getResult(2), tx.add(it[3], tx.c(1))});
            },
            [&](OpBuilder &eb, Location el) {
              scf::YieldOp::create(eb, el, it);
            });
        scf::YieldOp::create(ob, l, sel.getResults());
      });
  // Best first: the root (the last) goes to the end, repeatedly.
  Value heapSize = scan.getResult(2);
  auto drain = scf::ForOp::create(
      b, loc, c0, heapSize, c1,
      ValueRange{scan.getResult(0), scan.getResult(1), minusOnes(),
                 minusOnes()},
      [&](OpBuilder &ob, Location l, Value t, ValueRange it) {
        Ix dx{ob, l};
        Value last = dx.sub(dx.sub(heapSize, t), dx.c(1));
        Value outP = dx.put(dx.get(it[0], dx.c(0)), it[2], last);
        Value outR = dx.put(dx.get(it[1], dx.c(0)), it[3], last);
        Value hp = dx.put(dx.get(it[0], last), it[0], dx.c(0));
        Value hr = dx.put(dx.get(it[1], last), it[1], dx.c(0));
        auto [sp, sr] = heap.siftDown(dx, hp, hr, dx.c(0), last);
        scf::YieldOp::create(ob, l, ValueRange{sp, sr, outP, outR});
      });
  return {drain.getResult(2), drain.getResult(3), heapSize};
}

/// Whether x, the mask and the gathered sources of `chain` are converted
/// (the chain is taken only then); if so, records them in `chain`.
static bool chainConverted(TopKChain &chain) {
  Value xv = chain.values->getOperand(0), mv = chain.maskNonZero->getOperand(0);
  if (!isConverted(xv) || !isConverted(mv))
    return false;
  Tensor x = NodeConverter::decode(xv), m = NodeConverter::decode(mv);
  if (x.rank() != 1 || !isa<FloatType>(x.elem()) || x.length ||
      m.shape() != x.shape() || m.length || x.shape()[0] == 0)
    return false;
  for (auto &rows : chain.gathers) {
    if (!rows.selection)
      continue;
    Value sv = rows.selection->getOperand(0);
    if (!isConverted(sv))
      return false;
    Tensor y = NodeConverter::decode(sv);
    if (y.rank() < 1 || y.length || y.shape()[0] != x.shape()[0])
      return false;
    rows.source = y;
  }
  for (auto &[operand, expected] : chain.constants) {
    std::optional<SmallVector<int64_t>> c = constantInts(operand->get());
    if (!c || c->size() != 1 || (*c)[0] != expected)
      return false;
  }
  chain.x = x;
  chain.mask = m;
  return true;
}

FailureOr<NodeConverter::IdiomPart> NodeConverter::convertThresholdTopK() {
  TopKChain &chain = *idioms->chainOf.lookup(node);
  using State = TopKChain::State;
  if (chain.state == State::cancelled)
    return IdiomPart::none;
  if (chain.state == State::undecided) {
    // Decided at the chain's first node.
    chain.state = chainConverted(chain) ? State::committed : State::cancelled;
    if (chain.state == State::cancelled)
      return IdiomPart::none;
  }
  if (llvm::is_contained(chain.absorbed, node))
    return IdiomPart::absorbed;
  const Tensor &x = chain.x, &m = chain.mask;
  int64_t n = x.shape()[0];

  // The mask's nonzero count.
  if (!chain.count) {
    Value c0 = index(0), c1 = index(1);
    auto loop = scf::ForOp::create(
        b, loc, c0, index(n), c1, ValueRange{c0},
        [&](OpBuilder &ob, Location l, Value i, ValueRange it) {
          Ix ix{ob, l};
          Value v = ix.get(m.value, i);
          Value nz = isa<FloatType>(m.elem())
                         ? Value(arith::CmpFOp::create(
                               ob, l, arith::CmpFPredicate::UNE, v,
                               arith::ConstantOp::create(
                                   ob, l, FloatAttr::get(m.elem(), 0))))
                         : Value(arith::CmpIOp::create(
                               ob, l, arith::CmpIPredicate::ne, v,
                               arith::ConstantOp::create(
                                   ob, l, IntegerAttr::get(m.elem(), 0))));
          scf::YieldOp::create(ob, l,
                               ix.add(it[0], ix.sel(nz, ix.c(1), ix.c(0))));
        });
    chain.count = loop.getResult(0);
  }

  if (node == chain.values || llvm::is_contained(chain.lengthOnly, node)) {
    // The selection itself (or its positions) is read only for its length.
    Tensor s;
    s.value = empty({n}, node == chain.values ? x.elem() : b.getI64Type());
    s.length = chain.count;
    s.lengthAxis = 0;
    if (failed(setOutput(0, s)))
      return failure();
    return IdiomPart::converted;
  }

  if (node == chain.topk) {
    // k as TopK reads it: a constant, or a run-time value with a bound.
    auto kIn = input(1);
    if (failed(kIn))
      return failure();
    int64_t bound;
    Value kVal;
    if (failed(topKCount(&*kIn, n, bound, kVal)))
      return failure();
    Value count =
        kVal ? Value(arith::MinSIOp::create(b, loc, kVal, index(bound)))
             : index(bound);
    Value rows = arith::MinSIOp::create(b, loc, count, chain.count);
    int64_t cap = std::max<int64_t>(bound, 1);
    auto i64 = b.getI64Type();
    Heap heap(x.value, Value(), cap);
    TopKSelection top = selectTopK(b, loc, heap, n, rows, [&](Ix &ix, Value i) {
      Value v = ix.get(m.value, i);
      if (isa<FloatType>(m.elem()))
        return Value(arith::CmpFOp::create(
            ix.b, ix.l, arith::CmpFPredicate::UNE, v,
            arith::ConstantOp::create(ix.b, ix.l,
                                      FloatAttr::get(m.elem(), 0))));
      return Value(arith::CmpIOp::create(
          ix.b, ix.l, arith::CmpIPredicate::ne, v,
          arith::ConstantOp::create(ix.b, ix.l,
                                    IntegerAttr::get(m.elem(), 0))));
    });
    chain.positions = top.positions;
    chain.rows = rows;
    Value positions = chain.positions;
    Tensor values, ranks;
    values.value = indexed(
        {cap}, x.elem(),
        [&](OpBuilder &ob, Location l, ArrayRef<Value> at) -> Value {
          Ix ix{ob, l};
          Value p = ix.get(positions, at[0]);
          Value safe = arith::MaxSIOp::create(ob, l, ix.toIndex(p), ix.c(0));
          Value zero =
              arith::ConstantOp::create(ob, l, FloatAttr::get(x.elem(), 0));
          return ix.sel(ix.lt(at[0], rows), ix.get(x.value, safe), zero);
        });
    ranks.value = top.ranks;
    if (bound == 0) {
      // k = 0: empty results, as TopK gives (the heap had one unused slot).
      values.value = empty({0}, x.elem());
      ranks.value = empty({0}, i64);
      chain.positions = empty({0}, i64);
    }
    for (Tensor *t : {&values, &ranks}) {
      t->length = rows;
      t->lengthAxis = 0;
    }
    if (failed(setOutput(0, values)))
      return failure();
    if (numOutputs() > 1 && failed(setOutput(1, ranks)))
      return failure();
    return IdiomPart::converted;
  }

  // A Gather of the selection's rows (or positions) at the kept indices.
  for (auto &rows : chain.gathers) {
    if (rows.gather != node)
      continue;
    if (!chain.positions)
      return fail("the rows are gathered before the TopK that selects them");
    Value positions = chain.positions;
    auto capOf = cast<RankedTensorType>(positions.getType()).getDimSize(0);
    Tensor out;
    if (!rows.selection) {
      out.value = positions;
    } else {
      const Tensor &y = rows.source;
      SmallVector<int64_t> shape(y.shape());
      shape[0] = capOf;
      out.value =
          indexed(shape, y.elem(),
                  [&](OpBuilder &ob, Location l, ArrayRef<Value> at) -> Value {
                    Ix ix{ob, l};
                    Value p = ix.toIndex(ix.get(positions, at[0]));
                    Value safe = arith::MaxSIOp::create(ob, l, p, ix.c(0));
                    SmallVector<Value> idx(at.begin(), at.end());
                    idx[0] = safe;
                    return tensor::ExtractOp::create(ob, l, y.value, idx);
                  });
    }
    out.length = chain.rows;
    out.lengthAxis = 0;
    if (failed(setOutput(0, out)))
      return failure();
    return IdiomPart::converted;
  }
  return IdiomPart::none;
}

} // namespace mlir::detect::onnx_to_detect
