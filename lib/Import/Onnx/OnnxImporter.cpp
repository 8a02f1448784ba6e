//===- OnnxImporter.cpp - ONNX model to detect + upstream dialects --------===//
//
// Part of detect-mlir. Reads an ONNX ModelProto with Debian's libonnx
// (protobuf) and emits one func.func with static shapes:
// NonMaxSuppression becomes detect.multiclass_nms, the ops around it
// linalg/tensor/arith/math/scf. Values whose length depends on the data
// (NonMaxSuppression, NonZero, TopK with a run-time k) keep a static upper
// bound in their type plus a run-time length (docs/Import.md).
//
// Every error is collected as text naming the file and the node; the
// importer never asserts on the contents of the file.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace detect::onnx_import {

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

LogicalResult Importer::readOpset() {
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

void Importer::listUnsupported(
    const onnx::GraphProto &graph, SmallVector<std::string> &bad,
    const llvm::DenseSet<const onnx::NodeProto *> *only) {
  for (auto [i, n] : llvm::enumerate(graph.node())) {
    if (only && !only->count(&n))
      continue;
    bool known = (n.domain().empty() || n.domain() == "ai.onnx") &&
                 handlers().count(n.op_type());
    if (!known)
      bad.push_back(file + ": node " + nodeName(n, i) + ": " +
                    (n.domain().empty() ? "" : n.domain() + ".") + n.op_type());
    for (const auto &a : n.attribute())
      if (a.type() == onnx::AttributeProto::GRAPH)
        listUnsupported(a.g(), bad);
  }
}

LogicalResult Importer::checkOps() {
  SmallVector<std::string> bad;
  // A cut graph: only the nodes it imports must be supported.
  listUnsupported(model.graph(), bad, &needed);
  if (bad.empty())
    return success();
  std::string msg = file + ": error: " + std::to_string(bad.size()) +
                    " node" + (bad.size() == 1 ? "" : "s") +
                    " with unsupported ops:";
  for (const auto &s : bad)
    msg += "\n  " + s;
  errors.push_back(msg);
  return failure();
}

LogicalResult Importer::readInitializers() {
  for (const auto &t : model.graph().initializer()) {
    if (t.name().empty())
      return fail("an initializer has no name");
    auto attr = tensorProtoAttr(t);
    if (failed(attr))
      return failure();
    if (env.count(t.name()))
      return fail("initializer '" + t.name() + "' is defined twice");
    env[t.name()] = constantTensor(*attr);
  }
  return success();
}

static std::string valueShapeStr(const onnx::ValueInfoProto &info) {
  std::string s = "[";
  const auto &shape = info.type().tensor_type().shape();
  for (int i = 0; i < shape.dim_size(); ++i) {
    const auto &d = shape.dim(i);
    s += (i ? ", " : "") + (d.has_dim_value() ? std::to_string(d.dim_value())
                            : d.has_dim_param() ? d.dim_param() : std::string("?"));
  }
  return s + "]";
}

LogicalResult Importer::declareInputs(SmallVector<Type> &argTypes,
                                      SmallVector<std::string> &argNames) {
  // The function's inputs: the graph inputs, or the tensors of --inputs
  // with their declarations (graph inputs, value_info, graph outputs).
  const auto &graph = model.graph();
  SmallVector<const onnx::ValueInfoProto *> infos;
  if (options.cutInputs.empty()) {
    for (const auto &info : graph.input())
      infos.push_back(&info);
  } else {
    for (const auto &name : options.cutInputs) {
      const onnx::ValueInfoProto *found = nullptr;
      for (const auto *list : {&graph.input(), &graph.value_info(), &graph.output()})
        for (const auto &info : *list)
          if (!found && info.name() == name)
            found = &info;
      // Exporters often declare no intermediate types: a tensor pinned by
      // --shape is then taken as float (head tensors are).
      bool pinned = llvm::any_of(options.shapes,
                                 [&](const auto &p) { return p.first == name; });
      if (!found && pinned) {
        synthesized.push_back(std::make_unique<onnx::ValueInfoProto>());
        synthesized.back()->set_name(name);
        synthesized.back()->mutable_type()->mutable_tensor_type()->set_elem_type(
            onnx::TensorProto::FLOAT);
        found = synthesized.back().get();
      }
      if (!found)
        return fail("--inputs names '" + name + "', which has no declared "
                    "type in the model (a graph input, output or value_info); "
                    "give its shape with --shape " + name + "=... (a float tensor)");
      infos.push_back(found);
    }
  }
  llvm::StringSet<> inputNames;
  for (const auto *info : infos)
    inputNames.insert(info->name());
  for (const auto &[name, shape] : options.shapes)
    if (!inputNames.count(name)) {
      std::string names;
      for (const auto *info : infos)
        if (!env.count(info->name()))
          names += (names.empty() ? "'" : ", '") + info->name() + "'";
      return fail("--shape names '" + name + "', which is not " +
                  (options.cutInputs.empty() ? "a graph input" : "an input of the cut") +
                  " (inputs: " + (names.empty() ? std::string("none") : names) + ")");
    }
  for (const auto *infoPtr : infos) {
    const onnx::ValueInfoProto &info = *infoPtr;
    // An input with an initializer of the same name (older exporters): the
    // initializer is its value.
    if (env.count(info.name()))
      continue;
    if (!info.type().has_tensor_type())
      return fail("input '" + info.name() + "' is not a tensor");
    const auto &tt = info.type().tensor_type();
    Type et = elementType(tt.elem_type());
    if (!et)
      return fail("input '" + info.name() + "' has unsupported element type " +
                  onnxTypeName(tt.elem_type()));
    const SmallVector<int64_t> *pinned = nullptr;
    for (const auto &[name, shape] : options.shapes)
      if (name == info.name())
        pinned = &shape;
    SmallVector<int64_t> shape;
    if (pinned) {
      if (tt.has_shape() && tt.shape().dim_size() != int64_t(pinned->size()))
        return fail("--shape " + info.name() + "=" + shapeStr(*pinned) +
                    " contradicts the model's shape " + valueShapeStr(info) +
                    " (rank " + Twine(tt.shape().dim_size()) + ")");
      for (auto [i, d] : llvm::enumerate(*pinned)) {
        if (d < 0)
          return fail("--shape " + info.name() + ": negative dimension");
        if (tt.has_shape() && tt.shape().dim(i).has_dim_value() &&
            tt.shape().dim(i).dim_value() != d)
          return fail("--shape " + info.name() + "=" + shapeStr(*pinned) +
                      " contradicts the model's shape " + valueShapeStr(info) +
                      " at dimension " + Twine(i));
      }
      shape = *pinned;
    } else {
      if (!tt.has_shape())
        return fail("input '" + info.name() + "' has no shape; give one with --shape " +
                    info.name() + "=...");
      for (int i = 0; i < tt.shape().dim_size(); ++i) {
        const auto &d = tt.shape().dim(i);
        if (!d.has_dim_value() || d.dim_value() < 0)
          return fail("input '" + info.name() + "' has the dynamic shape " +
                      valueShapeStr(info) + "; pin it with --shape " + info.name() + "=" +
                      "<dims separated by x>");
        shape.push_back(d.dim_value());
      }
    }
    int64_t n = 1;
    for (int64_t d : shape) {
      if (d > 0 && n > kMaxElements / d)
        return fail("input '" + info.name() + "' is too large");
      n *= d;
    }
    argTypes.push_back(RankedTensorType::get(shape, et));
    argNames.push_back(info.name());
  }
  return success();
}

LogicalResult Importer::checkDeclaredShape(const onnx::ValueInfoProto &info,
                                           const Tensor &t, StringRef what) {
  if (!info.has_type() || !info.type().has_tensor_type())
    return success();
  const auto &tt = info.type().tensor_type();
  Type et = elementType(tt.elem_type());
  if (tt.elem_type() != 0 && et && et != t.elem())
    return fail(what + " '" + info.name() + "' is declared with element type " +
                onnxTypeName(tt.elem_type()) + " but computes another");
  if (!tt.has_shape())
    return success();
  if (tt.shape().dim_size() != t.rank())
    return fail(what + " '" + info.name() + "' is declared with shape " +
                valueShapeStr(info) + " but computes " + shapeStr(t.shape()));
  for (int i = 0; i < t.rank(); ++i) {
    const auto &d = tt.shape().dim(i);
    if (d.has_dim_value() && d.dim_value() != t.shape()[i] &&
        !(t.length && t.lengthAxis == i))
      return fail(what + " '" + info.name() + "' is declared with shape " +
                  valueShapeStr(info) + " but computes " + shapeStr(t.shape()));
  }
  return success();
}

/// The names a node reads, those of its If branches' free values included.
static void readsOf(const onnx::NodeProto &n, SmallVector<std::string> &out) {
  for (const auto &i : n.input())
    if (!i.empty())
      out.push_back(i);
  for (const auto &a : n.attribute())
    if (a.type() == onnx::AttributeProto::GRAPH)
      for (const auto &inner : a.g().node())
        readsOf(inner, out);
}

llvm::DenseSet<const onnx::NodeProto *> Importer::neededNodes() {
  const auto &graph = model.graph();
  llvm::DenseSet<const onnx::NodeProto *> set;
  llvm::StringSet<> wanted, stop;
  for (const auto &name : options.cutInputs)
    stop.insert(name);
  if (options.cutOutputs.empty())
    for (const auto &o : graph.output())
      wanted.insert(o.name());
  for (const auto &name : options.cutOutputs)
    wanted.insert(name);
  for (const auto &n : llvm::reverse(graph.node())) {
    bool used = llvm::any_of(n.output(), [&](const std::string &o) {
      return wanted.count(o) && !stop.count(o);
    });
    if (!used)
      continue;
    set.insert(&n);
    SmallVector<std::string> reads;
    readsOf(n, reads);
    for (const auto &r : reads)
      wanted.insert(r);
  }
  return set;
}

LogicalResult Importer::importNodes(
    const onnx::GraphProto &graph,
    const llvm::DenseSet<const onnx::NodeProto *> *only) {
  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  for (const auto &info : graph.value_info())
    declared[info.name()] = &info;
  for (auto [i, n] : llvm::enumerate(graph.node())) {
    if (only && !only->count(&n))
      continue;
    node = &n;
    nodeIndex = i;
    attrFailed = false;
    std::string locName = n.name().empty() ? n.op_type() : n.name();
    loc = NameLoc::get(b.getStringAttr(locName), fileLoc);
    Handler h = handlers().lookup(n.op_type());
    if (failed((this->*h)()))
      return failure();
    for (const auto &o : n.output()) {
      auto it = declared.find(o);
      if (!o.empty() && it != declared.end() && env.count(o) &&
          failed(checkDeclaredShape(*it->second, env[o], "value")))
        return failure();
    }
  }
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  fileLoc = FileLineColLoc::get(&ctx, file, 0, 0);
  loc = fileLoc;
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
  std::string fname = options.functionName.empty() ? cIdentifier(graph.name())
                                                    : options.functionName;
  auto func = func::FuncOp::create(b, fileLoc, fname, b.getFunctionType({}, {}));
  Block *body = func.addEntryBlock();
  b.setInsertionPointToStart(body);

  if (failed(readInitializers()))
    return nullptr;
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  if (failed(declareInputs(argTypes, argNames)))
    return nullptr;
  for (auto [t, name] : llvm::zip(argTypes, argNames)) {
    Tensor v;
    v.value = body->addArgument(t, NameLoc::get(b.getStringAttr(name), fileLoc));
    env[name] = v;
  }

  // A cut graph: the graph inputs it does not take are placeholders of
  // their declared shape, for the Shape ops that read them (torchvision
  // rescales boxes by the image's size); nothing may read their values.
  if (!options.cutInputs.empty())
    for (const auto &info : graph.input()) {
      if (env.count(info.name()) || !info.type().has_tensor_type() ||
          !info.type().tensor_type().has_shape())
        continue;
      const auto &tt = info.type().tensor_type();
      Type et = elementType(tt.elem_type());
      SmallVector<int64_t> shape;
      for (const auto &d : tt.shape().dim())
        shape.push_back(d.has_dim_value() ? d.dim_value() : -1);
      if (!et || llvm::any_of(shape, [](int64_t d) { return d < 0; }))
        continue;
      Tensor t;
      t.value = empty(shape, et);
      env[info.name()] = t;
      placeholders.push_back({info.name(), t.value});
    }
  if (failed(importNodes(graph, &needed)))
    return nullptr;
  node = nullptr;
  loc = fileLoc;

  // Results: the graph outputs in order, then one i64 run-time length per
  // output that has one (docs/Import.md).
  SmallVector<Value> results, lengths;
  llvm::DenseMap<Value, Value> lengthResults;
  SmallVector<std::string> outputNames(options.cutOutputs.begin(),
                                       options.cutOutputs.end());
  if (outputNames.empty())
    for (const auto &o : graph.output())
      outputNames.push_back(o.name());
  for (const auto &name : outputNames) {
    auto it = env.find(name);
    if (it == env.end()) {
      (void)fail((options.cutOutputs.empty() ? "graph output '" : "--outputs names '") +
                 name + "', which is not computed by any node" +
                 (options.cutOutputs.empty() ? "" : " between the function's inputs and it"));
      return nullptr;
    }
    for (const auto &o : graph.output())
      if (o.name() == name &&
          failed(checkDeclaredShape(o, it->second, "graph output")))
        return nullptr;
    results.push_back(it->second.value);
    if (it->second.length) {
      // One conversion per length: outputs that share a length return the
      // same value (and the C ABI gives each its own out-parameter).
      Value &l = lengthResults[it->second.length];
      if (!l)
        l = arith::IndexCastOp::create(b, fileLoc, b.getI64Type(),
                                       it->second.length);
      lengths.push_back(l);
    }
  }
  llvm::append_range(results, lengths);
  func::ReturnOp::create(b, fileLoc, results);
  func.setFunctionType(b.getFunctionType(body->getArgumentTypes(),
                                         TypeRange(ValueRange(results))));

  // Constants of initializers and folded shape arithmetic that no op reads,
  // and, in a cut graph, the ops computed only for their shapes.
  llvm::DenseSet<Operation *> keep;
  for (const auto &entry : placeholders)
    keep.insert(entry.second.getDefiningOp());
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*body)))
    if (!keep.count(&op) && isOpTriviallyDead(&op))
      op.erase();
  for (const auto &[name, placeholder] : placeholders) {
    if (!placeholder.use_empty()) {
      std::string user;
      llvm::raw_string_ostream os(user);
      (*placeholder.user_begin())->getLoc().print(os);
      (void)fail("the outputs read graph input '" + name +
                 "' beyond its shape (at " + user + "); add it to --inputs");
      return nullptr;
    }
    placeholder.getDefiningOp()->erase();
  }

  if (failed(verify(*module))) {
    (void)fail("internal error: the imported module does not verify");
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
using onnx_import::Importer;

void registerOnnxImportDialects(MLIRContext &context) {
  context.loadDialect<mlir::detect::DetectDialect, arith::ArithDialect,
                      func::FuncDialect, linalg::LinalgDialect,
                      math::MathDialect, scf::SCFDialect,
                      tensor::TensorDialect>();
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
                                              const ::detect::OnnxImportOptions &options,
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
  Importer importer(context, fileName, model, options, errors);
  return importer.run();
}

} // namespace detect
