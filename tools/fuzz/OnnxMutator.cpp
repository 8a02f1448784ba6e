//===- OnnxMutator.cpp - structure-aware mutations of ONNX models ---------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "OnnxMutator.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

using Random = std::mt19937_64;

/// The op types the importer has handlers for, plus one it does not.
const char *const kOpTypes[] = {"Add",
                                "Sub",
                                "Mul",
                                "Div",
                                "Pow",
                                "And",
                                "Or",
                                "Min",
                                "Max",
                                "Sum",
                                "Greater",
                                "Less",
                                "GreaterOrEqual",
                                "LessOrEqual",
                                "Equal",
                                "Exp",
                                "Log",
                                "Sqrt",
                                "Neg",
                                "Abs",
                                "Relu",
                                "Sigmoid",
                                "Tanh",
                                "Floor",
                                "Ceil",
                                "Reciprocal",
                                "Not",
                                "HardSigmoid",
                                "HardSwish",
                                "Identity",
                                "Constant",
                                "Cast",
                                "Clip",
                                "Where",
                                "Shape",
                                "Reshape",
                                "Flatten",
                                "Unsqueeze",
                                "Squeeze",
                                "Transpose",
                                "Concat",
                                "Split",
                                "Slice",
                                "Gather",
                                "GatherND",
                                "Expand",
                                "Tile",
                                "ConstantOfShape",
                                "Range",
                                "ReduceMax",
                                "ReduceMin",
                                "ReduceSum",
                                "ReduceMean",
                                "Softmax",
                                "TopK",
                                "NonZero",
                                "NonMaxSuppression",
                                "MatMul",
                                "Gemm",
                                "Conv",
                                "MaxPool",
                                "AveragePool",
                                "GlobalAveragePool",
                                "BatchNormalization",
                                "ReduceProd",
                                "ReduceL2",
                                "If",
                                "Resize",
                                "Pad",
                                "Xor",
                                "Mod",
                                "Einsum"};

/// Sizes and indices at the edges: empty, one, negative (ONNX's "from the
/// end" and invalid), and values whose products or byte sizes overflow 32 or
/// 64 bits.
const int64_t kInterestingInts[] = {0,
                                    1,
                                    2,
                                    3,
                                    -1,
                                    -2,
                                    255,
                                    65536,
                                    int64_t(1) << 31,
                                    (int64_t(1) << 31) - 1,
                                    int64_t(1) << 32,
                                    int64_t(1) << 62,
                                    std::numeric_limits<int64_t>::max(),
                                    std::numeric_limits<int64_t>::min()};

const float kInterestingFloats[] = {0.0f,
                                    -0.0f,
                                    1.0f,
                                    0.5f,
                                    -1.0f,
                                    1e-45f,
                                    3.4e38f,
                                    std::numeric_limits<float>::infinity(),
                                    -std::numeric_limits<float>::infinity(),
                                    std::numeric_limits<float>::quiet_NaN()};

template <typename T, size_t N>
const T &pick(Random &rng, const T (&values)[N]) {
  return values[rng() % N];
}

int64_t interestingInt(Random &rng) {
  // Small values too: axes, ranks and counts that are merely wrong.
  return rng() % 3 == 0 ? int64_t(rng() % 9) - 4 : pick(rng, kInterestingInts);
}

/// Every tensor name the graph mentions, and the empty optional name.
std::vector<std::string> tensorNames(const onnx::GraphProto &graph) {
  std::vector<std::string> names = {""};
  for (const auto &v : graph.input())
    names.push_back(v.name());
  for (const auto &t : graph.initializer())
    names.push_back(t.name());
  for (const auto &n : graph.node())
    for (const auto &o : n.output())
      names.push_back(o);
  return names;
}

void mutateAttribute(onnx::AttributeProto &a, Random &rng) {
  switch (rng() % 4) {
  case 0:
    a.set_i(interestingInt(rng));
    break;
  case 1:
    a.set_f(pick(rng, kInterestingFloats));
    break;
  case 2:
    if (a.ints_size() && rng() % 2)
      a.set_ints(rng() % a.ints_size(), interestingInt(rng));
    else if (a.ints_size() && rng() % 2)
      a.mutable_ints()->RemoveLast();
    else
      a.add_ints(interestingInt(rng));
    break;
  default:
    if (a.floats_size())
      a.set_floats(rng() % a.floats_size(), pick(rng, kInterestingFloats));
    else
      a.set_type(onnx::AttributeProto::AttributeType(rng() % 15));
    break;
  }
}

