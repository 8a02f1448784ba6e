//===- KeptIndex.cpp - the grid over the kept boxes of NMS ----------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "KeptIndex.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::detect;
using namespace mlir::detect::nms;

/// Below this capacity the kept list is short enough to scan whole.
constexpr int64_t kGridMinCapacity = 64;
constexpr int64_t kGridMinCapacity32 = 1024;
/// Kept slots per grid cell: K / 4 cells at most.
constexpr int64_t kKeptPerCell = 4;

int64_t nms::gridCells(int64_t staticN, int64_t staticK,
                       unsigned indexBitwidth) {
  int64_t gridMin = indexBitwidth == 64 ? kGridMinCapacity : kGridMinCapacity32;
  if (ShapedType::isDynamic(staticN) || ShapedType::isDynamic(staticK) ||
      staticK < gridMin)
    return 0;
  return staticK / kKeptPerCell;
}

namespace {

/// Float arithmetic of the grid (f32, or f64 for f64 boxes): wide enough
/// that extending a coordinate to it is exact, hence monotone.
struct GridMath : BoxMath {
  GridMath(OpBuilder &b, Location loc, FloatType type, Type counter)
      : BoxMath(b, loc, type), counter(counter) {}
  Type counter;

  OpBuilder &b() const { return getBuilder(); }
  Value cst(double v) { return constant(v); }
  Value ext(Value v) {
    return v.getType() == getType()
               ? v
               : arith::ExtFOp::create(b(), getLoc(), getType(), v);
  }
  Value lt(Value x, Value y) { return cmp(arith::CmpFPredicate::OLT, x, y); }
  Value gt(Value x, Value y) { return cmp(arith::CmpFPredicate::OGT, x, y); }
  Value ge(Value x, Value y) { return cmp(arith::CmpFPredicate::OGE, x, y); }
  Value le(Value x, Value y) { return cmp(arith::CmpFPredicate::OLE, x, y); }
  Value toFloat(Value i) {
    return arith::SIToFPOp::create(b(), getLoc(), getType(), i);
  }
  Value toCounter(Value v) {
    return arith::FPToSIOp::create(b(), getLoc(), counter, v);
  }
  /// v in [0, hi] as a counter; NaN and negatives give 0. The conversion
  /// only ever sees a value in range (C's cast of inf is undefined).
  Value clampToCounter(Value v, Value hi) {
    LoopBuilder l{b(), getLoc(), counter};
    Value ok = ge(v, cst(0.0));
    Value below = lt(v, hi);
    Value safe = select(l.andI(ok, below), v, cst(0.0));
    Value i = toCounter(safe);
    Value top = toCounter(hi);
    return l.select(ok, l.select(below, i, top), l.cst(0));
  }
  /// The cell of coordinate v on an axis: floor((v - origin) * scale)
  /// clamped to [0, size). Monotone in v (every step is), NaN gives 0.
  Value cell(const GridAxis &a, Value v) {
    LoopBuilder l{b(), getLoc(), counter};
    Value t = mul(sub(ext(v), a.origin), a.scale);
    Value atLeastOne = ge(t, cst(1.0));
    Value inside = lt(t, a.sizeF);
    Value safe = select(l.andI(atLeastOne, inside), t, cst(0.0));
    Value i = toCounter(safe);
    return l.select(atLeastOne, l.select(inside, i, l.sub(a.size, l.cst(1))),
                    l.cst(0));
  }
};

/// Where a candidate goes in the grid and which cells it visits.
struct Placement {
  Value home;     // its bucket, or -1: nowhere (it intersects nothing)
  Value xlo, xhi; // cells visited: [xlo, xhi] x [ylo, yhi] (empty: yhi < 0)
  Value ylo, yhi;
  Value inert;    // it intersects nothing: no comparisons at all
  Value useCells; // the cells can be pruned (else yhi < 0)
};

} // namespace

/// The bucket of candidate `c` and the cells it visits. Every value is a
/// function of the corners only, so the counting pass and the selection
/// agree.
static Placement place(LoopBuilder &l, GridMath &m, const Grid &g, Corners c,
                       Value prune) {
  BoxMath bm(l.b, l.loc, cast<FloatType>(c.x1.getType()));
  using P = arith::CmpFPredicate;
  Value nonEmpty =
      l.andI(bm.cmp(P::OGT, c.x2, c.x1), bm.cmp(P::OGT, c.y2, c.y1));
  Placement p;
  // An empty box (or a NaN corner) intersects nothing.
  p.inert = l.andI(prune, l.notI(nonEmpty));
  Value cx1 = m.cell(g.x, c.x1), cy1 = m.cell(g.y, c.y1);
  Value cx2 = m.cell(g.x, c.x2), cy2 = m.cell(g.y, c.y2);
  Value useCells = l.andI(prune, nonEmpty);
  p.useCells = useCells;
  Value inGrid = l.andI(useCells, l.andI(l.le(l.sub(cx2, cx1), g.x.reach),
                                         l.le(l.sub(cy2, cy1), g.y.reach)));
  p.home =
      l.select(p.inert, l.cst(-1),
               l.select(inGrid, l.add(l.mul(cy1, g.x.size), cx1), g.outside));
  p.xlo = l.max(l.sub(cx1, g.x.reach), l.cst(0));
  p.xhi = cx2;
  p.ylo = l.max(l.sub(cy1, g.y.reach), l.cst(0));
  p.yhi = l.select(useCells, cy2, l.cst(-1));
  return p;
}

