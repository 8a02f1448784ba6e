//===- NmsIdioms.cpp - torchvision's post-processing idioms --------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
// torchvision's detectors export their post-processing op by op. Three
// patterns cost far more as written than what they compute, and are
// recognised here as wholes, only when the graph is exactly the pattern
// (op types, attributes, constants and every reader checked); anything
// else takes the literal translation of the other files (docs/Import.md,
// "Recognised idioms"):
//
// - batched_nms: the If of `_batched_nms_coordinate_trick` (then: an empty
//   list; else: ReduceMax, Add 1, Cast, Mul, Unsqueeze, Add, one
//   NonMaxSuppression, Gather of column 2) becomes one
//   `detect.batched_nms ... strategy(coordinate_offset)`, whose capacity is
//   the longest prefix the If's readers (Slice [0:E]) read: NMS stops
//   after E kept boxes instead of running over every candidate.
// - thresholded top-k: `x[x > t]` (NonZero, Transpose, GatherND), TopK of
//   it and Gathers of the rows of the same selection become one scan of
//   `x` keeping the best k in a heap: no compacted copies of the scores,
//   boxes or indices (torchvision's per-class `score > t`, `topk` and
//   `box[idxs]`, RetinaNet's per-level `topk_idxs`). In ThresholdTopK.cpp.
// - per-class candidates: SSD's unrolled loop over the classes (a column of
//   the score table, its thresholded top-k, the kept boxes, the labels,
//   three Concats) becomes one loop over the classes. In
//   ClassCandidates.cpp.
//
//===----------------------------------------------------------------------===//

#include "NmsIdioms.h"