void mutateNode(onnx::GraphProto &graph, Random &rng) {
  if (!graph.node_size())
    return;
  onnx::NodeProto &node = *graph.mutable_node(rng() % graph.node_size());
  switch (rng() % 5) {
  case 0:
    node.set_op_type(pick(rng, kOpTypes));
    break;
  case 1: {
    std::vector<std::string> names = tensorNames(graph);
    std::string name = names[rng() % names.size()];
    if (node.input_size() && rng() % 2)
      node.set_input(rng() % node.input_size(), name);
    else
      node.add_input(name);
    break;
  }
  case 2:
    if (node.input_size())
      node.mutable_input()->RemoveLast();
    break;
  case 3:
    if (node.attribute_size())
      mutateAttribute(*node.mutable_attribute(rng() % node.attribute_size()),
                      rng);
    break;
  default:
    if (node.attribute_size() && rng() % 2)
      node.mutable_attribute()->RemoveLast();
    else {
      onnx::AttributeProto &a = *node.add_attribute();
      static const char *const names[] = {"axis", "axes",    "keepdims",
                                          "perm", "k",       "largest",
                                          "to",   "alpha",   "center_point_box",
                                          "pads", "strides", "kernel_shape"};
      a.set_name(pick(rng, names));
      a.set_type(rng() % 2 ? onnx::AttributeProto::INT
                           : onnx::AttributeProto::INTS);
      mutateAttribute(a, rng);
    }
    break;
  }
}

void mutateValueInfo(onnx::ValueInfoProto &v, Random &rng) {
  onnx::TypeProto_Tensor &t = *v.mutable_type()->mutable_tensor_type();
  if (rng() % 4 == 0) {
    t.set_elem_type(int(rng() % 17));
    return;
  }
  onnx::TensorShapeProto &shape = *t.mutable_shape();
  switch (rng() % 4) {
  case 0:
    if (shape.dim_size())
      shape.mutable_dim(rng() % shape.dim_size())
          ->set_dim_value(interestingInt(rng));
    break;
  case 1:
    if (shape.dim_size())
      shape.mutable_dim(rng() % shape.dim_size())->set_dim_param("n");
    break;
  case 2:
    shape.add_dim()->set_dim_value(interestingInt(rng));
    break;
  default:
    if (shape.dim_size())
      shape.mutable_dim()->RemoveLast();
    break;
  }
}

void mutateInitializer(onnx::TensorProto &t, Random &rng) {
  switch (rng() % 5) {
  case 0:
    t.set_data_type(int(rng() % 17));
    break;
  case 1:
    if (t.dims_size())
      t.set_dims(rng() % t.dims_size(), interestingInt(rng));
    else
      t.add_dims(interestingInt(rng));
    break;
  case 2:
    if (t.dims_size() && rng() % 2)
      t.mutable_dims()->RemoveLast();
    else
      t.add_dims(int64_t(rng() % 4));
    break;
  case 3: {
    // Shorter or longer data than the dims say.
    std::string raw = t.raw_data();
    raw.resize(rng() % 2 ? raw.size() / 2 : raw.size() + 1 + rng() % 16);
    t.set_raw_data(raw);
    break;
  }
  default:
    if (t.raw_data().size() >= 4) {
      float value = pick(rng, kInterestingFloats);
      std::string raw = t.raw_data();
      size_t at = (rng() % (raw.size() / 4)) * 4;
      raw.replace(at, 4, reinterpret_cast<const char *>(&value), 4);
      t.set_raw_data(raw);
    } else {
      t.add_int64_data(interestingInt(rng));
    }
    break;
  }
}

void mutateGraph(onnx::ModelProto &model, Random &rng) {
  onnx::GraphProto &graph = *model.mutable_graph();
  switch (rng() % 8) {
  case 0:
  case 1:
    mutateNode(graph, rng);
    break;
  case 2:
    if (graph.input_size())
      mutateValueInfo(*graph.mutable_input(rng() % graph.input_size()), rng);
    break;
  case 3:
    if (graph.output_size())
      mutateValueInfo(*graph.mutable_output(rng() % graph.output_size()), rng);
    else if (graph.value_info_size())
      mutateValueInfo(
          *graph.mutable_value_info(rng() % graph.value_info_size()), rng);
    break;
  case 4:
    if (graph.initializer_size())
      mutateInitializer(
          *graph.mutable_initializer(rng() % graph.initializer_size()), rng);
    break;
  case 5:
    if (model.opset_import_size())
      model.mutable_opset_import(0)->set_version(int64_t(rng() % 24));
    break;
  case 6:
    // Nodes out of topological order.
    if (graph.node_size() >= 2)
      graph.mutable_node()->SwapElements(rng() % graph.node_size(),
                                         rng() % graph.node_size());
    break;
  default:
    if (graph.node_size() && rng() % 2)
      *graph.add_node() = graph.node(rng() % graph.node_size());
    else if (graph.node_size())
      graph.mutable_node()->DeleteSubrange(rng() % graph.node_size(), 1);
    break;
  }
}

} // namespace

bool detect::fuzz::mutateModelProto(llvm::StringRef bytes, unsigned seed,
                                    std::string &mutated) {
  onnx::ModelProto model;
  if (!model.ParseFromArray(bytes.data(), int(bytes.size())) ||
      !model.has_graph())
    return false;
  Random rng(seed);
  mutateGraph(model, rng);
  return model.SerializeToString(&mutated);
}
