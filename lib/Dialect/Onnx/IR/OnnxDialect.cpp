//===- OnnxDialect.cpp - ONNX graphs as read from the file ----------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Onnx/IR/OnnxDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::detect::onnx;

#include "detect/Dialect/Onnx/IR/OnnxDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "detect/Dialect/Onnx/IR/OnnxTypes.cpp.inc"

#define GET_OP_CLASSES
#include "detect/Dialect/Onnx/IR/OnnxOps.cpp.inc"

Type mlir::detect::onnx::elementTypeOf(MLIRContext *ctx, int64_t onnxType) {
  // The numbers of TensorProto.DataType: the file format, so they do not
  // change. Unsigned integers, float16, strings...: no signless reading of
  // them is right for every op, so they are refused.
  enum : int64_t {
    kFloat = 1,
    kInt8 = 3,
    kInt16 = 5,
    kInt32 = 6,
    kInt64 = 7,
    kBool = 9,
    kDouble = 11
  };
  if (onnxType == kFloat)
    return Float32Type::get(ctx);
  if (onnxType == kDouble)
    return Float64Type::get(ctx);
  if (onnxType == kBool)
    return IntegerType::get(ctx, 1);
  static const std::pair<int64_t, unsigned> ints[] = {
      {kInt8, 8}, {kInt16, 16}, {kInt32, 32}, {kInt64, 64}};
  for (auto [type, width] : ints)
    if (onnxType == type)
      return IntegerType::get(ctx, width);
  return Type();
}

void OnnxDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "detect/Dialect/Onnx/IR/OnnxTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "detect/Dialect/Onnx/IR/OnnxOps.cpp.inc"
      >();
}

LogicalResult NodeOp::verify() {
  size_t regions = getSubgraphs().size();
  size_t named = getSubgraphNames() ? getSubgraphNames()->size() : 0;
  if (regions != named)
    return emitOpError("has ") << regions << " subgraph regions but names "
                               << named << " in 'subgraph_names'";
  for (Region &r : getSubgraphs())
    if (r.empty() || !isa<YieldOp>(r.front().back()))
      return emitOpError("subgraph regions must end with onnx.yield");
  if (auto names = getResultNames(); names && names->size() != getNumResults())
    return emitOpError("has ") << getNumResults() << " results but "
                               << names->size() << " result names";
  if (auto types = getDeclaredTypes();
      types && types->size() != getNumResults())
    return emitOpError("has ") << getNumResults() << " results but "
                               << types->size() << " declared types";
  return success();
}

LogicalResult BoundedOp::verify() {
  auto type = cast<RankedTensorType>(getInput().getType());
  if (getLength()) {
    if (!getAxis() || *getAxis() < 0 || *getAxis() >= type.getRank())
      return emitOpError("needs an 'axis' of the input's rank with a length");
  } else if (getAxis()) {
    return emitOpError("has an 'axis' but no length");
  }
  if (getBounds().has_value() != getExact().has_value())
    return emitOpError("'bounds' and 'exact' go together");
  if (getBounds()) {
    if (!type.getElementType().isInteger() ||
        type.getNumElements() != int64_t(getBounds()->size()) ||
        getBounds()->size() != getExact()->size())
      return emitOpError("'bounds' and 'exact' need one entry per element of "
                         "an integer tensor");
  }
  return success();
}
