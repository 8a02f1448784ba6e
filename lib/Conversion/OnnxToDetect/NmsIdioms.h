//===- NmsIdioms.h - Recognised idioms: shared state -------*- C++ -*-===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
// Internal to NmsIdioms.cpp, ThresholdTopK.cpp and ClassCandidates.cpp.
//
// The matchers read the graph as it is before the conversion reaches it:
// a value not yet converted is the result of an `onnx.node`, and a value
// read inside an If's branch is read by the If.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_CONVERSION_ONNXTODETECT_NMSIDIOMS_H
#define DETECT_LIB_CONVERSION_ONNXTODETECT_NMSIDIOMS_H

#include "NodeConverter.h"

#include "mlir/IR/Matchers.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Reading the graph
//===----------------------------------------------------------------------===//

/// The node of type `type` that computes `v`, if it is not converted yet.
inline onnx::NodeOp producer(Value v, StringRef type) {
  auto n = v.getDefiningOp<onnx::NodeOp>();
  return n && n.getOpType() == type ? n : onnx::NodeOp();
}

/// The nodes that read `v`, each once, in `v`'s block (a read inside a
/// region counts as the node that holds the region); a null entry for a
/// reader that is no node (`func.return`: a graph output).
inline SmallVector<onnx::NodeOp> readers(Value v) {
  SmallVector<onnx::NodeOp> out;
  Block *block = v.getParentBlock();
  for (Operation *user : v.getUsers()) {
    Operation *at = block ? block->findAncestorOpInBlock(*user) : nullptr;
    auto n = dyn_cast_or_null<onnx::NodeOp>(at);
    if (!llvm::is_contained(out, n))
      out.push_back(n);
  }
  return out;
}

/// `v` is read only by nodes for which `ok` holds (no graph output).
inline bool onlyReadBy(Value v, function_ref<bool(onnx::NodeOp)> ok) {
  return llvm::all_of(readers(v), [&](onnx::NodeOp n) { return n && ok(n); });
}

/// An attribute of node `n` (null when absent).
inline Attribute nodeAttr(onnx::NodeOp n, StringRef name) {
  return n.getNodeAttributes().get(name);
}

inline int64_t intAttr(onnx::NodeOp n, StringRef name, int64_t dflt) {
  auto a = dyn_cast_or_null<IntegerAttr>(nodeAttr(n, name));
  return a ? a.getInt() : dflt;
}

inline std::optional<SmallVector<int64_t>> intsAttr(onnx::NodeOp n,
                                                    StringRef name) {
  auto a = dyn_cast_or_null<DenseI64ArrayAttr>(nodeAttr(n, name));
  if (!a)
    return std::nullopt;
  return SmallVector<int64_t>(a.asArrayRef());
}

/// The contents of `v` when known now: a converted constant, or a Constant
/// node not converted yet.
inline std::optional<DenseElementsAttr> constantOf(Value v) {
  DenseElementsAttr c;
  if (matchPattern(v, m_Constant(&c)))
    return c;
  if (onnx::NodeOp n = producer(v, "Constant"))
    if (n->getNumOperands() == 0 && n.getNodeAttributes().size() == 1)
      if (auto attr = dyn_cast_or_null<DenseElementsAttr>(nodeAttr(n, "value")))
        return attr;
  return std::nullopt;
}

/// The integers of a constant `v`.
inline std::optional<SmallVector<int64_t>> constantInts(Value v) {
  std::optional<DenseElementsAttr> c = constantOf(v);
  if (!c || !isa<IntegerType>(c->getElementType()))
    return std::nullopt;
  return llvm::to_vector(llvm::map_range(
      c->getValues<APInt>(), [](const APInt &x) { return x.getSExtValue(); }));
}

/// A value computed by the conversion already (not a node's result still to
/// convert, nor an omitted input), of static shape.
inline bool isConverted(Value v) {
  return !v.getDefiningOp<onnx::NodeOp>() && !v.getDefiningOp<onnx::NoneOp>() &&
         isa<RankedTensorType>(v.getType());
}

