//===- ControlFlow.cpp - ONNX If --------------------------------------------===//
//
// Part of detect-mlir: the ONNX importer (lib/Import/Onnx/Importer.h).
//
// Exporters write `If` for Python conditionals that survive tracing, such as
// torchvision's early return when there are no boxes. A condition known at
// import time imports only the branch it takes, in line. Otherwise both
// branches are imported and each result is selected by the condition; a
// result whose size differs between the branches (an empty list in one, a
// selection in the other) becomes a value with a static capacity, the larger
// size, and a run-time length, as every data-dependent value is here.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

namespace detect::onnx_import {

LogicalResult Importer::importBranch(const onnx::GraphProto &graph,
                                     SmallVector<Tensor> &outs) {
  const onnx::NodeProto *parent = node;
  int parentIndex = nodeIndex;
  Location parentLoc = loc;
  for (const auto &t : graph.initializer()) {
    auto attr = tensorProtoAttr(t);
    if (failed(attr))
      return failure();
    env[t.name()] = constantTensor(*attr);
  }
  if (failed(importNodes(graph)))
    return failure();
  node = parent;
  nodeIndex = parentIndex;
  loc = parentLoc;
  for (const auto &o : graph.output()) {
    auto it = env.find(o.name());
    if (it == env.end())
      return fail("branch output '" + o.name() + "' is not computed");
    outs.push_back(it->second);
  }
  if (int(outs.size()) != node->output_size())
    return fail("a branch has " + Twine(outs.size()) + " outputs, the node " +
                Twine(node->output_size()));
  return success();
}

LogicalResult Importer::unifyBranches(ArrayRef<Tensor> thenOuts,
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

LogicalResult Importer::opIf() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  const onnx::GraphProto *thenGraph = nullptr, *elseGraph = nullptr;
  for (const auto &a : node->attribute()) {
    if (a.type() != onnx::AttributeProto::GRAPH)
      continue;
    if (a.name() == "then_branch")
      thenGraph = &a.g();
    else if (a.name() == "else_branch")
      elseGraph = &a.g();
  }
  if (!thenGraph || !elseGraph)
    return fail("expects the graphs then_branch and else_branch");
  if (product(in[0].shape()) != 1)
    return fail("the condition must hold one value, has shape " +
                shapeStr(in[0].shape()));

  // A condition known at import time: the branch taken, in line.
  if (in[0].constant) {
    bool taken = !(*in[0].constant.value_begin<APInt>()).isZero();
    SmallVector<Tensor> outs;
    if (failed(importBranch(taken ? *thenGraph : *elseGraph, outs)))
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
  // Every op the importer emits is total (no traps; indices are clamped, so
  // padding never reads out of bounds), so computing the branch not taken
  // is safe; torchvision's branches are an early return of an empty list
  // and the real work, so it costs little. An scf.if would put the
  // branches' scratch inside a branch, where the heap-free pipelines cannot
  // place it once per function.
  SmallVector<Tensor> thenOuts, elseOuts, shapes;
  if (failed(importBranch(*thenGraph, thenOuts)) ||
      failed(importBranch(*elseGraph, elseOuts)) ||
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
    out.value = elementwise({padTo(t), padTo(e)}, r.shape(), r.elem(),
                           [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                             return arith::SelectOp::create(ob, l, cond, a[0], a[1]);
                           });
    if (r.lengthAxis >= 0) {
      auto lengthOf = [&](const Tensor &x) -> Value {
        return x.length ? x.length : index(x.shape()[r.lengthAxis]);
      };
      out.lengthAxis = r.lengthAxis;
      out.length = arith::SelectOp::create(b, loc, cond, lengthOf(t), lengthOf(e));
    }
    if (failed(setOutput(i, out)))
      return failure();
  }
  return success();
}

} // namespace detect::onnx_import
