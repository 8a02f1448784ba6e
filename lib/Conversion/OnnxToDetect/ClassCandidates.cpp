//===- ClassCandidates.cpp - torchvision's per-class candidate lists -----===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// SSD's `postprocess_detections` loops over the classes in Python; the
// export unrolls it: for each class, `score = scores[:, label]`, the
// thresholded top-k (ThresholdTopK.cpp) with `k = min(topk_candidates,
// len)`, `box[idxs]` and `full_like(score, label)`, then `torch.cat` of the
// boxes, scores and labels. Converted as one loop over the classes that
// writes each class's kept candidates straight after the previous class's:
// the code of one class instead of one copy per class, and no per-class
// lists. The result is the Concats': the same rows in the same order, with
// the total as run-time length.
//
//===----------------------------------------------------------------------===//

#include "NmsIdioms.h"

namespace mlir::detect::onnx_to_detect {

std::unique_ptr<ClassCandidates>
matchClassCandidates(onnx::NodeOp cat,
                     const llvm::DenseMap<Operation *, TopKChain *> &chainOf) {
  using N = onnx::NodeOp;
  if (intAttr(cat, "axis", 0) != 0 || cat->getNumOperands() == 0 ||
      cat->getNumResults() != 1)
    return nullptr;
  auto group = std::make_unique<ClassCandidates>();
  group->scoresCat = cat;
  // Exactly one reader, of type `type`, of `v` (no graph output).
  auto only = [&](Value v, StringRef type) -> N {
    SmallVector<N> uses = readers(v);
    if (uses.size() != 1 || !uses[0] || uses[0].getOpType() != type)
      return N();
    return uses[0];
  };
  auto axesAre = [&](N n, int64_t axis) {
    if (n->getNumOperands() == 1)
      return intsAttr(n, "axes") == SmallVector<int64_t>{axis};
    return n->getNumOperands() == 2 && !nodeAttr(n, "axes");
  };
  Value table, rowsSource;
  for (auto [j, scores] : llvm::enumerate(cat->getOperands())) {
    N topk = producer(scores, "TopK");
    auto it = topk ? chainOf.find(topk) : chainOf.end();
    if (it == chainOf.end() || it->second->topk != topk ||
        topk->getNumResults() != 2 || topk->getResult(0) != scores)
      return nullptr;
    TopKChain *chain = it->second;
    // The kept rows of one source, joined by one Concat.
    if (chain->gathers.size() != 1 || !chain->gathers[0].selection ||
        !chain->lengthOnly.empty())
      return nullptr;
    N gather = chain->gathers[0].gather;
    Value source = chain->gathers[0].selection->getOperand(0);
    if (j == 0)
      rowsSource = source;
    N rowsCat = only(gather->getResult(0), "Concat");
    if (source != rowsSource || !rowsCat ||
        readers(topk->getResult(1)).size() != 1 ||
        (j == 0 ? !(group->rowsCat = rowsCat) : group->rowsCat != rowsCat) ||
        rowsCat->getNumOperands() != cat->getNumOperands() ||
        rowsCat->getOperand(j) != gather->getResult(0))
      return nullptr;
    // The labels: ConstantOfShape(Shape(scores)).
    N shape;
    SmallVector<N> scoreReaders = readers(scores);
    for (N u : scoreReaders)
      if (u != cat)
        shape = u;
    if (scoreReaders.size() != 2 || !llvm::is_contained(scoreReaders, cat) ||
        !shape || shape.getOpType() != "Shape" ||
        !shape.getNodeAttributes().empty())
      return nullptr;
    N label = only(shape->getResult(0), "ConstantOfShape");
    N labelsCat = label ? only(label->getResult(0), "Concat") : N();
    if (!labelsCat ||
        (j == 0 ? !(group->labelsCat = labelsCat)
                : group->labelsCat != labelsCat) ||
        labelsCat->getNumOperands() != cat->getNumOperands() ||
        labelsCat->getOperand(j) != label->getResult(0))
      return nullptr;
    // The column: Gather(S, c, axis 1), read by the mask and the selection.
    Value x = chain->values->getOperand(0);
    Value maskValue = chain->maskNonZero->getOperand(0);
    N column = producer(x, "Gather");
    N mask = producer(maskValue, "Greater");
    if (!column || intAttr(column, "axis", 0) != 1 ||
        column->getNumOperands() != 2 || !mask || mask->getNumOperands() != 2 ||
        mask->getOperand(0) != x ||
        !onlyReadBy(x, [&](N n) { return n == mask || n == chain->values; }) ||
        !onlyReadBy(maskValue, [&](N n) {
          return llvm::is_contained(chain->absorbed, n);
        }))
      return nullptr;
    if (j == 0)
      table = column->getOperand(0);
    if (column->getOperand(0) != table)
      return nullptr;
    // k = Reshape(ReduceMin(Concat([K], Unsqueeze(Gather(Shape(x[x > t]),
    // 0)))), [1]): min(K, len), as `_topk_min` exports.
    N reshape = producer(topk->getOperand(1), "Reshape");
    N reduce = reshape ? producer(reshape->getOperand(0), "ReduceMin") : N();
    N pair = reduce ? producer(reduce->getOperand(0), "Concat") : N();
    if (!reshape || reshape->getNumOperands() != 2 ||
        only(reshape->getResult(0), "TopK") != topk || !reduce ||
        only(reduce->getResult(0), "Reshape") != reshape ||
        nodeAttr(reduce, "axes") || reduce->getNumOperands() != 1 || !pair ||
        pair->getNumOperands() != 2 || intAttr(pair, "axis", 0) != 0 ||
        only(pair->getResult(0), "ReduceMin") != reduce)
      return nullptr;
    N unsqueeze = producer(pair->getOperand(1), "Unsqueeze");
    N length = unsqueeze ? producer(unsqueeze->getOperand(0), "Gather") : N();
    N selShape = length ? producer(length->getOperand(0), "Shape") : N();
    if (!unsqueeze || !axesAre(unsqueeze, 0) ||
        only(unsqueeze->getResult(0), "Concat") != pair || !length ||
        length->getNumOperands() != 2 || intAttr(length, "axis", 0) != 0 ||
        only(length->getResult(0), "Unsqueeze") != unsqueeze || !selShape ||
        !selShape.getNodeAttributes().empty() ||
        selShape->getOperand(0) != chain->values->getResult(0) ||
        only(selShape->getResult(0), "Gather") != length ||
        !onlyReadBy(chain->values->getResult(0),
                    [&](N n) { return n == topk || n == selShape; }))
      return nullptr;
    group->constants.push_back({&length->getOpOperand(1), 0});
    group->constants.push_back({&reshape->getOpOperand(1), 1});
    if (unsqueeze->getNumOperands() == 2)
      group->constants.push_back({&unsqueeze->getOpOperand(1), 0});
    group->columns.push_back(column);
    group->masks.push_back(mask);
    group->limits.push_back(pair);
    group->labelNodes.push_back(label);
    group->chains.push_back(chain);
    // The constants these read (the column, K, 0, [1], t, the axes of
    // opset 13's Unsqueeze) are checked when the group is decided.
    for (N n : {column, mask, reshape, reduce, pair, unsqueeze, length,
                selShape, shape, label, topk, chain->values, gather})
      group->absorbed.push_back(n);
    group->absorbed.append(chain->absorbed);
  }
  return group;
}

FailureOr<NodeConverter::IdiomPart> NodeConverter::convertClassCandidates() {
  ClassCandidates &group = *idioms->classesOf.lookup(node);
  using State = TopKChain::State;
  auto constInt = [&](Value v) -> std::optional<int64_t> {
    std::optional<SmallVector<int64_t>> c = constantInts(v);
    if (!c || c->size() != 1)
      return std::nullopt;
    return (*c)[0];
  };
  if (group.state == State::undecided) {
    // Decided at the group's first node: the table, the rows and every
    // constant known, or the chains are converted one by one.
    group.state = State::cancelled;
    Value sv = group.columns[0]->getOperand(0);
    Value yv = group.chains[0]->gathers[0].selection->getOperand(0);
    if (!isConverted(sv) || !isConverted(yv))
      return IdiomPart::none;
    Tensor s = decode(sv), y = decode(yv);
    if (s.rank() != 2 || !s.elem().isF32() || s.length || y.rank() != 2 ||
        y.length || y.shape()[0] != s.shape()[0] || s.shape()[0] == 0)
      return IdiomPart::none;
    SmallVector<int64_t> columns, labels;
    SmallVector<float> thresholds;
    int64_t limit = -1;
    for (auto [j, chain] : llvm::enumerate(group.chains)) {
      std::optional<DenseElementsAttr> t =
          constantOf(group.masks[j]->getOperand(1));
      if (!t || t->getNumElements() != 1 || t->getElementType() != s.elem())
        return IdiomPart::none;
      std::optional<int64_t> c = constInt(group.columns[j]->getOperand(1));
      std::optional<int64_t> k = constInt(group.limits[j]->getOperand(0));
      auto lab = dyn_cast_or_null<DenseElementsAttr>(
          nodeAttr(group.labelNodes[j], "value"));
      if (!c || *c < 0 || *c >= s.shape()[1] || !k || *k <= 0 ||
          (j && *k != limit) || !lab || lab.getNumElements() != 1 ||
          !lab.getElementType().isInteger(64))
        return IdiomPart::none;
      limit = *k;
      columns.push_back(*c);
      labels.push_back((*lab.getValues<APInt>().begin()).getSExtValue());
      thresholds.push_back(*t->getValues<float>().begin());
    }
    // The constants of the length chain: Gather index 0, Reshape to [1],
    // opset 13's Unsqueeze axes [0].
    for (auto &[operand, expected] : group.constants)
      if (constInt(operand->get()) != expected)
        return IdiomPart::none;
    group.table = s;
    group.rowsSource = y;
    group.columnIndices = columns;
    group.labels = labels;
    group.thresholds = thresholds;
    group.limit = limit;
    group.state = State::committed;
  }
  if (group.state == State::cancelled)
    return IdiomPart::none;
  int result = node == group.rowsCat     ? 0
               : node == group.scoresCat ? 1
               : node == group.labelsCat ? 2
                                         : -1;
  if (result < 0)
    return IdiomPart::absorbed;
  if (!group.results.empty()) {
    if (failed(setOutput(0, group.results[result])))
      return failure();
    return IdiomPart::converted;
  }

  // Emitted at the first of the three Concats.
  const Tensor &s = group.table, &y = group.rowsSource;
  ArrayRef<int64_t> columns = group.columnIndices, labels = group.labels;
  ArrayRef<float> thresholds = group.thresholds;
  int64_t limit = group.limit;
  int64_t n = s.shape()[0], classes = columns.size();
  int64_t k = std::min(n, limit), rows = classes * k;
  Type f = s.elem();
  auto i64 = b.getI64Type();
  auto table = [&](ArrayRef<int64_t> v) {
    return materialize(DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, i64), v));
  };
  Value columnTable = table(columns), labelTable = table(labels);
  Value thresholdTable = materialize(DenseElementsAttr::get(
      RankedTensorType::get({classes}, f), ArrayRef<float>(thresholds)));
  auto zeros = [&](ArrayRef<int64_t> shape, Type elem) {
    return linalg::FillOp::create(b, loc, scalar(elem, 0), empty(shape, elem))
        .getResult(0);
  };
  int64_t width = y.shape()[1];
  Value c0 = index(0), c1 = index(1);
  auto loop = scf::ForOp::create(
      b, loc, c0, index(classes), c1,
      ValueRange{zeros({rows, width}, y.elem()), zeros({rows}, f),
                 zeros({rows}, i64), c0},
      [&](OpBuilder &ob, Location l, Value j, ValueRange it) {
        Ix ix{ob, l};
        Value column = ix.toIndex(ix.get(columnTable, j));
        Value label = ix.get(labelTable, j);
        Value t = ix.get(thresholdTable, j);
        Heap heap(s.value, column, k);
        // `x > t` as Greater on floats.
        TopKSelection top =
            selectTopK(ob, l, heap, n, ix.c(k), [&](Ix &sx, Value i) {
              return Value(arith::CmpFOp::create(
                  sx.b, sx.l, arith::CmpFPredicate::OGT, heap.score(sx, i), t));
            });
        auto copy = scf::ForOp::create(
            ob, l, ix.c(0), top.size, ix.c(1), ValueRange{it[0], it[1], it[2]},
            [&](OpBuilder &cb, Location cl, Value r, ValueRange out) {
              Ix cx{cb, cl};
              Value p = cx.toIndex(cx.get(top.positions, r));
              Value row = cx.add(it[3], r);
              Value boxes = out[0];
              for (int64_t d = 0; d < width; ++d) {
                Value v = tensor::ExtractOp::create(cb, cl, y.value,
                                                    ValueRange{p, cx.c(d)});
                boxes = tensor::InsertOp::create(cb, cl, v, boxes,
                                                 ValueRange{row, cx.c(d)});
              }
              Value scores = cx.put(heap.score(cx, p), out[1], row);
              Value labelsOut = cx.put(label, out[2], row);
              scf::YieldOp::create(cb, cl,
                                   ValueRange{boxes, scores, labelsOut});
            });
        scf::YieldOp::create(ob, l,
                             ValueRange{copy.getResult(0), copy.getResult(1),
                                        copy.getResult(2),
                                        ix.add(it[3], top.size)});
      });
  Value total = loop.getResult(3);
  for (int i = 0; i < 3; ++i) {
    Tensor out;
    out.value = loop.getResult(i);
    out.length = total;
    out.lengthAxis = 0;
    group.results.push_back(out);
  }
  if (failed(setOutput(0, group.results[result])))
    return failure();
  return IdiomPart::converted;
}

} // namespace mlir::detect::onnx_to_detect