//===----------------------------------------------------------------------===//
// Thresholded top-k (ThresholdTopK.cpp)
//===----------------------------------------------------------------------===//

/// One thresholded top-k (see NmsIdioms.cpp). `state` is decided at the
/// first of its nodes converted; then the operands it reads are decoded,
/// since their nodes are erased as the conversion goes on.
struct TopKChain {
  onnx::NodeOp topk;
  onnx::NodeOp values; // GatherND(x, selection)
  onnx::NodeOp maskNonZero;
  /// Nodes whose results no one outside the chain reads: erased with it.
  SmallVector<onnx::NodeOp> absorbed;
  /// Gather(rows of the selection, TopK indices): the rows of the source
  /// (operand 0 of `selection`, a GatherND) at the kept positions, or the
  /// positions themselves (`selection` null).
  struct Rows {
    onnx::NodeOp gather, selection;
    Tensor source;
  };
  SmallVector<Rows> gathers;
  enum class State { undecided, committed, cancelled } state = State::undecided;
  /// Selections read only for their length (Shape) besides the chain's
  /// Gathers: an unused tensor with the run-time length.
  SmallVector<onnx::NodeOp> lengthOnly;
  /// Integer constants of one element the pattern needs: operand and value.
  SmallVector<std::pair<OpOperand *, int64_t>> constants;
  Tensor x, mask;
  Value count;     // index: nonzero elements of the mask
  Value positions; // i64 [K]: positions in x of the kept elements, or -1
  Value rows;      // index: their number
};

/// The thresholded top-k chain ending in TopK `t`, if the graph holds one
/// exactly.
std::unique_ptr<TopKChain> matchTopKChain(onnx::NodeOp t);

//===----------------------------------------------------------------------===//
// Per-class candidates (ClassCandidates.cpp)
//===----------------------------------------------------------------------===//

/// torchvision's per-class candidates: for classes c_1 .. c_m of one f32
/// score table S [N, C], `x = S[:, c]`, a thresholded top-k of `x > t_c`
/// with `k = min(K, len)`, the rows of Y it keeps and
/// `full_like(scores, label)`, joined by three Concats. Decided at its
/// first node, like a TopKChain, whose nodes it takes over.
struct ClassCandidates {
  onnx::NodeOp rowsCat, scoresCat, labelsCat;
  /// Per class: the column Gather (its operand 0 is S, 1 the column), the
  /// mask Greater (operand 1: the threshold), the `[K]` of `min(K, len)`
  /// (a Concat, operand 0), the label ConstantOfShape and the rows Gather
  /// of the chain (its selection's operand 0 is Y).
  SmallVector<onnx::NodeOp> columns, masks, limits, labelNodes;
  /// Integer constants of one element the pattern needs: operand and value.
  SmallVector<std::pair<OpOperand *, int64_t>> constants;
  SmallVector<TopKChain *> chains;
  SmallVector<onnx::NodeOp> absorbed;
  TopKChain::State state = TopKChain::State::undecided;
  /// Known once decided.
  Tensor table, rowsSource;
  SmallVector<int64_t> columnIndices, labels;
  SmallVector<float> thresholds;
  int64_t limit = 0;
  /// The three Concats' results, once emitted (at the first of them).
  SmallVector<Tensor, 3> results;
};

/// The per-class candidates whose scores are joined by Concat `cat`, if the
/// graph holds them exactly.
std::unique_ptr<ClassCandidates>
matchClassCandidates(onnx::NodeOp cat,
                     const llvm::DenseMap<Operation *, TopKChain *> &chainOf);

struct IdiomState {
  llvm::DenseSet<Block *> planned;
  llvm::DenseMap<Operation *, TopKChain *> chainOf;
  std::vector<std::unique_ptr<TopKChain>> chains;
  llvm::DenseMap<Operation *, ClassCandidates *> classesOf;
  std::vector<std::unique_ptr<ClassCandidates>> classes;
};

