//===- ControlFlow.cpp - ONNX If
//--------------------------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// Exporters write `If` for Python conditionals that survive tracing, such as
// torchvision's early return when there are no boxes. A condition known at
// conversion time converts only the branch it takes, in line. Otherwise
// both branches are converted and each result is selected by the condition; a
// result whose size differs between the branches (an empty list in one, a
// selection in the other) becomes a value with a static capacity, the larger
// size, and a run-time length, as every data-dependent value is here.
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

LogicalResult NodeConverter::convertBranch(Region &branch,
                                           SmallVector<Tensor> &outs) {
  // The branch's ops move in line before the If and are converted there;
  // they read the enclosing graph's values directly.
  onnx::NodeOp parent = node;
  SmallVector<std::optional<Tensor>> parentOutputs = std::move(outputs);
  Location parentLoc = loc;
  Block &block = branch.front();
  auto yield = cast<onnx::YieldOp>(block.getTerminator());
  SmallVector<onnx::NodeOp> nodes;
  for (Operation &op : llvm::make_early_inc_range(block.without_terminator())) {
    op.moveBefore(parent);
    if (auto n = dyn_cast<onnx::NodeOp>(op))
      nodes.push_back(n);
  }
  if (failed(convertNodes(nodes)))
    return failure();
  node = parent;
  outputs = std::move(parentOutputs);
  loc = parentLoc;
  b.setInsertionPoint(parent);
  for (Value v : yield.getOutputs()) {
    outs.push_back(decode(v));
    if (!isa<RankedTensorType>(outs.back().value.getType()))
      return fail("a branch output is not a tensor of known shape");
  }
  if (int(outs.size()) != numOutputs())
    return fail("a branch has " + Twine(outs.size()) + " outputs, the node " +
                Twine(numOutputs()));
  return success();
}

LogicalResult NodeConverter::unifyBranches(ArrayRef<Tensor> thenOuts,
                                           ArrayRef<Tensor> elseOuts,
                                           SmallVector<Tensor> &shapes) {
  for (auto [k, pair] : llvm::enumerate(llvm::zip(thenOuts, elseOuts))) {
    const Tensor &t = std::get<0>(pair), &e = std::get<1>(pair);
    if (t.rank() != e.rank() || t.elem() != e.elem())
      return fail("output " + Twine(k) + ": the branches yield " +
                  shapeStr(t.shape()) + " and " + shapeStr(e.shape()) +
                  " of different ranks or element types");
    int64_t axis = -1;
    for (int64_t a = 0; a < t.rank(); ++a) {
      if (t.shape()[a] == e.shape()[a])
        continue;
      if (axis >= 0)
        return fail("output " + Twine(k) + ": the branches yield " +
                    shapeStr(t.shape()) + " and " + shapeStr(e.shape()) +
                    ", which differ in more than one dimension");
      axis = a;
    }
    for (const Tensor *x : {&t, &e}) {
      if (!x->length)
        continue;
      if (axis >= 0 && x->lengthAxis != axis)
        return fail("output " + Twine(k) + ": a run-time length on axis " +
                    Twine(x->lengthAxis) + " and a size difference on axis " +
                    Twine(axis));
      axis = x->lengthAxis;
    }
    // `shapes[k]` describes the result: its capacity and its length axis.
    Tensor r;
    SmallVector<int64_t> shape(t.shape());
    if (axis >= 0)
      shape[axis] = std::max(t.shape()[axis], e.shape()[axis]);
    r.value = empty(shape, t.elem());
    r.lengthAxis = axis;
    shapes.push_back(r);
  }
  return success();
}

std::pair<Region *, Region *> ifBranches(onnx::NodeOp n) {
  Region *thenGraph = nullptr, *elseGraph = nullptr;
  if (auto names = n.getSubgraphNames())
    for (auto [name, region] : llvm::zip(*names, n.getSubgraphs())) {
      if (cast<StringAttr>(name).getValue() == "then_branch")
        thenGraph = &region;
      else if (cast<StringAttr>(name).getValue() == "else_branch")
        elseGraph = &region;
    }
  return {thenGraph, elseGraph};
}

LogicalResult NodeConverter::opIf() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  auto [thenGraph, elseGraph] = ifBranches(node);
  if (!thenGraph || !elseGraph)
    return fail("expects the graphs then_branch and else_branch");
  if (product(in[0].shape()) != 1)
    return fail("the condition must hold one value, has shape " +
                shapeStr(in[0].shape()));

  // A condition known at import time: the branch taken, in line.
  if (in[0].constant) {
    bool taken = !(*in[0].constant.value_begin<APInt>()).isZero();
    SmallVector<Tensor> outs;
    if (failed(convertBranch(taken ? *thenGraph : *elseGraph, outs)))
      return failure();
    for (auto [i, t] : llvm::enumerate(outs))
      if (failed(setOutput(i, t)))
        return failure();
    return success();
  }

  Value cond = extractScalar(in[0]);
  if (!cond.getType().isInteger(1))
    cond = convert(b, loc, cond, b.getI1Type());
  // Both branches are computed and each result is chosen by the condition.
  // Every op the conversion emits is total (no traps; indices are clamped, so
  // padding never reads out of bounds), so computing the branch not taken
  // is safe; torchvision's branches are an early return of an empty list
  // and the real work, so it costs little. An scf.if would put the
  // branches' scratch inside a branch, where the heap-free pipelines cannot
  // place it once per function.
  SmallVector<Tensor> thenOuts, elseOuts, shapes;
  if (failed(convertBranch(*thenGraph, thenOuts)) ||
      failed(convertBranch(*elseGraph, elseOuts)) ||
      failed(unifyBranches(thenOuts, elseOuts, shapes)))
    return failure();
  for (size_t i = 0; i < shapes.size(); ++i) {
    const Tensor &r = shapes[i], &t = thenOuts[i], &e = elseOuts[i];
    auto padTo = [&](const Tensor &x) -> Value {
      if (x.shape() == r.shape())
        return x.value;
      SmallVector<int64_t> lo(r.rank(), 0);
      return pad(x.value, lo, r.shape(), scalar(r.elem(), 0));
    };
    Tensor out;
    out.value =
        elementwise({padTo(t), padTo(e)}, r.shape(), r.elem(),
                    [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                      return arith::SelectOp::create(ob, l, cond, a[0], a[1]);
                    });
    if (r.lengthAxis >= 0) {
      auto lengthOf = [&](const Tensor &x) -> Value {
        return x.length ? x.length : index(x.shape()[r.lengthAxis]);
      };
      out.lengthAxis = r.lengthAxis;
      out.length =
          arith::SelectOp::create(b, loc, cond, lengthOf(t), lengthOf(e));
    }
    if (failed(setOutput(i, out)))
      return failure();
  }
  return success();
}

} // namespace mlir::detect::onnx_to_detect
