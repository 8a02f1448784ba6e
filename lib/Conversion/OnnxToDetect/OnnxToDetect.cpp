//===- OnnxToDetect.cpp - The convert-onnx-to-detect pass -----------------===//
//
// Part of detect-mlir. Converts a function of `onnx.node` ops node by node
// (NodeConverter), then gives it its results (the graph outputs, then one
// i64 per run-time length), erases what no output needs and moves large
// constants out of line.
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

#include "detect/Conversion/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::detect {
#define GEN_PASS_DEF_CONVERTONNXTODETECT
#include "detect/Conversion/Passes.h.inc"

bool isSupportedOnnxOp(StringRef opType) {
  return onnx_to_detect::NodeConverter::isSupported(opType);
}
} // namespace mlir::detect

namespace mlir::detect::onnx_to_detect {
namespace {

/// Sets the function's results: the graph outputs in order, then one i64
/// run-time length per output that has one (docs/Import.md).
LogicalResult convertResults(func::FuncOp func, NodeConverter &converter) {
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  OpBuilder b(ret);
  SmallVector<Value> results, lengths;
  llvm::DenseMap<Value, Value> lengthResults;
  for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
    Tensor t = NodeConverter::decode(v);
    auto name = func.getResultAttrOfType<StringAttr>(i, kOnnxNameAttr);
    std::string what = name ? "graph output '" + name.str() + "'"
                            : "result " + std::to_string(i);
    if (!isa<RankedTensorType>(t.value.getType()))
      return converter.fail(what + " is not a tensor of known shape");
    if (auto declared =
            func.getResultAttrOfType<TypeAttr>(i, kOnnxDeclaredTypeAttr))
      if (failed(converter.checkDeclaredShape(declared.getValue(), t, what)))
        return failure();
    results.push_back(t.value);
    if (t.length) {
      // One conversion per length: outputs that share a length return the
      // same value (and the C ABI gives each its own out-parameter).
      Value &l = lengthResults[t.length];
      if (!l)
        l = arith::IndexCastOp::create(b, ret.getLoc(), b.getI64Type(),
                                       t.length);
      lengths.push_back(l);
    }
  }
  llvm::append_range(results, lengths);
  ret->setOperands(results);
  func.setType(b.getFunctionType(body.getArgumentTypes(),
                                 TypeRange(ValueRange(results))));
  // The ONNX names and declarations were for the conversion (the
  // arguments keep their names in their locations).
  func.removeArgAttrsAttr();
  func.removeResAttrsAttr();
  func->removeAttr(kOnnxOpsetAttr);
  return success();
}

/// Erases the ops no result needs: constants of initializers and folded
/// shape arithmetic nobody reads, what the conversion knew of values
/// (onnx.bounded), and in a cut graph the ops computed only for shapes.
/// Placeholders must end up unread.
LogicalResult eraseUnneeded(func::FuncOp func, NodeConverter &converter) {
  Block &body = func.getBody().front();
  func.walk([](onnx::BoundedOp bounded) {
    bounded.getResult().replaceAllUsesWith(bounded.getInput());
    bounded.erase();
  });
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (!isa<onnx::PlaceholderOp>(op) && isOpTriviallyDead(&op))
      op.erase();
  for (auto placeholder :
       llvm::make_early_inc_range(body.getOps<onnx::PlaceholderOp>())) {
    if (!placeholder->use_empty()) {
      std::string user;
      llvm::raw_string_ostream os(user);
      (*placeholder->user_begin())->getLoc().print(os);
      return converter.fail(
          "the outputs read graph input '" + placeholder.getInputName() +
          "' beyond its shape (at " + user + "); add it to --inputs");
    }
    placeholder.erase();
  }
  return success();
}

/// Large constants go out of line: the printed IR stays readable and the
/// bytecode stores each as one blob.
void outlineLargeConstants(func::FuncOp func, int64_t threshold) {
  unsigned counter = 0;
  func.walk([&](arith::ConstantOp op) {
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense || dense.isSplat() || dense.getNumElements() <= threshold ||
        dense.getElementType().isInteger(1))
      return;
    ArrayRef<char> raw = dense.getRawData();
    auto blob =
        HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint64_t));
    op.setValueAttr(DenseResourceElementsAttr::get(
        dense.getType(), "onnx_" + std::to_string(counter++), std::move(blob)));
  });
}

struct ConvertOnnxToDetectPass
    : impl::ConvertOnnxToDetectBase<ConvertOnnxToDetectPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    auto opset = func->getAttrOfType<IntegerAttr>(kOnnxOpsetAttr);
    if (!opset)
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("a function of ONNX nodes has one block");
      return signalPassFailure();
    }
    // Unnamed nodes are named in errors by their position in their graph;
    // the reader records it, hand-written IR gets it here.
    func.walk([](Block *block) {
      int64_t position = 0;
      for (auto n : block->getOps<onnx::NodeOp>()) {
        if (!n.getName() && !n.getIndex())
          n.setIndex(position);
        ++position;
      }
    });
    NodeConverter converter(func, opset.getInt());
    SmallVector<onnx::NodeOp> nodes(
        func.getBody().front().getOps<onnx::NodeOp>());
    if (failed(converter.convertNodes(nodes)) ||
        failed(convertResults(func, converter)) ||
        failed(eraseUnneeded(func, converter)))
      return signalPassFailure();
    outlineLargeConstants(func, resourceThreshold);
  }
};

} // namespace
} // namespace mlir::detect::onnx_to_detect