//===----------------------------------------------------------------------===//
// Heap selection (ThresholdTopK.cpp)
//===----------------------------------------------------------------------===//

/// Scalar index arithmetic inside loop bodies.
struct Ix {
  OpBuilder &b;
  Location l;
  Value c(int64_t v) { return arith::ConstantIndexOp::create(b, l, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, l, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, l, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, l, x, y); }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, l, x, y); }
  Value lt(Value x, Value y) {
    return arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, x, y);
  }
  Value sel(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, l, c, x, y);
  }
  Value andI(Value x, Value y) { return arith::AndIOp::create(b, l, x, y); }
  Value orI(Value x, Value y) { return arith::OrIOp::create(b, l, x, y); }
  Value notI(Value x) {
    return arith::XOrIOp::create(
        b, l, x, arith::ConstantOp::create(b, l, b.getBoolAttr(true)));
  }
  Value get(Value t, Value i) {
    return tensor::ExtractOp::create(b, l, t, ValueRange{i});
  }
  Value put(Value v, Value t, Value i) {
    return tensor::InsertOp::create(b, l, v, t, ValueRange{i});
  }
  Value toIndex(Value v) {
    return arith::IndexCastOp::create(b, l, b.getIndexType(), v);
  }
  Value toI64(Value v) {
    return arith::IndexCastOp::create(b, l, b.getI64Type(), v);
  }
};

/// The heap of the kept elements: positions in x (i64) and ranks in the
/// selection (i64), the element that ranks last at the root.
struct Heap {
  Value x; // [N] the scores, or [N, C] with `column`
  Value column;
  int64_t capacity, depth;

  Heap(Value x, Value column, int64_t capacity)
      : x(x), column(column), capacity(capacity),
        depth(llvm::Log2_64_Ceil(uint64_t(capacity) + 1) + 1) {}

  /// The score at position `p` (an index).
  Value score(Ix &ix, Value p) const {
    if (column)
      return tensor::ExtractOp::create(ix.b, ix.l, x, ValueRange{p, column});
    return ix.get(x, p);
  }

  /// Element at position `p` ranks before the one at `q` as TopK orders
  /// (larger first, NaN last, equal values: the lower position first).
  Value before(Ix &ix, Value p, Value q) const {
    // Empty slots hold -1: read as position 0, never decisive.
    auto read = [&](Value at) {
      return score(ix,
                   arith::MaxSIOp::create(ix.b, ix.l, ix.toIndex(at), ix.c(0)));
    };
    Value v = read(p), w = read(q);
    auto cmp = [&](arith::CmpFPredicate pr, Value a, Value c) -> Value {
      return arith::CmpFOp::create(ix.b, ix.l, pr, a, c);
    };
    auto ranks = [&](Value a, Value c) {
      return ix.orI(cmp(arith::CmpFPredicate::OGT, a, c),
                    ix.andI(cmp(arith::CmpFPredicate::UNO, c, c),
                            cmp(arith::CmpFPredicate::ORD, a, a)));
    };
    Value lower =
        arith::CmpIOp::create(ix.b, ix.l, arith::CmpIPredicate::slt, p, q);
    return ix.orI(ranks(v, w), ix.andI(ix.notI(ranks(w, v)), lower));
  }

  /// Swaps entries i and j of both arrays.
  std::pair<Value, Value> swap(Ix &ix, Value pos, Value rank, Value i,
                               Value j) const {
    Value pi = ix.get(pos, i), pj = ix.get(pos, j);
    Value ri = ix.get(rank, i), rj = ix.get(rank, j);
    pos = ix.put(pj, ix.put(pi, pos, j), i);
    rank = ix.put(rj, ix.put(ri, rank, j), i);
    return {pos, rank};
  }

