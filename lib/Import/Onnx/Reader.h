//===- Reader.h - State of the ONNX reader ------------------*- C++ -*-===//
//
// Part of detect-mlir. Internal to lib/Import/Onnx: the `Reader` that
// writes one ONNX model as IR. Reader.cpp holds the constants, attributes
// and nodes; GraphCut.cpp the function's arguments and the nodes that the
// outputs need (the cut of --inputs/--outputs).
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_IMPORT_ONNX_READER_H
#define DETECT_LIB_IMPORT_ONNX_READER_H

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Onnx/IR/OnnxDialect.h"
#include "detect/Import/Common/TensorBuilder.h"
#include "detect/Import/Onnx.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

namespace detect::onnx_import {

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;
namespace onnxir = mlir::detect::onnx;

/// The largest tensor read (elements). Keeps shape arithmetic far from
/// int64 overflow and refuses what no microcontroller could hold.
constexpr int64_t kMaxElements = int64_t(1) << 31;

using mlir::detect::import_common::shapeStr;
/// The ONNX name of a TensorProto data type (`FLOAT`, `INT64`, ...).
StringRef onnxTypeName(int32_t t);

class Reader {
public:
  Reader(MLIRContext &ctx, StringRef file, const onnx::ModelProto &model,
         const ::detect::OnnxImportOptions &options,
         std::vector<std::string> &errors)
      : ctx(ctx), b(&ctx), file(file.str()), model(model), options(options),
        errors(errors) {}

  OwningOpRef<ModuleOp> run();

private:
  LogicalResult fail(const Twine &msg) {
    if (node)
      errors.push_back(file + ": error: node " + nodeName(*node, nodeIndex) +
                       " (" + node->op_type() + "): " + msg.str());
    else
      errors.push_back(file + ": error: " + msg.str());
    return failure();
  }
  /// A node as errors name it: `'name'`, or `#index` of its graph when the
  /// exporter left it unnamed.
  static std::string nodeName(const onnx::NodeProto &n, int index) {
    if (!n.name().empty())
      return "'" + n.name() + "'";
    return "#" + std::to_string(index);
  }

  LogicalResult readOpset();
  LogicalResult checkOps();
  void listUnsupported(const onnx::GraphProto &graph,
                       SmallVector<std::string> &bad,
                       const llvm::DenseSet<const onnx::NodeProto *> *only);
  LogicalResult readInitializers(const onnx::GraphProto &graph);
  LogicalResult declareInputs(SmallVector<Type> &argTypes,
                              SmallVector<std::string> &argNames);
  /// The nodes of the model's graph that the outputs need, given the
  /// arguments (the whole graph unless it is cut by --inputs/--outputs).
  llvm::DenseSet<const onnx::NodeProto *> neededNodes();
  /// Writes the nodes of `graph` (the model's, or a subgraph's) in order
  /// at the builder's insertion point.
  LogicalResult readNodes(const onnx::GraphProto &graph,
                          const llvm::DenseSet<const onnx::NodeProto *> *only);
  LogicalResult
  readNode(const onnx::NodeProto &n, int index,
           const llvm::StringMap<const onnx::ValueInfoProto *> &declared);
  FailureOr<Attribute> readAttribute(const onnx::AttributeProto &a);
  /// The value of `name` in the innermost graph that defines it.
  Value lookup(StringRef name);
  /// The type an ONNX declaration states: `?` for symbolic dimensions,
  /// `none` elements for types the conversion does not check.
  Type declaredType(const onnx::ValueInfoProto &info);

  Type elementType(int32_t onnxType);
  FailureOr<DenseElementsAttr> tensorProtoAttr(const onnx::TensorProto &t);

  MLIRContext &ctx;
  OpBuilder b;
  std::string file;
  const onnx::ModelProto &model;
  const ::detect::OnnxImportOptions &options;
  std::vector<std::string> &errors;
  int64_t opset = 0;
  /// Names in scope, innermost graph last.
  SmallVector<llvm::StringMap<Value>> scopes;
  llvm::DenseSet<const onnx::NodeProto *> needed;
  /// Declarations made for --inputs tensors the model does not declare.
  SmallVector<std::unique_ptr<onnx::ValueInfoProto>> synthesized;
  const onnx::NodeProto *node = nullptr;
  int nodeIndex = 0;
  /// The function's block, and its one `onnx.none` once a node needs it.
  Block *entry = nullptr;
  Value none;
  Location fileLoc = UnknownLoc::get(&ctx);
};

} // namespace detect::onnx_import

#endif // DETECT_LIB_IMPORT_ONNX_READER_H