namespace mlir::detect::onnx_to_detect {

FailureOr<NodeConverter::IdiomPart> NodeConverter::convertIdiom() {
  if (!idioms)
    idioms = std::make_shared<IdiomState>();
  Block *block = node->getBlock();
  if (idioms->planned.insert(block).second) {
    // Thresholded top-k chains are planned once per block, before any of
    // its nodes is converted; a node claimed by two candidate chains stays
    // with the first.
    for (auto t : block->getOps<onnx::NodeOp>()) {
      if (t.getOpType() != "TopK")
        continue;
      std::unique_ptr<TopKChain> chain = matchTopKChain(t);
      if (!chain)
        continue;
      SmallVector<Operation *> nodes;
      for (onnx::NodeOp n : chain->absorbed)
        nodes.push_back(n);
      nodes.append({chain->topk, chain->values});
      for (onnx::NodeOp n : chain->lengthOnly)
        nodes.push_back(n);
      for (auto &rows : chain->gathers)
        nodes.push_back(rows.gather);
      if (llvm::any_of(nodes,
                       [&](Operation *x) { return idioms->chainOf.count(x); }))
        continue;
      for (Operation *x : nodes)
        idioms->chainOf[x] = chain.get();
      idioms->chains.push_back(std::move(chain));
    }
    // Per-class candidates take over the chains they are made of.
    for (auto cat : block->getOps<onnx::NodeOp>()) {
      if (cat.getOpType() != "Concat")
        continue;
      std::unique_ptr<ClassCandidates> group =
          matchClassCandidates(cat, idioms->chainOf);
      if (!group || llvm::any_of(group->absorbed, [&](onnx::NodeOp x) {
            return idioms->classesOf.count(x);
          }))
        continue;
      for (onnx::NodeOp x : group->absorbed)
        idioms->classesOf[x] = group.get();
      for (onnx::NodeOp x :
           {group->rowsCat, group->scoresCat, group->labelsCat})
        idioms->classesOf[x] = group.get();
      idioms->classes.push_back(std::move(group));
    }
  }
  if (node.getOpType() == "If")
    return convertBatchedNms();
  if (idioms->classesOf.count(node)) {
    FailureOr<IdiomPart> part = convertClassCandidates();
    if (failed(part) || *part != IdiomPart::none)
      return part;
  }
  if (idioms->chainOf.count(node))
    return convertThresholdTopK();
  return IdiomPart::none;
}

//===----------------------------------------------------------------------===//
// batched_nms
//===----------------------------------------------------------------------===//

namespace {

/// The nodes of a branch of torchvision's coordinate-offset batched NMS, and
/// what it reads from the enclosing graph.
struct BatchedNmsBranch {
  Value boxes, scores, labels;
  double iou = 0;
  int64_t limit = 0;
};

/// Unsqueeze/Squeeze of one axis: an attribute before opset 13, an input
/// from 13 on.
bool axesAre(onnx::NodeOp n, int64_t axis,
             llvm::SmallPtrSetImpl<Operation *> &matched) {
  if (n->getNumOperands() == 1)
    return intsAttr(n, "axes") == SmallVector<int64_t>{axis};
  if (n->getNumOperands() != 2 || nodeAttr(n, "axes") ||
      constantInts(n->getOperand(1)) != SmallVector<int64_t>{axis})
    return false;
  if (onnx::NodeOp c = producer(n->getOperand(1), "Constant"))
    matched.insert(c);
  return true;
}

/// The else branch: keep = Squeeze(Gather(NMS(...), [2], axis 1), axes [1]).
std::optional<BatchedNmsBranch> matchElseBranch(Region &region) {
  Block &block = region.front();
  auto yield = dyn_cast<onnx::YieldOp>(block.getTerminator());
  if (!yield || yield.getOutputs().size() != 1)
    return std::nullopt;
  llvm::SmallPtrSet<Operation *, 16> matched;
  auto take = [&](Value v, StringRef type) -> onnx::NodeOp {
    onnx::NodeOp n = producer(v, type);
    if (n && n->getBlock() == &block && n->getNumResults() == 1)
      matched.insert(n);
    else
      n = onnx::NodeOp();
    return n;
  };
  auto constant = [&](Value v) -> std::optional<DenseElementsAttr> {
    std::optional<DenseElementsAttr> c = constantOf(v);
    if (!c)
      return std::nullopt;
    if (onnx::NodeOp p = producer(v, "Constant"))
      matched.insert(p);
    else if (Operation *def = v.getDefiningOp();
             def && def->getBlock() == &block)
      matched.insert(def);
    return c;
  };
  auto ints = [&](Value v) -> std::optional<SmallVector<int64_t>> {
    std::optional<DenseElementsAttr> c = constant(v);
    if (!c || !isa<IntegerType>(c->getElementType()))
      return std::nullopt;
    return constantInts(v);
  };
  auto scalarFloat = [&](Value v) -> std::optional<double> {
    std::optional<DenseElementsAttr> c = constant(v);
    if (!c || !isa<FloatType>(c->getElementType()) || c->getNumElements() != 1)
      return std::nullopt;
    return (*c->getValues<APFloat>().begin()).convertToDouble();
  };
  auto arity = [](onnx::NodeOp n, unsigned operands) {
    return n && n->getNumOperands() == operands;
  };

  onnx::NodeOp squeeze = take(yield.getOutputs()[0], "Squeeze");
  if (!squeeze || !axesAre(squeeze, 1, matched))
    return std::nullopt;
  onnx::NodeOp column = take(squeeze->getOperand(0), "Gather");
  if (!arity(column, 2) || intAttr(column, "axis", 0) != 1 ||
      ints(column->getOperand(1)) != SmallVector<int64_t>{2})
    return std::nullopt;
  onnx::NodeOp nms = take(column->getOperand(0), "NonMaxSuppression");
  if (!nms || nms->getNumOperands() < 4 || nms->getNumOperands() > 5 ||
      (nms->getNumOperands() == 5 &&
       !nms->getOperand(4).getDefiningOp<onnx::NoneOp>()) ||
      intAttr(nms, "center_point_box", 0) != 0)
    return std::nullopt;
  BatchedNmsBranch br;
  std::optional<SmallVector<int64_t>> limit = ints(nms->getOperand(2));
  std::optional<double> iou = scalarFloat(nms->getOperand(3));
  if (!limit || limit->size() != 1 || (*limit)[0] <= 0 || !iou ||
      !(*iou >= 0 && *iou <= 1))
    return std::nullopt;
  br.limit = (*limit)[0];
  br.iou = *iou;
  // boxes: Unsqueeze(Add(X, Unsqueeze(Mul(Cast(L), Add(ReduceMax(X), 1))))).
  onnx::NodeOp batchBoxes = take(nms->getOperand(0), "Unsqueeze");
  if (!batchBoxes || !axesAre(batchBoxes, 0, matched))
    return std::nullopt;
  onnx::NodeOp shifted = take(batchBoxes->getOperand(0), "Add");
  if (!arity(shifted, 2))
    return std::nullopt;
  br.boxes = shifted->getOperand(0);
  onnx::NodeOp perRow = take(shifted->getOperand(1), "Unsqueeze");
  if (!perRow || !axesAre(perRow, 1, matched))
    return std::nullopt;
  onnx::NodeOp offsets = take(perRow->getOperand(0), "Mul");
  if (!arity(offsets, 2))
    return std::nullopt;
  onnx::NodeOp classes = take(offsets->getOperand(0), "Cast");
  onnx::NodeOp step = take(offsets->getOperand(1), "Add");
  if (!arity(classes, 1) || intAttr(classes, "to", 0) != 1 /* FLOAT */ ||
      !arity(step, 2) || scalarFloat(step->getOperand(1)) != 1.0)
    return std::nullopt;
  onnx::NodeOp maximum = take(step->getOperand(0), "ReduceMax");
  if (!arity(maximum, 1) || nodeAttr(maximum, "axes") ||
      intAttr(maximum, "keepdims", 1) != 0 ||
      maximum->getOperand(0) != br.boxes)
    return std::nullopt;
  // scores: Unsqueeze(Unsqueeze(S, 0), 0).
  onnx::NodeOp batchScores = take(nms->getOperand(1), "Unsqueeze");
  if (!batchScores || !axesAre(batchScores, 0, matched))
    return std::nullopt;
  onnx::NodeOp classScores = take(batchScores->getOperand(0), "Unsqueeze");
  if (!classScores || !axesAre(classScores, 0, matched))
    return std::nullopt;
  br.scores = classScores->getOperand(0);
  br.labels = classes->getOperand(0);
  // Nothing else in the branch, and X, S, L converted outside it.
  if (matched.size() != block.getOperations().size() - 1)
    return std::nullopt;
  for (Value v : {br.boxes, br.scores, br.labels})
    if (v.getParentRegion() == &region || !isConverted(v))
      return std::nullopt;
  return br;
}

/// The longest prefix that the readers of `v` read when all are Slice
/// [0:E] along axis 0 (no graph output).
std::optional<int64_t> longestSlicePrefix(Value v) {
  SmallVector<onnx::NodeOp> slices = readers(v);
  if (slices.empty())
    return std::nullopt;
  int64_t longest = 0;
  for (onnx::NodeOp s : slices) {
    if (!s || s.getOpType() != "Slice" || s->getNumOperands() < 3 ||
        s->getOperand(0) != v || !s.getNodeAttributes().empty())
      return std::nullopt;
    // The Slice's constants usually come after the If: Constant nodes.
    auto constant = [&](unsigned i, int64_t dflt) -> std::optional<int64_t> {
      if (i >= s->getNumOperands() ||
          s->getOperand(i).getDefiningOp<onnx::NoneOp>())
        return dflt;
      std::optional<SmallVector<int64_t>> c = constantInts(s->getOperand(i));
      if (!c || c->size() != 1)
        return std::nullopt;
      return (*c)[0];
    };
    if (constant(1, -1) != 0 || constant(3, 0) != 0 || constant(4, 1) != 1)
      return std::nullopt;
    std::optional<int64_t> end = constant(2, -1);
    if (!end || *end < 0)
      return std::nullopt;
    longest = std::max(longest, *end);
  }
  return longest;
}

} // namespace

FailureOr<NodeConverter::IdiomPart> NodeConverter::convertBatchedNms() {
  auto [thenGraph, elseGraph] = ifBranches(node);
  if (!thenGraph || !elseGraph || node->getNumOperands() != 1 ||
      node->getNumResults() != 1 || !isConverted(node->getOperand(0)) ||
      node.getSubgraphs().size() != 2)
    return IdiomPart::none;
  // then: `return torch.empty((0,))`, one node.
  Block &thenBlock = thenGraph->front();
  auto thenYield = dyn_cast<onnx::YieldOp>(thenBlock.getTerminator());
  if (!thenYield || thenYield.getOutputs().size() != 1 ||
      thenBlock.getOperations().size() != 2)
    return IdiomPart::none;
  std::optional<DenseElementsAttr> emptyList =
      constantOf(thenYield.getOutputs()[0]);
  if (!emptyList || emptyList->getNumElements() != 0 ||
      emptyList->getType().getRank() != 1 ||
      thenYield.getOutputs()[0].getDefiningOp()->getBlock() != &thenBlock)
    return IdiomPart::none;
  std::optional<BatchedNmsBranch> br = matchElseBranch(*elseGraph);
  if (!br)
    return IdiomPart::none;

  Tensor boxes = decode(br->boxes), scores = decode(br->scores),
         labels = decode(br->labels);
  auto f32 = b.getF32Type();
  int64_t n = boxes.rank() == 2 ? boxes.shape()[0] : -1;
  if (n <= 0 || boxes.shape()[1] != 4 || boxes.elem() != f32 ||
      scores.shape() != ArrayRef<int64_t>{n} || scores.elem() != f32 ||
      labels.shape() != ArrayRef<int64_t>{n} || !labels.elem().isInteger(64))
    return IdiomPart::none;
  for (const Tensor *t : {&boxes, &scores, &labels})
    if (t->length && t->lengthAxis != 0)
      return IdiomPart::none;
  Tensor condition = decode(node->getOperand(0));
  if (product(condition.shape()) != 1)
    return IdiomPart::none;

  // The capacity: at most `limit` boxes (one class for ONNX), and only the
  // longest prefix that the readers, all Slice [0:E] along axis 0, read.
  int64_t capacity = std::min(n, br->limit);
  if (std::optional<int64_t> longest = longestSlicePrefix(node->getResult(0)))
    capacity = std::min(capacity, std::max<int64_t>(*longest, 1));

  // ONNX Runtime orders each box's corners before the IoU (torchvision's
  // nms does not): the shift by a class offset keeps that order, so
  // ordering first gives the same IoUs.
  auto ordered = indexed(
      {n, 4}, f32, [&](OpBuilder &ob, Location l, ArrayRef<Value> at) -> Value {
        Value col = at[1];
        Value c2 = arith::ConstantIndexOp::create(ob, l, 2);
        Value low =
            arith::CmpIOp::create(ob, l, arith::CmpIPredicate::ult, col, c2);
        Value first = arith::SelectOp::create(
            ob, l, low, col, arith::SubIOp::create(ob, l, col, c2));
        Value second = arith::AddIOp::create(ob, l, first, c2);
        Value a = tensor::ExtractOp::create(ob, l, boxes.value,
                                            ValueRange{at[0], first});
        Value z = tensor::ExtractOp::create(ob, l, boxes.value,
                                            ValueRange{at[0], second});
        return arith::SelectOp::create(ob, l, low,
                                       arith::MinimumFOp::create(ob, l, a, z),
                                       arith::MaximumFOp::create(ob, l, a, z));
      });
  Value valid;
  for (const Tensor *t : {&boxes, &scores, &labels})
    if (t->length)
      valid = valid ? Value(arith::MinSIOp::create(b, loc, valid, t->length))
                    : t->length;
  auto i64 = b.getI64Type();
  auto op = BatchedNmsOp::create(
      b, loc, RankedTensorType::get({capacity}, i64), i64, ordered,
      scores.value, labels.value,
      valid ? Value(arith::IndexCastOp::create(b, loc, i64, valid)) : Value(),
      Value(), b.getF64FloatAttr(br->iou),
      BatchedNmsStrategyAttr::get(&ctx, BatchedNmsStrategy::coordinate_offset));
  Value cond = extractScalar(condition);
  if (!cond.getType().isInteger(1))
    cond = convert(b, loc, cond, b.getI1Type());
  Tensor keep;
  keep.value = op.getIndices();
  keep.lengthAxis = 0;
  keep.length = arith::SelectOp::create(
      b, loc, cond, index(0),
      arith::IndexCastOp::create(b, loc, b.getIndexType(), op.getCount()));
  if (failed(setOutput(0, keep)))
    return failure();
  return IdiomPart::converted;
}

} // namespace mlir::detect::onnx_to_detect
