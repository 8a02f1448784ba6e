//===- Reader.cpp - ONNX files to the onnx dialect ------------------------===//
//
// Part of detect-mlir. Reads an ONNX ModelProto with Debian's libonnx
// (protobuf) and writes it as IR without interpreting any op: one func.func
// whose arguments are the graph inputs (static shapes), whose body holds the
// initializers as constants and one `onnx.node` per node in the graph's
// order (subgraphs as regions), and whose results are the graph outputs.
// `convert-onnx-to-detect` (lib/Conversion/OnnxToDetect) then lowers it.
//
// Here live what only the file knows: opsets, names and their scopes,
// initializers, declared types, the cut of --inputs/--outputs, and which
// nodes have no lowering. Every error is collected as text naming the file
// and the node; the reader never asserts on the contents of the file.
//
//===----------------------------------------------------------------------===//

#include "Reader.h"

#include "detect/Conversion/OnnxToDetect/OnnxToDetect.h"
#include "detect/Conversion/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <limits>

namespace detect::onnx_import {

StringRef onnxTypeName(int32_t t) {
  if (onnx::TensorProto_DataType_IsValid(t))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(t));
  return "unknown";
}

//===----------------------------------------------------------------------===//
// Types and constants
//===----------------------------------------------------------------------===//

Type Reader::elementType(int32_t t) { return onnxir::elementTypeOf(&ctx, t); }

FailureOr<DenseElementsAttr>
Reader::tensorProtoAttr(const onnx::TensorProto &t) {
  std::string what = "tensor '" + t.name() + "'";
  Type elem = elementType(t.data_type());
  if (!elem)
    return fail(what + " has unsupported element type " +
                onnxTypeName(t.data_type()));
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return fail(what + " keeps its data in an external file, which is not "
                       "supported");
  SmallVector<int64_t> dims;
  int64_t n = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > kMaxElements / d))
      return fail(what + " has an invalid or too large shape");
    dims.push_back(d);
    n *= d;
  }
  auto type = RankedTensorType::get(dims, elem);
  unsigned bytes = elem.isInteger(1) ? 1 : elem.getIntOrFloatBitWidth() / 8;
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    if (int64_t(raw.size()) != n * int64_t(bytes))
      return fail(what + " has " + Twine(raw.size()) + " bytes of data, " +
                  Twine(n * bytes) + " expected for shape " + shapeStr(dims));
    if (elem.isInteger(1)) {
      SmallVector<bool> v(raw.begin(), raw.end());
      return DenseElementsAttr::get(type, ArrayRef<bool>(v));
    }
    bool splat = false;
    if (!DenseElementsAttr::isValidRawBuffer(
            type, ArrayRef<char>(raw.data(), raw.size()), splat))
      return fail(what + " has malformed data");
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }
  auto count = [&](int64_t have) -> LogicalResult {
    if (have != n)
      return fail(what + " has " + Twine(have) + " values, " + Twine(n) +
                  " expected for shape " + shapeStr(dims));
    return success();
  };
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT: {
    if (failed(count(t.float_data_size())))
      return failure();
    SmallVector<float> v(t.float_data().begin(), t.float_data().end());
    return DenseElementsAttr::get(type, ArrayRef<float>(v));
  }
  case onnx::TensorProto::DOUBLE: {
    if (failed(count(t.double_data_size())))
      return failure();
    SmallVector<double> v(t.double_data().begin(), t.double_data().end());
    return DenseElementsAttr::get(type, ArrayRef<double>(v));
  }
  case onnx::TensorProto::INT64: {
    if (failed(count(t.int64_data_size())))
      return failure();
    SmallVector<int64_t> v(t.int64_data().begin(), t.int64_data().end());
    return DenseElementsAttr::get(type, ArrayRef<int64_t>(v));
  }
  default: {
    // INT32, INT16, INT8 and BOOL values travel in int32_data.
    if (failed(count(t.int32_data_size())))
      return failure();
    SmallVector<APInt> v;
    for (int32_t x : t.int32_data())
      v.push_back(APInt(elem.getIntOrFloatBitWidth(), x, /*isSigned=*/true,
                        /*implicitTrunc=*/true));
    return DenseElementsAttr::get(type, v);
  }
  }
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

LogicalResult Reader::readOpset() {
  bool found = false;
  for (const auto &o : model.opset_import()) {
    if (!o.domain().empty() && o.domain() != "ai.onnx")
      continue;
    found = true;
    opset = o.version();
  }
  if (!found)
    return fail("the model imports no version of the default ONNX opset");
  if (opset < 10 || opset > 17)
    return fail("unsupported opset version " + Twine(opset) +
                " of the default domain (supported: 10 to 17)");
  return success();
}