/// Statistics of the finite, non-empty candidates: minX, maxX, minY, maxY
/// of the (x1, y1) corners; sums and maxima of the sizes; their number.
static SmallVector<Value> buildStatistics(OpBuilder &b, Location loc,
                                          const BoxReader &reader, Value order,
                                          Value numCandidates, GridMath &gm,
                                          double big) {
  Type counter = gm.counter;
  LoopBuilder lb{b, loc, counter};
  SmallVector<Value> init{gm.cst(big),  gm.cst(-big), gm.cst(big),
                          gm.cst(-big), gm.cst(0.0),  gm.cst(0.0),
                          gm.cst(0.0),  gm.cst(0.0),  lb.cst(0)};
  auto stats = scf::ForOp::create(
      b, loc, lb.cst(0), numCandidates, lb.cst(1), init,
      [&](OpBuilder &nb, Location nl, Value i, ValueRange s) {
        LoopBuilder l{nb, nl, counter};
        GridMath m{nb, nl, gm.getType(), counter};
        Corners c = reader.corners(l, l.load(order, i));
        Value x1 = m.ext(c.x1), y1 = m.ext(c.y1), x2 = m.ext(c.x2),
              y2 = m.ext(c.y2);
        Value finite =
            l.andI(l.andI(m.ge(x1, m.cst(-big)), m.le(x2, m.cst(big))),
                   l.andI(m.ge(y1, m.cst(-big)), m.le(y2, m.cst(big))));
        Value ok = l.andI(finite, l.andI(m.gt(x2, x1), m.gt(y2, y1)));
        Value w = m.sub(x2, x1), h = m.sub(y2, y1);
        auto pick = [&](Value better, Value v, Value old) {
          return m.select(l.andI(ok, better), v, old);
        };
        SmallVector<Value> next{pick(m.lt(x1, s[0]), x1, s[0]),
                                pick(m.gt(x1, s[1]), x1, s[1]),
                                pick(m.lt(y1, s[2]), y1, s[2]),
                                pick(m.gt(y1, s[3]), y1, s[3]),
                                m.select(ok, m.add(s[4], w), s[4]),
                                m.select(ok, m.add(s[5], h), s[5]),
                                pick(m.gt(w, s[6]), w, s[6]),
                                pick(m.gt(h, s[7]), h, s[7]),
                                l.select(ok, l.add(s[8], l.cst(1)), s[8])};
        scf::YieldOp::create(nb, nl, next);
      });
  return SmallVector<Value>(stats.getResults());
}

/// Halves the scales until the grid fits: (floor(nx) + 1) * (floor(ny) + 1)
/// <= cells, with nx = rangeX * scaleX. Ends: a finite range times a
/// halving scale reaches 0, and one cell always fits. Returns the scales
/// and nx, ny.
static ValueRange buildFit(OpBuilder &b, Location loc, GridMath &gm,
                           int64_t cells, Value cellsF, Value rangeX,
                           Value rangeY, Value scaleX, Value scaleY) {
  Type counter = gm.counter;
  FloatType gridType = gm.getType();
  Type floatType = gridType;
  auto fit = scf::WhileOp::create(
      b, loc, TypeRange{floatType, floatType, floatType, floatType},
      ValueRange{scaleX, scaleY},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        LoopBuilder l{nb, nl, counter};
        GridMath m{nb, nl, gridType, counter};
        Value nx = m.mul(rangeX, args[0]), ny = m.mul(rangeY, args[1]);
        Value inX = m.lt(nx, cellsF), inY = m.lt(ny, cellsF);
        // Columns and rows, converted only when below `cells`; their
        // product is compared by division, which cannot overflow.
        auto span = [&](Value n, Value in) {
          Value safe = m.select(in, n, m.cst(0.0));
          return l.add(m.toCounter(safe), l.cst(1));
        };
        Value rowsAllowed =
            arith::DivSIOp::create(nb, nl, l.cst(cells), span(nx, inX));
        Value fits = l.andI(l.andI(inX, inY), l.le(span(ny, inY), rowsAllowed));
        scf::ConditionOp::create(nb, nl, l.notI(fits),
                                 ValueRange{args[0], args[1], nx, ny});
      },
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        GridMath m{nb, nl, gridType, counter};
        scf::YieldOp::create(
            nb, nl,
            ValueRange{m.mul(args[0], m.cst(0.5)), m.mul(args[1], m.cst(0.5))});
      });
  return fit.getResults();
}