  /// Runs `step` up to `depth` times while it returns true: (pos, rank,
  /// entry, going) -> the same. A counted loop: the C route has no
  /// index-typed scf.while.
  std::pair<Value, Value>
  walk(Ix &ix, Value pos, Value rank, Value start,
       function_ref<void(Ix &, ValueRange)> step) const {
    Value t = arith::ConstantOp::create(ix.b, ix.l, ix.b.getBoolAttr(true));
    auto loop = scf::ForOp::create(
        ix.b, ix.l, ix.c(0), ix.c(depth), ix.c(1),
        ValueRange{pos, rank, start, t},
        [&](OpBuilder &ob, Location l, Value, ValueRange it) {
          auto going = scf::IfOp::create(
              ob, l, it[3],
              [&](OpBuilder &tb, Location tl) {
                Ix tx{tb, tl};
                step(tx, it);
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, it);
              });
          scf::YieldOp::create(ob, l, going.getResults());
        });
    return {loop.getResult(0), loop.getResult(1)};
  }

  /// Yields the arrays with entries j and w swapped and `w` as the entry,
  /// if `go`; else stops.
  void moveTo(Ix &ix, ValueRange it, Value go, Value w) const {
    auto step = scf::IfOp::create(
        ix.b, ix.l, go,
        [&](OpBuilder &tb, Location tl) {
          Ix tx{tb, tl};
          auto [p, r] = swap(tx, it[0], it[1], it[2], w);
          scf::YieldOp::create(tb, tl, ValueRange{p, r, w, it[3]});
        },
        [&](OpBuilder &eb, Location el) {
          Value f = arith::ConstantOp::create(eb, el, eb.getBoolAttr(false));
          scf::YieldOp::create(eb, el, ValueRange{it[0], it[1], it[2], f});
        });
    scf::YieldOp::create(ix.b, ix.l, step.getResults());
  }

  /// Moves entry `start` up while its parent ranks before it.
  std::pair<Value, Value> siftUp(Ix &ix, Value pos, Value rank,
                                 Value start) const {
    return walk(ix, pos, rank, start, [&](Ix &lx, ValueRange it) {
      Value j = it[2];
      Value parent = arith::DivSIOp::create(
          lx.b, lx.l,
          lx.sub(arith::MaxSIOp::create(lx.b, lx.l, j, lx.c(1)), lx.c(1)),
          lx.c(2));
      Value go = lx.andI(lx.lt(lx.c(0), j),
                         before(lx, lx.get(it[0], parent), lx.get(it[0], j)));
      moveTo(lx, it, go, parent);
    });
  }

  /// Moves entry `start` down, among the first `size`, while a child ranks
  /// after it.
  std::pair<Value, Value> siftDown(Ix &ix, Value pos, Value rank, Value start,
                                   Value size) const {
    return walk(ix, pos, rank, start, [&](Ix &lx, ValueRange it) {
      Value j = it[2];
      Value last = lx.c(capacity - 1);
      Value worst = j;
      for (int64_t side = 1; side <= 2; ++side) {
        Value child = lx.add(lx.mul(j, lx.c(2)), lx.c(side));
        Value safe = lx.min(child, last);
        Value later = before(lx, lx.get(it[0], worst), lx.get(it[0], safe));
        worst = lx.sel(lx.andI(lx.lt(child, size), later), safe, worst);
      }
      Value go =
          arith::CmpIOp::create(lx.b, lx.l, arith::CmpIPredicate::ne, worst, j);
      moveTo(lx, it, go, worst);
    });
  }
};

/// The best elements of the selection, as TopK ranks them.
struct TopKSelection {
  Value positions; // i64 [capacity]: positions, best first; -1 after `size`
  Value ranks;     // i64 [capacity]: their indices in the selection
  Value size;      // index: min(limit, selected elements)
};

/// One scan of positions [0, n): each element `selected` enters the heap
/// while it holds fewer than `limit` (at most the heap's capacity), or
/// replaces the root when it ranks before it; then the heap is drained
/// best first.
TopKSelection selectTopK(OpBuilder &b, Location loc, const Heap &heap,
                         int64_t n, Value limit,
                         function_ref<Value(Ix &, Value)> selected);

} // namespace mlir::detect::onnx_to_detect

#endif // DETECT_LIB_CONVERSION_ONNXTODETECT_NMSIDIOMS_H