void Reader::listUnsupported(
    const onnx::GraphProto &graph, SmallVector<std::string> &bad,
    const llvm::DenseSet<const onnx::NodeProto *> *only) {
  for (auto [i, n] : llvm::enumerate(graph.node())) {
    if (only && !only->count(&n))
      continue;
    bool known = (n.domain().empty() || n.domain() == "ai.onnx") &&
                 mlir::detect::isSupportedOnnxOp(n.op_type());
    if (!known)
      bad.push_back(file + ": node " + nodeName(n, i) + ": " +
                    (n.domain().empty() ? "" : n.domain() + ".") + n.op_type());
    for (const auto &a : n.attribute())
      if (a.type() == onnx::AttributeProto::GRAPH)
        listUnsupported(a.g(), bad, nullptr);
  }
}

LogicalResult Reader::checkOps() {
  SmallVector<std::string> bad;
  // A cut graph: only the nodes it imports must be supported.
  listUnsupported(model.graph(), bad, &needed);
  if (bad.empty())
    return success();
  std::string msg = file + ": error: " + std::to_string(bad.size()) + " node" +
                    (bad.size() == 1 ? "" : "s") + " with unsupported ops:";
  for (const auto &s : bad)
    msg += "\n  " + s;
  errors.push_back(msg);
  return failure();
}

LogicalResult Reader::readInitializers(const onnx::GraphProto &graph) {
  for (const auto &t : graph.initializer()) {
    if (t.name().empty())
      return fail("an initializer has no name");
    auto attr = tensorProtoAttr(t);
    if (failed(attr))
      return failure();
    if (scopes.back().count(t.name()))
      return fail("initializer '" + t.name() + "' is defined twice");
    scopes.back()[t.name()] =
        arith::ConstantOp::create(b, fileLoc, attr->getType(), *attr);
  }
  return success();
}

Value Reader::lookup(StringRef name) {
  for (auto &scope : llvm::reverse(scopes)) {
    auto it = scope.find(name);
    if (it != scope.end())
      return it->second;
  }
  return Value();
}

FailureOr<Attribute> Reader::readAttribute(const onnx::AttributeProto &a) {
  switch (a.type()) {
  case onnx::AttributeProto::INT:
    return Attribute(b.getI64IntegerAttr(a.i()));
  case onnx::AttributeProto::FLOAT:
    return Attribute(b.getF32FloatAttr(a.f()));
  case onnx::AttributeProto::STRING:
    return Attribute(b.getStringAttr(a.s()));
  case onnx::AttributeProto::INTS:
    return Attribute(b.getDenseI64ArrayAttr(
        SmallVector<int64_t>(a.ints().begin(), a.ints().end())));
  case onnx::AttributeProto::FLOATS:
    return Attribute(b.getDenseF32ArrayAttr(
        SmallVector<float>(a.floats().begin(), a.floats().end())));
  case onnx::AttributeProto::STRINGS: {
    SmallVector<Attribute> strings;
    for (const auto &s : a.strings())
      strings.push_back(b.getStringAttr(s));
    return Attribute(b.getArrayAttr(strings));
  }
  case onnx::AttributeProto::TENSOR: {
    auto t = tensorProtoAttr(a.t());
    if (failed(t))
      return failure();
    return Attribute(*t);
  }
  default:
    // Sparse tensors, type protos, lists of graphs or tensors: no op the
    // conversion lowers reads them; one that expects another kind says so.
    return Attribute(b.getUnitAttr());
  }
}