/// Room in each bucket for all of its candidates: counts them (in `end`),
/// then turns the counts into start positions.
static void buildBucketRoom(OpBuilder &b, Location loc, const Grid &g,
                            const BoxReader &reader, Value order,
                            Value numCandidates, Value prune) {
  Type counter = g.counter;
  LoopBuilder lb{b, loc, counter};
  Type posType = cast<MemRefType>(g.end.getType()).getElementType();
  Value zeroPos =
      arith::ConstantOp::create(b, loc, posType, b.getIntegerAttr(posType, 0));
  linalg::FillOp::create(b, loc, ValueRange{zeroPos}, ValueRange{g.end});
  scf::ForOp::create(
      b, loc, lb.cst(0), numCandidates, lb.cst(1), ValueRange{},
      [&](OpBuilder &nb, Location nl, Value i, ValueRange) {
        LoopBuilder l{nb, nl, counter};
        GridMath m{nb, nl, g.type, counter};
        Value home =
            place(l, m, g, reader.corners(l, l.load(order, i)), prune).home;
        scf::IfOp::create(
            nb, nl, l.le(l.cst(0), home), [&](OpBuilder &ib, Location il) {
              LoopBuilder t{ib, il, counter};
              t.store(t.add(t.load(g.end, home), t.cst(1)), g.end, home);
              scf::YieldOp::create(ib, il);
            });
        scf::YieldOp::create(nb, nl);
      });
  scf::ForOp::create(b, loc, lb.cst(0), lb.cst(g.cells + 1), lb.cst(1),
                     ValueRange{lb.cst(0)},
                     [&](OpBuilder &nb, Location nl, Value c, ValueRange run) {
                       LoopBuilder l{nb, nl, counter};
                       Value n = l.load(g.end, c);
                       l.store(run[0], g.start, c);
                       l.store(run[0], g.end, c);
                       scf::YieldOp::create(nb, nl, l.add(run[0], n));
                     });
}

// Cells twice the mean box size on each axis, coarsened (halving the scale)
// until the extent of the (x1, y1) corners fits in `cells` cells. Only
// finite, non-empty boxes shape the grid; when there are none, or the sizes
// overflow, the grid is one cell.
Grid Grid::build(OpBuilder &b, Location loc, const BoxReader &reader,
                 Value order, Value numCandidates, Value prune, int64_t cells,
                 int64_t staticN, bool withCorners, Type counter) {
  LoopBuilder lb{b, loc, counter};
  Grid g;
  g.outside = lb.cst(cells);
  g.cells = cells;
  g.counter = counter;
  g.type = FloatType(reader.type).getWidth() <= 32 ? FloatType(b.getF32Type())
                                                   : FloatType(b.getF64Type());
  if (cells == 0)
    return g;
  // Positions in [0, N] and box numbers in [0, N).
  Type posType = storageType(b, counter, staticN);
  g.start =
      memref::AllocOp::create(b, loc, MemRefType::get({cells + 1}, posType));
  g.end =
      memref::AllocOp::create(b, loc, MemRefType::get({cells + 1}, posType));
  g.withCorners = withCorners;
  if (withCorners)
    for (Value &column : g.corners)
      column = memref::AllocOp::create(b, loc,
                                       MemRefType::get({staticN}, reader.type));
  else
    g.bucket = memref::AllocOp::create(
        b, loc, MemRefType::get({staticN}, storageType(b, counter, staticN)));

  GridMath gm{b, loc, g.type, counter};
  // The largest finite value stands for infinity: "finite" is |v| <= big,
  // and the C route prints no INFINITY (which needs <math.h>).
  double big =
      llvm::APFloat::getLargest(g.type.getFloatSemantics()).convertToDouble();
  SmallVector<Value> s =
      buildStatistics(b, loc, reader, order, numCandidates, gm, big);
  Value count = gm.toFloat(s[8]);
  Value meanW = gm.div(s[4], count), meanH = gm.div(s[5], count);
  Value rangeX = gm.sub(s[1], s[0]), rangeY = gm.sub(s[3], s[2]);
  // Cells twice the mean box size: the fastest of 1/2, 1, 2 and 4 times
  // on the host benchmark (fewer, longer buckets suit the branch-free
  // scan; the 32-bit scan is about as fast).
  Value scaleX = gm.div(gm.cst(0.5), meanW);
  Value scaleY = gm.div(gm.cst(0.5), meanH);
  auto finiteFrom = [&](Value v, arith::CmpFPredicate p) {
    return lb.andI(gm.cmp(p, v, gm.cst(0.0)), gm.le(v, gm.cst(big)));
  };
  using P = arith::CmpFPredicate;
  Value good = lb.andI(
      lb.andI(prune, lb.lt(lb.cst(0), s[8])),
      lb.andI(lb.andI(finiteFrom(scaleX, P::OGT), finiteFrom(scaleY, P::OGT)),
              lb.andI(finiteFrom(rangeX, P::OGE), finiteFrom(rangeY, P::OGE))));
  Value zero = gm.cst(0.0);
  rangeX = gm.select(good, rangeX, zero);
  rangeY = gm.select(good, rangeY, zero);
  g.x.origin = gm.select(good, s[0], zero);
  g.y.origin = gm.select(good, s[2], zero);

  Value cellsF = gm.cst(static_cast<double>(cells));
  Value initialX = gm.select(good, scaleX, zero);
  Value initialY = gm.select(good, scaleY, zero);
  ValueRange fit =
      buildFit(b, loc, gm, cells, cellsF, rangeX, rangeY, initialX, initialY);
  auto axis = [&](GridAxis &a, Value scale, Value n, Value maxSize,
                  Value meanSize) {
    a.scale = scale;
    a.size = lb.add(gm.toCounter(n), lb.cst(1));
    a.sizeF = gm.toFloat(a.size);
    // R covers the largest box, but at most twice the mean size plus two
    // cells: larger boxes go to the bucket every candidate visits.
    Value largest =
        lb.add(gm.clampToCounter(gm.mul(maxSize, scale), a.sizeF), lb.cst(1));
    Value typical = lb.add(
        lb.mul(gm.clampToCounter(gm.mul(meanSize, scale), a.sizeF), lb.cst(2)),
        lb.cst(2));
    a.reach = lb.min(largest, typical);
  };
  axis(g.x, fit[0], fit[2], s[6], meanW);
  axis(g.y, fit[1], fit[3], s[7], meanH);
  buildBucketRoom(b, loc, g, reader, order, numCandidates, prune);
  return g;
}

