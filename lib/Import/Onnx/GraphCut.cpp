//===- GraphCut.cpp - The function's arguments and the nodes it needs ----===//
//
// Part of detect-mlir: the ONNX reader (Reader.h). The function's
// arguments are the graph inputs, or the tensors of --inputs with the
// shapes declared or pinned by --shape; the nodes read are those the
// outputs (the graph's, or --outputs) need from them.
//
//===----------------------------------------------------------------------===//

#include "Reader.h"

namespace detect::onnx_import {

static std::string valueShapeStr(const onnx::ValueInfoProto &info) {
  std::string s = "[";
  const auto &shape = info.type().tensor_type().shape();
  for (int i = 0; i < shape.dim_size(); ++i) {
    const auto &d = shape.dim(i);
    s += (i ? ", " : "") + (d.has_dim_value()   ? std::to_string(d.dim_value())
                            : d.has_dim_param() ? d.dim_param()
                                                : std::string("?"));
  }
  return s + "]";
}

LogicalResult Reader::declareInputs(SmallVector<Type> &argTypes,
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
      for (const auto *list :
           {&graph.input(), &graph.value_info(), &graph.output()})
        for (const auto &info : *list)
          if (!found && info.name() == name)
            found = &info;
      // Exporters often declare no intermediate types: a tensor pinned by
      // --shape is then taken as float (head tensors are).
      bool pinned = llvm::any_of(
          options.shapes, [&](const auto &p) { return p.first == name; });
      if (!found && pinned) {
        synthesized.push_back(std::make_unique<onnx::ValueInfoProto>());
        synthesized.back()->set_name(name);
        synthesized.back()
            ->mutable_type()
            ->mutable_tensor_type()
            ->set_elem_type(onnx::TensorProto::FLOAT);
        found = synthesized.back().get();
      }
      if (!found)
        return fail("--inputs names '" + name +
                    "', which has no declared "
                    "type in the model (a graph input, output or value_info); "
                    "give its shape with --shape " +
                    name + "=... (a float tensor)");
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
        if (!scopes.back().count(info->name()))
          names += (names.empty() ? "'" : ", '") + info->name() + "'";
      return fail("--shape names '" + name + "', which is not " +
                  (options.cutInputs.empty() ? "a graph input"
                                             : "an input of the cut") +
                  " (inputs: " + (names.empty() ? std::string("none") : names) +
                  ")");
    }
  for (const auto *infoPtr : infos) {
    const onnx::ValueInfoProto &info = *infoPtr;
    // An input with an initializer of the same name (older exporters): the
    // initializer is its value.
    if (scopes.back().count(info.name()))
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
        return fail("input '" + info.name() +
                    "' has no shape; give one with --shape " + info.name() +
                    "=...");
      for (int i = 0; i < tt.shape().dim_size(); ++i) {
        const auto &d = tt.shape().dim(i);
        if (!d.has_dim_value() || d.dim_value() < 0)
          return fail("input '" + info.name() + "' has the dynamic shape " +
                      valueShapeStr(info) + "; pin it with --shape " +
                      info.name() + "=" + "<dims separated by x>");
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

Type Reader::declaredType(const onnx::ValueInfoProto &info) {
  if (!info.has_type() || !info.type().has_tensor_type())
    return NoneType::get(&ctx);
  const auto &tt = info.type().tensor_type();
  Type et = elementType(tt.elem_type());
  if (!et)
    et = NoneType::get(&ctx);
  if (!tt.has_shape())
    return UnrankedTensorType::get(et);
  SmallVector<int64_t> shape;
  for (const auto &d : tt.shape().dim())
    shape.push_back(d.has_dim_value() && d.dim_value() >= 0
                        ? d.dim_value()
                        : ShapedType::kDynamic);
  return RankedTensorType::get(shape, et);
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

llvm::DenseSet<const onnx::NodeProto *> Reader::neededNodes() {
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

} // namespace detect::onnx_import