LogicalResult Reader::readNode(
    const onnx::NodeProto &n, int index,
    const llvm::StringMap<const onnx::ValueInfoProto *> &declared) {
  node = &n;
  nodeIndex = index;
  std::string locName = n.name().empty() ? n.op_type() : n.name();
  Location loc = NameLoc::get(b.getStringAttr(locName), fileLoc);

  SmallVector<Value> operands;
  for (const auto &name : n.input()) {
    if (name.empty()) {
      if (!none) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(entry);
        none = onnxir::NoneOp::create(b, fileLoc, b.getType<NoneType>());
      }
      operands.push_back(none);
      continue;
    }
    Value v = lookup(name);
    if (!v)
      return fail("input '" + name +
                  "' is not defined before the node (the graph is not "
                  "topologically sorted, or the value does not exist)");
    operands.push_back(v);
  }

  SmallVector<NamedAttribute> attrs;
  SmallVector<const onnx::GraphProto *> graphs;
  SmallVector<Attribute> graphNames;
  for (const auto &a : n.attribute()) {
    if (a.type() == onnx::AttributeProto::GRAPH) {
      graphs.push_back(&a.g());
      graphNames.push_back(b.getStringAttr(a.name()));
      continue;
    }
    auto value = readAttribute(a);
    if (failed(value))
      return failure();
    attrs.push_back(b.getNamedAttr(a.name(), *value));
  }

  SmallVector<Type> resultTypes(n.output_size(), onnxir::ValueType::get(&ctx));
  SmallVector<Attribute> names, types;
  bool anyDeclared = false;
  for (const auto &o : n.output()) {
    names.push_back(b.getStringAttr(o));
    auto it = declared.find(o);
    anyDeclared |= !o.empty() && it != declared.end();
    types.push_back(TypeAttr::get(!o.empty() && it != declared.end()
                                      ? declaredType(*it->second)
                                      : Type(NoneType::get(&ctx))));
  }
  auto op = onnxir::NodeOp::create(
      b, loc, resultTypes, operands, b.getStringAttr(n.op_type()),
      b.getDictionaryAttr(attrs),
      n.name().empty() ? StringAttr() : b.getStringAttr(n.name()),
      n.name().empty() ? b.getI64IntegerAttr(index) : IntegerAttr(),
      graphs.empty() ? ArrayAttr() : b.getArrayAttr(graphNames),
      b.getArrayAttr(names), anyDeclared ? b.getArrayAttr(types) : ArrayAttr(),
      graphs.size());

  // Subgraphs: regions that read the enclosing graph's names directly.
  for (auto [graph, region] : llvm::zip(graphs, op->getRegions())) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&region.emplaceBlock());
    scopes.emplace_back();
    const onnx::NodeProto *parent = node;
    int parentIndex = nodeIndex;
    if (failed(readInitializers(*graph)) || failed(readNodes(*graph, nullptr)))
      return failure();
    node = parent;
    nodeIndex = parentIndex;
    SmallVector<Value> outs;
    for (const auto &o : graph->output()) {
      Value v = scopes.back().lookup(o.name());
      if (!v)
        v = lookup(o.name());
      if (!v)
        return fail("branch output '" + o.name() + "' is not computed");
      outs.push_back(v);
    }
    onnxir::YieldOp::create(b, loc, outs);
    scopes.pop_back();
  }

  for (auto [o, result] : llvm::zip(n.output(), op->getResults())) {
    if (o.empty())
      continue;
    if (scopes.back().count(o))
      return fail("output '" + o + "' is defined twice");
    scopes.back()[o] = result;
  }
  return success();
}

LogicalResult
Reader::readNodes(const onnx::GraphProto &graph,
                  const llvm::DenseSet<const onnx::NodeProto *> *only) {
  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  for (const auto &info : graph.value_info())
    declared[info.name()] = &info;
  for (auto [i, n] : llvm::enumerate(graph.node())) {
    if (only && !only->count(&n))
      continue;
    if (failed(readNode(n, i, declared)))
      return failure();
  }
  node = nullptr;
  return success();
}