std::pair<Value, Value>
Grid::buildVisit(LoopBuilder &l, Corners c, Value prune,
                 llvm::function_ref<Value(OpBuilder &, Location, Value, Value)>
                     scanBucket) const {
  GridMath gm{l.b, l.loc, type, counter};
  Placement p = place(l, gm, *this, c, prune);
  // The outside bucket (row ylo - 1), then the cells [xlo, xhi] x
  // [ylo, yhi] row by row; nothing for an inert candidate. One loop, so
  // that the comparison code exists once.
  Value ylo = l.select(p.useCells, p.ylo, l.cst(0));
  Value y0 = l.select(p.inert, l.add(p.yhi, l.cst(1)), l.sub(ylo, l.cst(1)));
  auto cellLoop = scf::WhileOp::create(
      l.b, l.loc, TypeRange{counter, counter, l.b.getI1Type()},
      ValueRange{p.xlo, y0, l.boolean(false)},
      [&](OpBuilder &wb, Location wl, ValueRange a) {
        LoopBuilder t{wb, wl, counter};
        Value go = t.andI(t.notI(a[2]), t.le(a[1], p.yhi));
        scf::ConditionOp::create(wb, wl, go, a);
      },
      [&](OpBuilder &wb, Location wl, ValueRange a) {
        LoopBuilder t{wb, wl, counter};
        Value outside = t.lt(a[1], ylo);
        Value cell =
            t.select(outside, this->outside, t.add(t.mul(a[1], x.size), a[0]));
        Value hit = scanBucket(wb, wl, t.load(start, cell), t.load(end, cell));
        Value inRow = t.andI(t.notI(outside), t.lt(a[0], p.xhi));
        Value nextX = t.select(inRow, t.add(a[0], t.cst(1)), p.xlo);
        Value nextY = t.select(outside, ylo,
                               t.select(inRow, a[1], t.add(a[1], t.cst(1))));
        scf::YieldOp::create(wb, wl, ValueRange{nextX, nextY, hit});
      });
  return {cellLoop.getResult(2), p.home};
}

void Grid::buildInsert(LoopBuilder &l, Value home, Corners c,
                       Value entry) const {
  scf::IfOp::create(l.b, l.loc, l.le(l.cst(0), home),
                    [&](OpBuilder &kb, Location kl) {
                      LoopBuilder k{kb, kl, counter};
                      Value at = k.load(end, home);
                      if (withCorners) {
                        Value v[4] = {c.x1, c.y1, c.x2, c.y2};
                        for (int q = 0; q < 4; ++q)
                          k.store(v[q], corners[q], at);
                      } else {
                        k.store(entry, bucket, at);
                      }
                      k.store(k.add(at, k.cst(1)), end, home);
                      scf::YieldOp::create(kb, kl);
                    });
}