OwningOpRef<ModuleOp> Reader::run() {
  fileLoc = FileLineColLoc::get(&ctx, file, 0, 0);
  if (!model.has_graph()) {
    (void)fail("the model has no graph");
    return nullptr;
  }
  const auto &graph = model.graph();
  needed = neededNodes();
  if (failed(readOpset()) || failed(checkOps()))
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  // An unnamed graph makes a function called `model`.
  std::string fname =
      options.functionName.empty()
          ? mlir::detect::import_common::cIdentifier(graph.name(), "model")
          : options.functionName;
  auto func =
      func::FuncOp::create(b, fileLoc, fname, b.getFunctionType({}, {}));
  func->setAttr(mlir::detect::kOnnxOpsetAttr, b.getI64IntegerAttr(opset));
  Block *body = func.addEntryBlock();
  entry = body;
  b.setInsertionPointToStart(body);
  scopes.emplace_back();

  if (failed(readInitializers(graph)))
    return nullptr;
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  if (failed(declareInputs(argTypes, argNames)))
    return nullptr;
  for (auto [t, name] : llvm::zip(argTypes, argNames))
    scopes.back()[name] =
        body->addArgument(t, NameLoc::get(b.getStringAttr(name), fileLoc));

  // A cut graph: the graph inputs it does not take are placeholders of
  // their declared shape, for the Shape ops that read them (torchvision
  // rescales boxes by the image's size); nothing may read their values.
  if (!options.cutInputs.empty())
    for (const auto &info : graph.input()) {
      if (scopes.back().count(info.name()) || !info.type().has_tensor_type() ||
          !info.type().tensor_type().has_shape())
        continue;
      const auto &tt = info.type().tensor_type();
      Type et = elementType(tt.elem_type());
      SmallVector<int64_t> shape;
      for (const auto &d : tt.shape().dim())
        shape.push_back(d.has_dim_value() ? d.dim_value() : -1);
      if (!et || llvm::any_of(shape, [](int64_t d) { return d < 0; }))
        continue;
      scopes.back()[info.name()] = onnxir::PlaceholderOp::create(
          b, fileLoc, RankedTensorType::get(shape, et), info.name());
    }
  if (failed(readNodes(graph, &needed)))
    return nullptr;

  // Results: the graph outputs (or the tensors of --outputs) in order.
  SmallVector<std::string> outputNames(options.cutOutputs.begin(),
                                       options.cutOutputs.end());
  if (outputNames.empty())
    for (const auto &o : graph.output())
      outputNames.push_back(o.name());
  SmallVector<Value> results;
  SmallVector<DictionaryAttr> resultAttrs;
  for (const auto &name : outputNames) {
    Value v = lookup(name);
    if (!v || isa<onnxir::PlaceholderOp>(v.getDefiningOp())) {
      (void)fail((options.cutOutputs.empty() ? "graph output '"
                                             : "--outputs names '") +
                 name + "', which is not computed by any node" +
                 (options.cutOutputs.empty()
                      ? ""
                      : " between the function's inputs and it"));
      return nullptr;
    }
    results.push_back(v);
    SmallVector<NamedAttribute> attrs{
        b.getNamedAttr(mlir::detect::kOnnxNameAttr, b.getStringAttr(name))};
    for (const auto &o : graph.output())
      if (o.name() == name)
        attrs.push_back(b.getNamedAttr(mlir::detect::kOnnxDeclaredTypeAttr,
                                       TypeAttr::get(declaredType(o))));
    resultAttrs.push_back(b.getDictionaryAttr(attrs));
  }
  func::ReturnOp::create(b, fileLoc, results);
  func.setType(b.getFunctionType(body->getArgumentTypes(),
                                 TypeRange(ValueRange(results))));
  func.setAllResultAttrs(resultAttrs);

  if (failed(verify(*module))) {
    (void)fail("internal error: the graph read from the file does not verify");
    return nullptr;
  }
  return module;
}

} // namespace detect::onnx_import

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

namespace detect {

using namespace mlir;

void registerOnnxImportDialects(MLIRContext &context) {
  context.loadDialect<
      mlir::detect::DetectDialect, mlir::detect::onnx::OnnxDialect,
      arith::ArithDialect, func::FuncDialect, linalg::LinalgDialect,
      math::MathDialect, scf::SCFDialect, tensor::TensorDialect>();
}

bool parseShapeOption(StringRef text, std::string &name,
                      SmallVector<int64_t> &shape) {
  auto [n, dims] = text.rsplit('=');
  if (n.empty() || !text.contains('='))
    return false;
  name = n.str();
  shape.clear();
  if (dims.empty())
    return true;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t d;
    if (p.getAsInteger(10, d) || d < 0)
      return false;
    shape.push_back(d);
  }
  return true;
}

OwningOpRef<ModuleOp> importOnnxModel(StringRef bytes, StringRef fileName,
                                      MLIRContext &context,
                                      const OnnxImportOptions &options,
                                      std::vector<std::string> &errors) {
  GOOGLE_PROTOBUF_VERIFY_VERSION;
  onnx::ModelProto model;
  if (bytes.size() > size_t(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), int(bytes.size()))) {
    errors.push_back(fileName.str() +
                     ": error: not a valid ONNX model (the protobuf data is "
                     "truncated or corrupt)");
    return nullptr;
  }
  registerOnnxImportDialects(context);
  onnx_import::Reader reader(context, fileName, model, options, errors);
  OwningOpRef<ModuleOp> module = reader.run();
  if (!module || !options.convert)
    return module;

  // The conversion's errors (which name the node) become lines of `errors`.
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error)
      errors.push_back(fileName.str() + ": error: " + d.str());
    return success();
  });
  PassManager pm(&context);
  mlir::detect::ConvertOnnxToDetectOptions convertOptions;
  convertOptions.resourceThreshold = options.resourceThreshold;
  pm.addNestedPass<func::FuncOp>(
      mlir::detect::createConvertOnnxToDetect(convertOptions));
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

} // namespace detect
