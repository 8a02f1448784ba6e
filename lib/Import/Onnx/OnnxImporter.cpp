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

#include "detect/Import/Onnx.h"

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Detect/IR/DetectOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;

namespace {

/// The largest tensor the importer builds (elements). Keeps shape arithmetic
/// far from int64 overflow and refuses what no microcontroller could hold.
constexpr int64_t kMaxElements = int64_t(1) << 31;
/// Constants computed at import time (shape arithmetic) up to this size.
constexpr int64_t kMaxFoldElements = 1 << 16;

/// One ONNX value: a tensor of static shape, possibly with its contents known
/// at import time, and possibly a run-time length along one axis (the static
/// size of that axis is then an upper bound; rows past the length are
/// padding whose contents are unspecified).
struct Tensor {
  Value value;
  DenseElementsAttr constant;
  int64_t lengthAxis = -1;
  Value length; // index

  RankedTensorType type() const {
    return cast<RankedTensorType>(value.getType());
  }
  ArrayRef<int64_t> shape() const { return type().getShape(); }
  Type elem() const { return type().getElementType(); }
  int64_t rank() const { return type().getRank(); }
};

int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

/// The C identifier made of an ONNX name: other characters become '_'.
std::string cIdentifier(StringRef name) {
  std::string id;
  for (char c : name)
    id += (llvm::isAlnum(c) || c == '_') ? c : '_';
  if (id.empty())
    id = "model";
  if (llvm::isDigit(id[0]))
    id = "_" + id;
  return id;
}

using BodyFn =
    llvm::function_ref<Value(OpBuilder &, Location, ArrayRef<Value>)>;

class Importer {
public:
  Importer(MLIRContext &ctx, StringRef file, const onnx::ModelProto &model,
           const ::detect::OnnxImportOptions &options,
           std::vector<std::string> &errors)
      : ctx(ctx), b(&ctx), file(file.str()), model(model), options(options),
        errors(errors) {}

  OwningOpRef<ModuleOp> run();

private:
  using Handler = LogicalResult (Importer::*)();

  // --- diagnostics -------------------------------------------------------
  LogicalResult fail(const Twine &msg) {
    if (node)
      errors.push_back(file + ": error: node '" + node->name() + "' (" +
                       node->op_type() + "): " + msg.str());
    else
      errors.push_back(file + ": error: " + msg.str());
    return failure();
  }

  // --- model-level steps ---------------------------------------------------
  LogicalResult readOpset();
  LogicalResult checkOps();
  LogicalResult readInitializers();
  LogicalResult declareInputs(SmallVector<Type> &argTypes,
                              SmallVector<std::string> &argNames);
  LogicalResult importNode();
  LogicalResult checkDeclaredShape(const onnx::ValueInfoProto &info,
                                   const Tensor &t, StringRef what);

  // --- element types and constants -------------------------------------
  Type elementType(int32_t onnxType);
  FailureOr<DenseElementsAttr> tensorProtoAttr(const onnx::TensorProto &t);
  Tensor constantTensor(DenseElementsAttr attr);
  Value materialize(DenseElementsAttr attr);

  // --- node access -------------------------------------------------------
  bool hasInput(int i) const {
    return i < node->input_size() && !node->input(i).empty();
  }
  FailureOr<Tensor> input(int i);
  LogicalResult inputs(int min, int max, SmallVector<Tensor> &out);
  LogicalResult setOutput(int i, Tensor t);
  const onnx::AttributeProto *attr(StringRef name);
  int64_t attrInt(StringRef name, int64_t dflt);
  float attrFloat(StringRef name, float dflt);
  std::optional<SmallVector<int64_t>> attrInts(StringRef name);
  FailureOr<SmallVector<int64_t>> constInts(const Tensor &t, StringRef what);
  FailureOr<int64_t> normAxis(int64_t axis, int64_t rank, StringRef what = "axis");
  bool attrFailed = false;

  // --- builders ------------------------------------------------------------
  Value index(int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }
  Value scalar(Type t, double v);
  Value empty(ArrayRef<int64_t> shape, Type elem) {
    return tensor::EmptyOp::create(b, loc, shape, elem);
  }
  Value convert(OpBuilder &ob, Location l, Value v, Type to);
  FailureOr<SmallVector<int64_t>> broadcast(ArrayRef<Tensor> ins);
  Value elementwise(ArrayRef<Value> ins, ArrayRef<int64_t> shape, Type elem,
                    BodyFn body);
  Value indexed(ArrayRef<int64_t> shape, Type elem, BodyFn body);
  Value reduce(Value x, ArrayRef<bool> reduced, Value init,
               function_ref<Value(OpBuilder &, Location, Value, Value)> combine);
  Value reshape(Value x, ArrayRef<int64_t> shape);
  Tensor reshapeTensor(const Tensor &t, ArrayRef<int64_t> shape);
  Value extractScalar(const Tensor &t);
  Value transpose(Value x, ArrayRef<int64_t> perm);
  Value slice(Value x, ArrayRef<int64_t> offs, ArrayRef<int64_t> sizes,
              ArrayRef<int64_t> strides);
  Value pad(Value x, ArrayRef<int64_t> lo, ArrayRef<int64_t> shape, Value padValue);
  FailureOr<Tensor> foldElementwise(ArrayRef<Tensor> ins, Type elem,
                                    ArrayRef<int64_t> shape,
                                    function_ref<double(ArrayRef<double>)> fn);

  // --- op handlers ---------------------------------------------------------
  LogicalResult binary(StringRef op);
  LogicalResult unary(StringRef op);
  LogicalResult variadic(StringRef op);
  LogicalResult compare(StringRef op);
  LogicalResult opAdd() { return binary("Add"); }
  LogicalResult opSub() { return binary("Sub"); }
  LogicalResult opMul() { return binary("Mul"); }
  LogicalResult opDiv() { return binary("Div"); }
  LogicalResult opPow() { return binary("Pow"); }
  LogicalResult opAnd() { return binary("And"); }
  LogicalResult opOr() { return binary("Or"); }
  LogicalResult opMin() { return variadic("Min"); }
  LogicalResult opMax() { return variadic("Max"); }
  LogicalResult opSum() { return variadic("Sum"); }
  LogicalResult opGreater() { return compare("Greater"); }
  LogicalResult opLess() { return compare("Less"); }
  LogicalResult opGreaterOrEqual() { return compare("GreaterOrEqual"); }
  LogicalResult opLessOrEqual() { return compare("LessOrEqual"); }
  LogicalResult opEqual() { return compare("Equal"); }
  LogicalResult opExp() { return unary("Exp"); }
  LogicalResult opLog() { return unary("Log"); }
  LogicalResult opSqrt() { return unary("Sqrt"); }
  LogicalResult opNeg() { return unary("Neg"); }
  LogicalResult opAbs() { return unary("Abs"); }
  LogicalResult opRelu() { return unary("Relu"); }
  LogicalResult opSigmoid() { return unary("Sigmoid"); }
  LogicalResult opTanh() { return unary("Tanh"); }
  LogicalResult opFloor() { return unary("Floor"); }
  LogicalResult opCeil() { return unary("Ceil"); }
  LogicalResult opReciprocal() { return unary("Reciprocal"); }
  LogicalResult opNot() { return unary("Not"); }
  LogicalResult opHardSigmoid() { return unary("HardSigmoid"); }
  LogicalResult opHardSwish() { return unary("HardSwish"); }
  LogicalResult opIdentity();
  LogicalResult opConstant();
  LogicalResult opCast();
  LogicalResult opClip();
  LogicalResult opWhere();
  LogicalResult opShape();
  LogicalResult opReshape();
  LogicalResult opFlatten();
  LogicalResult opUnsqueeze();
  LogicalResult opSqueeze();
  LogicalResult opTranspose();
  LogicalResult opConcat();
  LogicalResult opSplit();
  LogicalResult opSlice();
  LogicalResult opGather();
  LogicalResult opGatherND();
  LogicalResult opExpand();
  LogicalResult opTile();
  LogicalResult opConstantOfShape();
  LogicalResult opRange();
  LogicalResult opReduceMax() { return reduction("ReduceMax"); }
  LogicalResult opReduceMin() { return reduction("ReduceMin"); }
  LogicalResult opReduceSum() { return reduction("ReduceSum"); }
  LogicalResult opReduceMean() { return reduction("ReduceMean"); }
  LogicalResult reduction(StringRef op);
  LogicalResult opSoftmax();
  LogicalResult opTopK();
  LogicalResult opNonZero();
  LogicalResult opNonMaxSuppression();
  LogicalResult opMatMul();
  LogicalResult opGemm();
  LogicalResult opConv();
  LogicalResult opMaxPool() { return pool("MaxPool"); }
  LogicalResult opAveragePool() { return pool("AveragePool"); }
  LogicalResult opGlobalAveragePool();
  LogicalResult opBatchNormalization();
  LogicalResult pool(StringRef op);
  LogicalResult matmul(Tensor a, Tensor bt, bool transA, bool transB,
                       Tensor &out);

  static const llvm::StringMap<Handler> &handlers();

  MLIRContext &ctx;
  OpBuilder b;
  std::string file;
  const onnx::ModelProto &model;
  const ::detect::OnnxImportOptions &options;
  std::vector<std::string> &errors;
  int64_t opset = 0;
  llvm::StringMap<Tensor> env;
  const onnx::NodeProto *node = nullptr;
  Location loc = UnknownLoc::get(&ctx);
  Location fileLoc = UnknownLoc::get(&ctx);
  unsigned resourceCounter = 0;
};

} // namespace

//===----------------------------------------------------------------------===//
// Handler table
//===----------------------------------------------------------------------===//

const llvm::StringMap<Importer::Handler> &Importer::handlers() {
  static const llvm::StringMap<Handler> table = [] {
    llvm::StringMap<Handler> t;
#define OP(name) t[#name] = &Importer::op##name;
    OP(Add) OP(Sub) OP(Mul) OP(Div) OP(Pow) OP(And) OP(Or) OP(Min) OP(Max)
    OP(Sum) OP(Greater) OP(Less) OP(GreaterOrEqual) OP(LessOrEqual) OP(Equal)
    OP(Exp) OP(Log) OP(Sqrt) OP(Neg) OP(Abs) OP(Relu) OP(Sigmoid) OP(Tanh)
    OP(Floor) OP(Ceil) OP(Reciprocal) OP(Not) OP(HardSigmoid) OP(HardSwish)
    OP(Identity) OP(Constant) OP(Cast) OP(Clip) OP(Where) OP(Shape)
    OP(Reshape) OP(Flatten) OP(Unsqueeze) OP(Squeeze) OP(Transpose)
    OP(Concat) OP(Split) OP(Slice) OP(Gather) OP(GatherND) OP(Expand)
    OP(Tile) OP(ConstantOfShape) OP(Range) OP(ReduceMax) OP(ReduceMin)
    OP(ReduceSum) OP(ReduceMean) OP(Softmax) OP(TopK) OP(NonZero)
    OP(NonMaxSuppression) OP(MatMul) OP(Gemm) OP(Conv) OP(MaxPool)
    OP(AveragePool) OP(GlobalAveragePool) OP(BatchNormalization)
#undef OP
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// Types, constants, attributes
//===----------------------------------------------------------------------===//

Type Importer::elementType(int32_t t) {
  switch (t) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::INT64:
    return b.getI64Type();
  case onnx::TensorProto::INT32:
    return b.getI32Type();
  case onnx::TensorProto::INT16:
    return b.getI16Type();
  case onnx::TensorProto::INT8:
    return b.getI8Type();
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    // Unsigned integers, float16, strings...: no signless reading of them
    // is right for every op, so they are refused.
    return Type();
  }
}

static StringRef onnxTypeName(int32_t t) {
  if (onnx::TensorProto_DataType_IsValid(t))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(t));
  return "unknown";
}

FailureOr<DenseElementsAttr>
Importer::tensorProtoAttr(const onnx::TensorProto &t) {
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
    if (!DenseElementsAttr::isValidRawBuffer(type, ArrayRef<char>(raw.data(), raw.size()), splat))
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

Value Importer::materialize(DenseElementsAttr attr) {
  auto type = cast<RankedTensorType>(attr.getType());
  // Constants keep their shape: the C route stores one of rank >= 2 as a
  // flat array (detect-flatten-constant-globals), and both routes read it
  // in place, without a copy.
  // Large weights go out of line: the printed IR stays readable and the
  // bytecode stores them as one blob.
  if (!attr.isSplat() && attr.getNumElements() > options.resourceThreshold &&
      !type.getElementType().isInteger(1)) {
    ArrayRef<char> raw = attr.getRawData();
    auto blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint64_t));
    auto res = DenseResourceElementsAttr::get(
        type, "onnx_" + std::to_string(resourceCounter++), std::move(blob));
    return arith::ConstantOp::create(b, loc, type, res);
  }
  return arith::ConstantOp::create(b, loc, type, attr);
}

Tensor Importer::constantTensor(DenseElementsAttr attr) {
  Tensor t;
  t.constant = attr;
  t.value = materialize(attr);
  return t;
}

const onnx::AttributeProto *Importer::attr(StringRef name) {
  for (const auto &a : node->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t Importer::attrInt(StringRef name, int64_t dflt) {
  const auto *a = attr(name);
  if (!a)
    return dflt;
  if (a->type() != onnx::AttributeProto::INT) {
    attrFailed = true;
    (void)fail("attribute '" + name + "' must be an integer");
    return dflt;
  }
  return a->i();
}

float Importer::attrFloat(StringRef name, float dflt) {
  const auto *a = attr(name);
  if (!a)
    return dflt;
  if (a->type() != onnx::AttributeProto::FLOAT) {
    attrFailed = true;
    (void)fail("attribute '" + name + "' must be a float");
    return dflt;
  }
  return a->f();
}

std::optional<SmallVector<int64_t>> Importer::attrInts(StringRef name) {
  const auto *a = attr(name);
  if (!a)
    return std::nullopt;
  if (a->type() != onnx::AttributeProto::INTS) {
    attrFailed = true;
    (void)fail("attribute '" + name + "' must be a list of integers");
    return std::nullopt;
  }
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

FailureOr<SmallVector<int64_t>> Importer::constInts(const Tensor &t,
                                                    StringRef what) {
  if (!t.constant || !isa<IntegerType>(t.elem()))
    return fail(what + " must be an integer tensor known at import time "
                       "(a constant, an initializer, or computed from "
                       "static shapes)");
  SmallVector<int64_t> v;
  for (const APInt &x : t.constant.getValues<APInt>())
    v.push_back(t.elem().isInteger(1) ? x.getZExtValue() : x.getSExtValue());
  return v;
}

FailureOr<int64_t> Importer::normAxis(int64_t axis, int64_t rank,
                                      StringRef what) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1) ||
      (rank == 0 && axis != 0 && axis != -1))
    return fail(what + " " + Twine(axis) + " is out of range for rank " +
                Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

FailureOr<Tensor> Importer::input(int i) {
  if (!hasInput(i))
    return fail("input " + Twine(i) + " is missing");
  auto it = env.find(node->input(i));
  if (it == env.end())
    return fail("input '" + node->input(i) +
                "' is not defined before the node (the graph is not "
                "topologically sorted, or the value does not exist)");
  return it->second;
}

LogicalResult Importer::inputs(int min, int max, SmallVector<Tensor> &out) {
  if (node->input_size() < min || node->input_size() > max)
    return fail("expects " +
                (min == max ? Twine(min) : Twine(min) + " to " + Twine(max)) +
                " inputs, has " + Twine(node->input_size()));
  for (int i = 0; i < node->input_size(); ++i) {
    if (!hasInput(i)) {
      out.push_back(Tensor());
      continue;
    }
    auto t = input(i);
    if (failed(t))
      return failure();
    out.push_back(*t);
  }
  return success();
}

LogicalResult Importer::setOutput(int i, Tensor t) {
  if (i >= node->output_size())
    return fail("expects at least " + Twine(i + 1) + " outputs");
  if (attrFailed)
    return failure();
  const std::string &name = node->output(i);
  if (name.empty())
    return success();
  if (env.count(name))
    return fail("output '" + name + "' is defined twice");
  env[name] = t;
  return success();
}

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

Value Importer::scalar(Type t, double v) {
  if (auto ft = dyn_cast<FloatType>(t))
    return arith::ConstantOp::create(b, loc, FloatAttr::get(ft, v));
  return arith::ConstantOp::create(b, loc,
                                   IntegerAttr::get(t, static_cast<int64_t>(v)));
}

Value Importer::convert(OpBuilder &ob, Location l, Value v, Type to) {
  Type from = v.getType();
  if (from == to)
    return v;
  bool fromF = isa<FloatType>(from), toF = isa<FloatType>(to);
  if (fromF && toF)
    return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
               ? Value(arith::ExtFOp::create(ob, l, to, v))
               : Value(arith::TruncFOp::create(ob, l, to, v));
  if (fromF) {
    if (to.isInteger(1)) {
      Value zero = arith::ConstantOp::create(ob, l, FloatAttr::get(from, 0.0));
      return arith::CmpFOp::create(ob, l, arith::CmpFPredicate::UNE, v, zero);
    }
    return arith::FPToSIOp::create(ob, l, to, v);
  }
  if (toF)
    return from.isInteger(1) ? Value(arith::UIToFPOp::create(ob, l, to, v))
                             : Value(arith::SIToFPOp::create(ob, l, to, v));
  if (to.isInteger(1)) {
    Value zero = arith::ConstantOp::create(ob, l, IntegerAttr::get(from, 0));
    return arith::CmpIOp::create(ob, l, arith::CmpIPredicate::ne, v, zero);
  }
  if (from.isInteger(1))
    return arith::ExtUIOp::create(ob, l, to, v);
  return from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth()
             ? Value(arith::ExtSIOp::create(ob, l, to, v))
             : Value(arith::TruncIOp::create(ob, l, to, v));
}

FailureOr<SmallVector<int64_t>> Importer::broadcast(ArrayRef<Tensor> ins) {
  int64_t rank = 0;
  for (const Tensor &t : ins)
    rank = std::max(rank, t.rank());
  SmallVector<int64_t> out(rank, 1);
  for (const Tensor &t : ins) {
    for (int64_t i = 0; i < t.rank(); ++i) {
      int64_t d = t.shape()[i];
      int64_t &o = out[rank - t.rank() + i];
      if (d == o || d == 1)
        continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string shapes;
      for (const Tensor &u : ins)
        shapes += (shapes.empty() ? "" : " and ") + shapeStr(u.shape());
      return fail("shapes " + shapes + " do not broadcast");
    }
  }
  return out;
}

Value Importer::elementwise(ArrayRef<Value> ins, ArrayRef<int64_t> shape,
                            Type elem, BodyFn body) {
  int64_t rank = shape.size();
  SmallVector<AffineMap> maps;
  for (Value v : ins) {
    auto vt = cast<RankedTensorType>(v.getType());
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < vt.getRank(); ++i) {
      int64_t od = rank - vt.getRank() + i;
      exprs.push_back(vt.getDimSize(i) == 1 && shape[od] != 1
                          ? b.getAffineConstantExpr(0)
                          : b.getAffineDimExpr(od));
    }
    maps.push_back(AffineMap::get(rank, 0, exprs, &ctx));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  Value init = empty(shape, elem);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ins, ValueRange{init}, maps, iters,
      [&](OpBuilder &ob, Location l, ValueRange args) {
        SmallVector<Value> in(args.drop_back());
        Value r = body(ob, l, in);
        linalg::YieldOp::create(ob, l, r);
      });
  return op.getResult(0);
}

Value Importer::indexed(ArrayRef<int64_t> shape, Type elem, BodyFn body) {
  int64_t rank = shape.size();
  Value init = empty(shape, elem);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)}, iters,
      [&](OpBuilder &ob, Location l, ValueRange) {
        SmallVector<Value> ivs;
        for (int64_t i = 0; i < rank; ++i)
          ivs.push_back(linalg::IndexOp::create(ob, l, i));
        linalg::YieldOp::create(ob, l, body(ob, l, ivs));
      });
  return op.getResult(0);
}

Value Importer::reduce(
    Value x, ArrayRef<bool> reduced, Value init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t rank = xt.getRank();
  SmallVector<int64_t> outShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iters;
  for (int64_t i = 0; i < rank; ++i) {
    outShape.push_back(reduced[i] ? 1 : xt.getDimSize(i));
    outExprs.push_back(reduced[i] ? b.getAffineConstantExpr(0)
                                  : b.getAffineDimExpr(i));
    iters.push_back(reduced[i] ? utils::IteratorType::reduction
                               : utils::IteratorType::parallel);
  }
  Value out = linalg::FillOp::create(b, loc, init,
                                     empty(outShape, xt.getElementType()))
                  .getResult(0);
  SmallVector<AffineMap> maps{b.getMultiDimIdentityMap(rank),
                              AffineMap::get(rank, 0, outExprs, &ctx)};
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{out.getType()}, ValueRange{x}, ValueRange{out}, maps,
      iters, [&](OpBuilder &ob, Location l, ValueRange args) {
        linalg::YieldOp::create(ob, l, combine(ob, l, args[1], args[0]));
      });
  return op.getResult(0);
}

/// A copy by a generic (row-major order kept): collapse_shape/expand_shape
/// would bufferize to reshaped views, which the C route cannot express.
Value Importer::reshape(Value x, ArrayRef<int64_t> shape) {
  auto xt = cast<RankedTensorType>(x.getType());
  if (xt.getShape() == shape)
    return x;
  return indexed(shape, xt.getElementType(),
                 [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                   Value lin = arith::ConstantIndexOp::create(ob, l, 0);
                   for (auto [d, iv] : llvm::enumerate(ivs))
                     lin = arith::AddIOp::create(
                         ob, l,
                         arith::MulIOp::create(
                             ob, l, lin, arith::ConstantIndexOp::create(ob, l, shape[d])),
                         iv);
                   SmallVector<Value> idx(xt.getRank());
                   for (int64_t d = xt.getRank() - 1; d >= 0; --d) {
                     Value size = arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d));
                     idx[d] = d == 0 ? lin : arith::RemSIOp::create(ob, l, lin, size).getResult();
                     if (d > 0)
                       lin = arith::DivSIOp::create(ob, l, lin, size);
                   }
                   return tensor::ExtractOp::create(ob, l, x, idx);
                 });
}

Tensor Importer::reshapeTensor(const Tensor &t, ArrayRef<int64_t> shape) {
  Tensor r;
  if (t.constant) {
    DenseElementsAttr c = t.constant;
    r = constantTensor(c.reshape(RankedTensorType::get(shape, t.elem())));
  } else {
    r.value = reshape(t.value, shape);
  }
  // A run-time length survives when its axis keeps its size and the same
  // number of elements precedes it: the valid prefix is still a prefix.
  if (t.length) {
    int64_t before = product(t.shape().take_front(t.lengthAxis));
    int64_t p = 1;
    for (size_t a = 0; a < shape.size(); ++a) {
      if (p == before && shape[a] == t.shape()[t.lengthAxis]) {
        r.lengthAxis = a;
        r.length = t.length;
        break;
      }
      p *= shape[a];
    }
  }
  return r;
}

Value Importer::extractScalar(const Tensor &t) {
  SmallVector<Value> zeros(t.rank(), index(0));
  return tensor::ExtractOp::create(b, loc, t.value, zeros);
}

/// out[i] = x[offs + i * strides], by a generic: a tensor.extract_slice
/// would bufferize to a strided view, which the C route cannot express and
/// which memref.copy would copy with a run-time library call.
Value Importer::slice(Value x, ArrayRef<int64_t> offs, ArrayRef<int64_t> sizes,
                      ArrayRef<int64_t> strides) {
  auto xt = cast<RankedTensorType>(x.getType());
  return indexed(sizes, xt.getElementType(),
                 [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                   SmallVector<Value> idx;
                   for (auto [d, iv] : llvm::enumerate(ivs)) {
                     Value v = iv;
                     if (strides[d] != 1)
                       v = arith::MulIOp::create(
                           ob, l, v, arith::ConstantIndexOp::create(ob, l, strides[d]));
                     if (offs[d] != 0)
                       v = arith::AddIOp::create(
                           ob, l, v, arith::ConstantIndexOp::create(ob, l, offs[d]));
                     idx.push_back(v);
                   }
                   return tensor::ExtractOp::create(ob, l, x, idx);
                 });
}

/// `x` placed at offset `lo` in a tensor of `shape` filled with `padValue`.
/// A generic rather than tensor.pad, whose bufferization copies into a
/// strided view (a run-time library call).
Value Importer::pad(Value x, ArrayRef<int64_t> lo, ArrayRef<int64_t> shape,
                    Value padValue) {
  auto xt = cast<RankedTensorType>(x.getType());
  return indexed(shape, xt.getElementType(),
                 [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                   Value inside = arith::ConstantOp::create(ob, l, ob.getBoolAttr(true));
                   SmallVector<Value> idx;
                   for (auto [d, iv] : llvm::enumerate(ivs)) {
                     Value local = arith::SubIOp::create(
                         ob, l, iv, arith::ConstantIndexOp::create(ob, l, lo[d]));
                     Value size = arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d));
                     Value zero = arith::ConstantIndexOp::create(ob, l, 0);
                     Value ok = arith::AndIOp::create(
                         ob, l,
                         arith::CmpIOp::create(ob, l, arith::CmpIPredicate::sge, local, zero),
                         arith::CmpIOp::create(ob, l, arith::CmpIPredicate::slt, local, size));
                     inside = arith::AndIOp::create(ob, l, inside, ok);
                     idx.push_back(arith::MinSIOp::create(
                         ob, l, arith::MaxSIOp::create(ob, l, local, zero),
                         arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d) - 1)));
                   }
                   Value v = tensor::ExtractOp::create(ob, l, x, idx);
                   return arith::SelectOp::create(ob, l, inside, v, padValue);
                 });
}

Value Importer::transpose(Value x, ArrayRef<int64_t> perm) {
  auto xt = cast<RankedTensorType>(x.getType());
  bool identity = true;
  for (auto [i, p] : llvm::enumerate(perm))
    identity &= int64_t(i) == p;
  if (identity)
    return x;
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(xt.getDimSize(p));
  Value init = empty(shape, xt.getElementType());
  return linalg::TransposeOp::create(b, loc, x, init, perm).getResult()[0];
}

/// Shape arithmetic (Shape -> Gather -> Mul -> Concat -> Reshape) is folded
/// here so that Reshape and friends see constants. Only exact operations are
/// folded: integers, and single IEEE operations computed in double and
/// rounded once to f32 (as exact as f32 arithmetic itself).
FailureOr<Tensor>
Importer::foldElementwise(ArrayRef<Tensor> ins, Type elem,
                          ArrayRef<int64_t> shape,
                          function_ref<double(ArrayRef<double>)> fn) {
  int64_t n = product(shape);
  SmallVector<SmallVector<double>> vals;
  for (const Tensor &t : ins) {
    SmallVector<double> v;
    if (isa<FloatType>(t.elem()))
      for (APFloat x : t.constant.getValues<APFloat>())
        v.push_back(x.convertToDouble());
    else
      for (APInt x : t.constant.getValues<APInt>())
        v.push_back(t.elem().isInteger(1) ? double(x.getZExtValue())
                                          : double(x.getSExtValue()));
    vals.push_back(std::move(v));
  }
  int64_t rank = shape.size();
  SmallVector<APInt> ints;
  SmallVector<APFloat> floats;
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t rem = k;
    for (int64_t d = rank - 1; d >= 0; --d) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    SmallVector<double> args;
    for (auto [t, v] : llvm::zip(ins, vals)) {
      int64_t off = 0;
      for (int64_t i = 0; i < t.rank(); ++i) {
        int64_t od = rank - t.rank() + i;
        off = off * t.shape()[i] + (t.shape()[i] == 1 ? 0 : idx[od]);
      }
      args.push_back(v[off]);
    }
    double r = fn(args);
    if (auto ft = dyn_cast<FloatType>(elem)) {
      APFloat f(r);
      bool lost;
      f.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      floats.push_back(f);
    } else {
      ints.push_back(APInt(elem.getIntOrFloatBitWidth(), int64_t(r),
                           /*isSigned=*/true, /*implicitTrunc=*/true));
    }
  }
  auto type = RankedTensorType::get(shape, elem);
  return constantTensor(isa<FloatType>(elem)
                            ? DenseElementsAttr::get(type, floats)
                            : DenseElementsAttr::get(type, ints));
}

/// The run-time length an elementwise result inherits from its inputs.
static void inheritLength(Tensor &out, ArrayRef<Tensor> ins,
                          ArrayRef<int64_t> shape) {
  for (const Tensor &t : ins) {
    if (!t.length)
      continue;
    int64_t od = shape.size() - t.rank() + t.lengthAxis;
    if (shape[od] == t.shape()[t.lengthAxis]) {
      out.length = t.length;
      out.lengthAxis = od;
      return;
    }
  }
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

static bool allConstant(ArrayRef<Tensor> ts, int64_t limit) {
  for (const Tensor &t : ts)
    if (!t.constant || t.constant.getNumElements() > limit)
      return false;
  return true;
}

LogicalResult Importer::binary(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  if (in[0].elem() != in[1].elem())
    return fail("operand element types differ");
  auto shape = broadcast(in);
  if (failed(shape))
    return failure();
  Type et = in[0].elem();
  bool isF = isa<FloatType>(et);
  if ((op == "And" || op == "Or") && !et.isInteger(1))
    return fail("expects boolean operands");
  if (allConstant(in, kMaxFoldElements) && product(*shape) <= kMaxFoldElements &&
      op != "Pow") {
    auto fn = [&](ArrayRef<double> a) -> double {
      if (op == "Add") return a[0] + a[1];
      if (op == "Sub") return a[0] - a[1];
      if (op == "Mul") return a[0] * a[1];
      if (op == "And") return a[0] != 0 && a[1] != 0;
      if (op == "Or") return a[0] != 0 || a[1] != 0;
      // Div: integer division truncates (ONNX Runtime's int64 Div).
      if (isF) return a[0] / a[1];
      return a[1] == 0 ? 0 : std::trunc(a[0] / a[1]);
    };
    auto r = foldElementwise(in, et, *shape, fn);
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  Tensor out;
  out.value = elementwise(
      {in[0].value, in[1].value}, *shape, et,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        if (op == "Add")
          return isF ? Value(arith::AddFOp::create(ob, l, a[0], a[1]))
                     : Value(arith::AddIOp::create(ob, l, a[0], a[1]));
        if (op == "Sub")
          return isF ? Value(arith::SubFOp::create(ob, l, a[0], a[1]))
                     : Value(arith::SubIOp::create(ob, l, a[0], a[1]));
        if (op == "Mul")
          return isF ? Value(arith::MulFOp::create(ob, l, a[0], a[1]))
                     : Value(arith::MulIOp::create(ob, l, a[0], a[1]));
        if (op == "And")
          return arith::AndIOp::create(ob, l, a[0], a[1]);
        if (op == "Or")
          return arith::OrIOp::create(ob, l, a[0], a[1]);
        if (op == "Pow") {
          if (isF)
            return math::PowFOp::create(ob, l, a[0], a[1]);
          return math::IPowIOp::create(ob, l, a[0], a[1]);
        }
        if (isF)
          return arith::DivFOp::create(ob, l, a[0], a[1]);
        // Integer division by zero is undefined in ONNX; it must not be
        // undefined behaviour (a trap) in the generated code, e.g. on
        // padding rows past a run-time length.
        Value zero = arith::ConstantOp::create(ob, l, IntegerAttr::get(et, 0));
        Value one = arith::ConstantOp::create(ob, l, IntegerAttr::get(et, 1));
        Value isZero = arith::CmpIOp::create(ob, l, arith::CmpIPredicate::eq,
                                             a[1], zero);
        Value d = arith::SelectOp::create(ob, l, isZero, one, a[1]);
        return arith::DivSIOp::create(ob, l, a[0], d);
      });
  inheritLength(out, in, *shape);
  return setOutput(0, out);
}

LogicalResult Importer::variadic(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 64, in)))
    return failure();
  for (const Tensor &t : in)
    if (!t.value || t.elem() != in[0].elem())
      return fail("operands must be present and of one element type");
  auto shape = broadcast(in);
  if (failed(shape))
    return failure();
  Type et = in[0].elem();
  bool isF = isa<FloatType>(et);
  auto combine = [&](OpBuilder &ob, Location l, Value x, Value y) -> Value {
    if (op == "Sum")
      return isF ? Value(arith::AddFOp::create(ob, l, x, y))
                 : Value(arith::AddIOp::create(ob, l, x, y));
    if (op == "Min")
      return isF ? Value(arith::MinimumFOp::create(ob, l, x, y))
                 : Value(arith::MinSIOp::create(ob, l, x, y));
    return isF ? Value(arith::MaximumFOp::create(ob, l, x, y))
               : Value(arith::MaxSIOp::create(ob, l, x, y));
  };
  if (allConstant(in, kMaxFoldElements) && product(*shape) <= kMaxFoldElements) {
    auto r = foldElementwise(in, et, *shape, [&](ArrayRef<double> a) {
      double r = a[0];
      for (double x : a.drop_front())
        r = op == "Sum" ? r + x : op == "Min" ? std::min(r, x) : std::max(r, x);
      return r;
    });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  SmallVector<Value> vals;
  for (const Tensor &t : in)
    vals.push_back(t.value);
  Tensor out;
  out.value = elementwise(vals, *shape, et,
                          [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                            Value r = a[0];
                            for (Value x : a.drop_front())
                              r = combine(ob, l, r, x);
                            return r;
                          });
  inheritLength(out, in, *shape);
  return setOutput(0, out);
}

LogicalResult Importer::compare(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  if (in[0].elem() != in[1].elem())
    return fail("operand element types differ");
  auto shape = broadcast(in);
  if (failed(shape))
    return failure();
  bool isF = isa<FloatType>(in[0].elem());
  if (allConstant(in, kMaxFoldElements) && product(*shape) <= kMaxFoldElements) {
    auto r = foldElementwise(in, b.getI1Type(), *shape, [&](ArrayRef<double> a) {
      if (op == "Greater") return double(a[0] > a[1]);
      if (op == "Less") return double(a[0] < a[1]);
      if (op == "GreaterOrEqual") return double(a[0] >= a[1]);
      if (op == "LessOrEqual") return double(a[0] <= a[1]);
      return double(a[0] == a[1]);
    });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  Tensor out;
  out.value = elementwise(
      {in[0].value, in[1].value}, *shape, b.getI1Type(),
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        if (isF) {
          auto p = op == "Greater"          ? arith::CmpFPredicate::OGT
                   : op == "Less"           ? arith::CmpFPredicate::OLT
                   : op == "GreaterOrEqual" ? arith::CmpFPredicate::OGE
                   : op == "LessOrEqual"    ? arith::CmpFPredicate::OLE
                                            : arith::CmpFPredicate::OEQ;
          return arith::CmpFOp::create(ob, l, p, a[0], a[1]);
        }
        auto p = op == "Greater"          ? arith::CmpIPredicate::sgt
                 : op == "Less"           ? arith::CmpIPredicate::slt
                 : op == "GreaterOrEqual" ? arith::CmpIPredicate::sge
                 : op == "LessOrEqual"    ? arith::CmpIPredicate::sle
                                          : arith::CmpIPredicate::eq;
        return arith::CmpIOp::create(ob, l, p, a[0], a[1]);
      });
  inheritLength(out, in, *shape);
  return setOutput(0, out);
}

LogicalResult Importer::unary(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  Type et = in[0].elem();
  bool isF = isa<FloatType>(et);
  bool floatOnly = op != "Neg" && op != "Abs" && op != "Relu" && op != "Not";
  if ((floatOnly && !isF) || (op == "Not" && !et.isInteger(1)))
    return fail("unsupported element type for " + op);
  float alpha = attrFloat("alpha", op == "HardSigmoid" ? 0.2f : 0.0f);
  float beta = attrFloat("beta", 0.5f);
  Tensor out;
  out.value = elementwise(
      {in[0].value}, in[0].shape(), et,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value x = a[0];
        auto c = [&](double v) -> Value {
          if (isF)
            return arith::ConstantOp::create(ob, l, FloatAttr::get(et, v));
          return arith::ConstantOp::create(ob, l,
                                           IntegerAttr::get(et, int64_t(v)));
        };
        auto hardSigmoid = [&](Value v, double al, double be) -> Value {
          Value y = arith::AddFOp::create(
              ob, l, arith::MulFOp::create(ob, l, v, c(al)), c(be));
          y = arith::MaximumFOp::create(ob, l, y, c(0));
          return arith::MinimumFOp::create(ob, l, y, c(1));
        };
        if (op == "Exp") return math::ExpOp::create(ob, l, x);
        if (op == "Log") return math::LogOp::create(ob, l, x);
        if (op == "Sqrt") return math::SqrtOp::create(ob, l, x);
        if (op == "Tanh") return math::TanhOp::create(ob, l, x);
        if (op == "Floor") return math::FloorOp::create(ob, l, x);
        if (op == "Ceil") return math::CeilOp::create(ob, l, x);
        if (op == "Reciprocal") return arith::DivFOp::create(ob, l, c(1), x);
        if (op == "Not")
          return arith::XOrIOp::create(
              ob, l, x, arith::ConstantOp::create(ob, l, ob.getBoolAttr(true)));
        if (op == "Neg")
          return isF ? Value(arith::NegFOp::create(ob, l, x))
                     : Value(arith::SubIOp::create(ob, l, c(0), x));
        if (op == "Abs")
          return isF ? Value(math::AbsFOp::create(ob, l, x))
                     : Value(math::AbsIOp::create(ob, l, x));
        if (op == "Relu")
          return isF ? Value(arith::MaximumFOp::create(ob, l, x, c(0)))
                     : Value(arith::MaxSIOp::create(ob, l, x, c(0)));
        if (op == "HardSigmoid")
          return hardSigmoid(x, alpha, beta);
        if (op == "HardSwish")
          return arith::MulFOp::create(ob, l, x,
                                       hardSigmoid(x, 1.0 / 6.0, 0.5));
        // Sigmoid: 1 / (1 + exp(-x)).
        Value e = math::ExpOp::create(ob, l, arith::NegFOp::create(ob, l, x));
        return arith::DivFOp::create(ob, l, c(1),
                                     arith::AddFOp::create(ob, l, c(1), e));
      });
  inheritLength(out, in, in[0].shape());
  return setOutput(0, out);
}

LogicalResult Importer::opIdentity() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  return setOutput(0, in[0]);
}

LogicalResult Importer::opConstant() {
  const onnx::AttributeProto *a = nullptr;
  for (const auto &x : node->attribute())
    if (!a)
      a = &x;
  if (!a || node->attribute_size() != 1)
    return fail("expects exactly one attribute");
  DenseElementsAttr value;
  if (a->name() == "value" && a->type() == onnx::AttributeProto::TENSOR) {
    auto v = tensorProtoAttr(a->t());
    if (failed(v))
      return failure();
    value = *v;
  } else if (a->name() == "value_float" && a->type() == onnx::AttributeProto::FLOAT) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()), a->f());
  } else if (a->name() == "value_floats" && a->type() == onnx::AttributeProto::FLOATS) {
    SmallVector<float> v(a->floats().begin(), a->floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, b.getF32Type()), ArrayRef<float>(v));
  } else if (a->name() == "value_int" && a->type() == onnx::AttributeProto::INT) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                   int64_t(a->i()));
  } else if (a->name() == "value_ints" && a->type() == onnx::AttributeProto::INTS) {
    SmallVector<int64_t> v(a->ints().begin(), a->ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(v.size())}, b.getI64Type()), ArrayRef<int64_t>(v));
  } else {
    return fail("unsupported attribute '" + a->name() + "'");
  }
  return setOutput(0, constantTensor(value));
}

LogicalResult Importer::opCast() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t to = attrInt("to", -1);
  Type et = elementType(to);
  if (!et)
    return fail("cannot cast to element type " + onnxTypeName(to));
  if (in[0].constant && in[0].constant.getNumElements() <= kMaxFoldElements &&
      (isa<IntegerType>(et) == isa<IntegerType>(in[0].elem()))) {
    auto r = foldElementwise(in, et, in[0].shape(),
                             [&](ArrayRef<double> a) { return a[0]; });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  Tensor out;
  out.value = elementwise({in[0].value}, in[0].shape(), et,
                          [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                            return convert(ob, l, a[0], et);
                          });
  inheritLength(out, in, in[0].shape());
  return setOutput(0, out);
}

LogicalResult Importer::opClip() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 3, in)))
    return failure();
  Type et = in[0].elem();
  if (!isa<FloatType>(et))
    return fail("expects a float input");
  SmallVector<Value> vals{in[0].value};
  std::optional<double> lo, hi;
  if (opset < 11) {
    lo = attrFloat("min", -std::numeric_limits<float>::infinity());
    hi = attrFloat("max", std::numeric_limits<float>::infinity());
  }
  int loIdx = -1, hiIdx = -1;
  for (int i = 1; i < 3; ++i) {
    if (i >= int(in.size()) || !in[i].value)
      continue;
    if (in[i].elem() != et || product(in[i].shape()) != 1)
      return fail("min and max must be scalars of the input's type");
    (i == 1 ? loIdx : hiIdx) = vals.size();
    vals.push_back(reshape(in[i].value, {}));
  }
  Tensor out;
  out.value = elementwise(
      vals, in[0].shape(), et,
      [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
        Value x = a[0];
        // ONNX Runtime: min(max(x, lo), hi).
        if (loIdx >= 0)
          x = arith::MaximumFOp::create(ob, l, x, a[loIdx]);
        else if (lo)
          x = arith::MaximumFOp::create(
              ob, l, x, arith::ConstantOp::create(ob, l, FloatAttr::get(et, *lo)));
        if (hiIdx >= 0)
          x = arith::MinimumFOp::create(ob, l, x, a[hiIdx]);
        else if (hi)
          x = arith::MinimumFOp::create(
              ob, l, x, arith::ConstantOp::create(ob, l, FloatAttr::get(et, *hi)));
        return x;
      });
  inheritLength(out, in, in[0].shape());
  return setOutput(0, out);
}

LogicalResult Importer::opWhere() {
  SmallVector<Tensor> in;
  if (failed(inputs(3, 3, in)))
    return failure();
  if (!in[0].elem().isInteger(1) || in[1].elem() != in[2].elem())
    return fail("expects a boolean condition and two operands of one type");
  auto shape = broadcast(in);
  if (failed(shape))
    return failure();
  if (allConstant(in, kMaxFoldElements) && product(*shape) <= kMaxFoldElements) {
    auto r = foldElementwise(in, in[1].elem(), *shape, [](ArrayRef<double> a) {
      return a[0] != 0 ? a[1] : a[2];
    });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  Tensor out;
  out.value = elementwise({in[0].value, in[1].value, in[2].value}, *shape,
                          in[1].elem(),
                          [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                            return arith::SelectOp::create(ob, l, a[0], a[1], a[2]);
                          });
  inheritLength(out, in, *shape);
  return setOutput(0, out);
}

//===----------------------------------------------------------------------===//
// Shapes and data movement
//===----------------------------------------------------------------------===//

LogicalResult Importer::opShape() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  int64_t start = attrInt("start", 0), end = attrInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<int64_t> dims;
  for (int64_t i = start; i < end; ++i)
    dims.push_back(in[0].shape()[i]);
  auto type = RankedTensorType::get({int64_t(dims.size())}, b.getI64Type());
  if (!in[0].length || in[0].lengthAxis < start || in[0].lengthAxis >= end)
    return setOutput(0, constantTensor(DenseElementsAttr::get(type, ArrayRef<int64_t>(dims))));
  // A data-dependent dimension: its run-time length.
  SmallVector<Value> elems;
  for (int64_t i = start; i < end; ++i)
    elems.push_back(i == in[0].lengthAxis
                        ? Value(arith::IndexCastOp::create(b, loc, b.getI64Type(),
                                                           in[0].length))
                        : Value(arith::ConstantOp::create(
                              b, loc, b.getI64IntegerAttr(in[0].shape()[i]))));
  Tensor out;
  out.value = tensor::FromElementsOp::create(b, loc, type, elems);
  return setOutput(0, out);
}

LogicalResult Importer::opReshape() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  auto target = constInts(in[1], "the shape");
  if (failed(target))
    return failure();
  bool allowZero = attrInt("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t infer = -1, known = 1;
  for (auto [i, d] : llvm::enumerate(*target)) {
    if (d == 0 && !allowZero) {
      if (int64_t(i) >= in[0].rank())
        return fail("shape entry 0 at " + Twine(i) + " copies a dimension the input does not have");
      d = in[0].shape()[i];
    }
    if (d == -1) {
      if (infer >= 0)
        return fail("shape has more than one -1");
      infer = i;
      shape.push_back(1);
      continue;
    }
    if (d < 0)
      return fail("shape entry " + Twine(d) + " is invalid");
    shape.push_back(d);
    if (d > 0 && known > kMaxElements / d)
      return fail("shape is too large");
    known *= d;
  }
  int64_t n = product(in[0].shape());
  if (infer >= 0) {
    if (known == 0 || n % known)
      return fail("cannot infer the -1 of shape " + shapeStr(*target) +
                  " for an input of shape " + shapeStr(in[0].shape()));
    shape[infer] = n / known;
  } else if (known != n) {
    return fail("shape " + shapeStr(shape) + " does not hold the " + Twine(n) +
                " elements of an input of shape " + shapeStr(in[0].shape()));
  }
  return setOutput(0, reshapeTensor(in[0], shape));
}

LogicalResult Importer::opFlatten() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  int64_t axis = attrInt("axis", 1);
  if (axis < -rank || axis > rank)
    return fail("axis " + Twine(axis) + " is out of range");
  if (axis < 0)
    axis += rank;
  return setOutput(0, reshapeTensor(in[0], {product(in[0].shape().take_front(axis)),
                                            product(in[0].shape().drop_front(axis))}));
}

LogicalResult Importer::opUnsqueeze() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  SmallVector<int64_t> axes;
  if (opset >= 13) {
    if (in.size() < 2 || !in[1].value)
      return fail("expects the axes input");
    auto a = constInts(in[1], "axes");
    if (failed(a))
      return failure();
    axes = *a;
  } else {
    axes = attrInts("axes").value_or(SmallVector<int64_t>{});
  }
  int64_t rank = in[0].rank() + axes.size();
  SmallVector<bool> isNew(rank, false);
  for (int64_t a : axes) {
    auto na = normAxis(a, rank);
    if (failed(na))
      return failure();
    if (isNew[*na])
      return fail("axis " + Twine(a) + " is repeated");
    isNew[*na] = true;
  }
  SmallVector<int64_t> shape;
  int64_t j = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(isNew[i] ? 1 : in[0].shape()[j++]);
  return setOutput(0, reshapeTensor(in[0], shape));
}

LogicalResult Importer::opSqueeze() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  std::optional<SmallVector<int64_t>> axes;
  if (opset >= 13) {
    if (in.size() >= 2 && in[1].value) {
      auto a = constInts(in[1], "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  } else {
    axes = attrInts("axes");
  }
  int64_t rank = in[0].rank();
  SmallVector<bool> drop(rank, false);
  if (axes) {
    for (int64_t a : *axes) {
      auto na = normAxis(a, rank);
      if (failed(na))
        return failure();
      if (in[0].shape()[*na] != 1)
        return fail("cannot squeeze axis " + Twine(a) + " of size " +
                    Twine(in[0].shape()[*na]));
      drop[*na] = true;
    }
  } else {
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = in[0].shape()[i] == 1;
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      shape.push_back(in[0].shape()[i]);
  return setOutput(0, reshapeTensor(in[0], shape));
}

LogicalResult Importer::opTranspose() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  SmallVector<int64_t> perm;
  if (auto p = attrInts("perm")) {
    perm = *p;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  SmallVector<bool> seen(rank, false);
  if (int64_t(perm.size()) != rank)
    return fail("perm has " + Twine(perm.size()) + " entries for rank " + Twine(rank));
  for (int64_t p : perm) {
    if (p < 0 || p >= rank || seen[p])
      return fail("perm " + shapeStr(perm) + " is not a permutation");
    seen[p] = true;
  }
  Tensor out;
  out.value = transpose(in[0].value, perm);
  if (in[0].length)
    for (int64_t i = 0; i < rank; ++i)
      if (perm[i] == in[0].lengthAxis) {
        out.lengthAxis = i;
        out.length = in[0].length;
      }
  return setOutput(0, out);
}

LogicalResult Importer::opConcat() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1024, in)))
    return failure();
  for (const Tensor &t : in)
    if (!t.value || t.rank() != in[0].rank() || t.elem() != in[0].elem())
      return fail("operands must be present, of one rank and one element type");
  auto axisOr = normAxis(attrInt("axis", 0), in[0].rank());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  SmallVector<int64_t> shape(in[0].shape());
  shape[axis] = 0;
  for (const Tensor &t : in) {
    for (int64_t i = 0; i < t.rank(); ++i)
      if (i != axis && t.shape()[i] != shape[i])
        return fail("operand shapes " + shapeStr(in[0].shape()) + " and " +
                    shapeStr(t.shape()) + " differ outside axis " + Twine(axis));
    if (t.length && t.lengthAxis == axis && in.size() > 1)
      return fail("concatenating along an axis with a data-dependent length "
                  "is not supported");
    shape[axis] += t.shape()[axis];
  }
  if (allConstant(in, kMaxFoldElements) && in[0].rank() == 1) {
    SmallVector<Attribute> vals;
    for (const Tensor &t : in)
      llvm::append_range(vals, t.constant.getValues<Attribute>());
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            RankedTensorType::get(shape, in[0].elem()), vals)));
  }
  // One generic over the result: each element is read from the operand
  // whose range holds it (reads of the others are clamped in bounds and
  // discarded). An insert_slice per operand would bufferize to copies into
  // strided views, which need a run-time library call.
  Value acc = indexed(shape, in[0].elem(),
                      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                        Value r;
                        int64_t off = 0;
                        for (const Tensor &t : in) {
                          int64_t size = t.shape()[axis];
                          if (size == 0)
                            continue;
                          Value lo = arith::ConstantIndexOp::create(ob, l, off);
                          Value local = arith::SubIOp::create(ob, l, ivs[axis], lo);
                          Value clamped = arith::MinSIOp::create(
                              ob, l, arith::MaxSIOp::create(ob, l, local, arith::ConstantIndexOp::create(ob, l, 0)),
                              arith::ConstantIndexOp::create(ob, l, size - 1));
                          SmallVector<Value> idx(ivs);
                          idx[axis] = clamped;
                          Value v = tensor::ExtractOp::create(ob, l, t.value, idx);
                          if (!r) {
                            r = v;
                          } else {
                            Value inside = arith::CmpIOp::create(ob, l, arith::CmpIPredicate::sge, ivs[axis], lo);
                            r = arith::SelectOp::create(ob, l, inside, v, r);
                          }
                          off += size;
                        }
                        return r ? r : arith::ConstantOp::create(ob, l, ob.getZeroAttr(in[0].elem())).getResult();
                      });
  Tensor out;
  out.value = acc;
  for (const Tensor &t : in)
    if (t.length && !out.length) {
      out.length = t.length;
      out.lengthAxis = t.lengthAxis;
    }
  return setOutput(0, out);
}

LogicalResult Importer::opSplit() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  auto axisOr = normAxis(attrInt("axis", 0), in[0].rank());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr, dim = in[0].shape()[axis];
  SmallVector<int64_t> sizes;
  if (opset >= 13 && in.size() > 1 && in[1].value) {
    auto s = constInts(in[1], "split");
    if (failed(s))
      return failure();
    sizes = *s;
  } else if (auto s = attrInts("split")) {
    sizes = *s;
  } else {
    int64_t parts = node->output_size();
    if (parts == 0 || dim % parts)
      return fail("cannot split " + Twine(dim) + " into " + Twine(parts) + " equal parts");
    sizes.assign(parts, dim / parts);
  }
  if (int64_t(sizes.size()) != node->output_size())
    return fail("has " + Twine(node->output_size()) + " outputs but " +
                Twine(sizes.size()) + " split sizes");
  int64_t total = 0;
  for (int64_t s : sizes) {
    if (s < 0)
      return fail("negative split size");
    total += s;
  }
  if (total != dim)
    return fail("split sizes add up to " + Twine(total) + ", axis " +
                Twine(axis) + " has " + Twine(dim));
  if (in[0].length && in[0].lengthAxis == axis)
    return fail("splitting along an axis with a data-dependent length is not supported");
  int64_t off = 0;
  for (auto [i, s] : llvm::enumerate(sizes)) {
    Tensor out;
    SmallVector<int64_t> o(in[0].rank(), 0), sz(in[0].shape()), st(in[0].rank(), 1);
    o[axis] = off;
    sz[axis] = s;
    out.value = slice(in[0].value, o, sz, st);
    out.length = in[0].length;
    out.lengthAxis = in[0].lengthAxis;
    if (failed(setOutput(i, out)))
      return failure();
    off += s;
  }
  return success();
}

LogicalResult Importer::opSlice() {
  SmallVector<Tensor> in;
  if (failed(inputs(opset >= 10 ? 3 : 1, opset >= 10 ? 5 : 1, in)))
    return failure();
  int64_t rank = in[0].rank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset >= 10) {
    auto s = constInts(in[1], "starts");
    auto e = constInts(in[2], "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (in.size() > 3 && in[3].value) {
      auto a = constInts(in[3], "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (in.size() > 4 && in[4].value) {
      auto st = constInts(in[4], "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  } else {
    starts = attrInts("starts").value_or(SmallVector<int64_t>{});
    ends = attrInts("ends").value_or(SmallVector<int64_t>{});
    axes = attrInts("axes").value_or(SmallVector<int64_t>{});
  }
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return fail("starts, ends, axes and steps differ in length");
  SmallVector<int64_t> offs(rank, 0), sizes(in[0].shape()), strides(rank, 1);
  SmallVector<bool> seen(rank, false);
  Value length = in[0].length;
  for (size_t k = 0; k < axes.size(); ++k) {
    auto a = normAxis(axes[k], rank);
    if (failed(a))
      return failure();
    if (seen[*a])
      return fail("axis " + Twine(axes[k]) + " is repeated");
    seen[*a] = true;
    int64_t dim = in[0].shape()[*a], step = steps[k];
    if (step == 0)
      return fail("step 0");
    // ONNX's clamping of starts and ends.
    auto clampIdx = [&](int64_t v, int64_t lo, int64_t hi) {
      if (v < 0)
        v = v < -dim ? lo : v + dim;
      return std::clamp<int64_t>(v, lo, hi);
    };
    int64_t s, e;
    if (step > 0) {
      s = clampIdx(starts[k], 0, dim);
      e = clampIdx(ends[k], 0, dim);
    } else {
      s = clampIdx(starts[k], -1, dim - 1);
      e = clampIdx(ends[k], -1, dim - 1);
      if (starts[k] < -dim) s = -1;
      if (ends[k] < -dim) e = -1;
    }
    int64_t n = step > 0 ? std::max<int64_t>(0, (e - s + step - 1) / step)
                         : std::max<int64_t>(0, (s - e + (-step) - 1) / (-step));
    if (in[0].length && in[0].lengthAxis == *a) {
      if (s != 0 || step != 1)
        return fail("slicing an axis with a data-dependent length is only "
                    "supported from 0 with step 1");
      length = arith::MinSIOp::create(b, loc, in[0].length, index(n));
    }
    offs[*a] = s;
    sizes[*a] = n;
    strides[*a] = step;
  }
  if (in[0].constant && rank == 1 && in[0].constant.getNumElements() <= kMaxFoldElements) {
    auto all = llvm::to_vector(in[0].constant.getValues<Attribute>());
    SmallVector<Attribute> vals;
    for (int64_t i = 0; i < sizes[0]; ++i)
      vals.push_back(all[offs[0] + i * strides[0]]);
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            RankedTensorType::get(sizes, in[0].elem()), vals)));
  }
  Tensor out;
  out.value = slice(in[0].value, offs, sizes, strides);
  out.length = length;
  out.lengthAxis = in[0].lengthAxis;
  return setOutput(0, out);
}

/// An index read from an indices tensor, made valid for a dimension of size
/// `dim`: negative indices count from the end (ONNX), and out-of-range ones
/// (undefined in ONNX, e.g. in padding rows past a run-time length) are
/// clamped so the generated code never reads out of bounds.
static Value normIndex(OpBuilder &ob, Location l, Value idx, int64_t dim) {
  Type it = idx.getType();
  if (!it.isIndex())
    idx = arith::IndexCastOp::create(ob, l, ob.getIndexType(), idx);
  Value d = arith::ConstantIndexOp::create(ob, l, dim);
  Value zero = arith::ConstantIndexOp::create(ob, l, 0);
  Value neg = arith::CmpIOp::create(ob, l, arith::CmpIPredicate::slt, idx, zero);
  idx = arith::SelectOp::create(ob, l, neg, arith::AddIOp::create(ob, l, idx, d), idx);
  idx = arith::MaxSIOp::create(ob, l, idx, zero);
  return arith::MinSIOp::create(ob, l, idx, arith::ConstantIndexOp::create(ob, l, dim - 1));
}

LogicalResult Importer::opGather() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  const Tensor &data = in[0], &ind = in[1];
  if (!isa<IntegerType>(ind.elem()) || ind.elem().isInteger(1))
    return fail("indices must be integers");
  auto axisOr = normAxis(attrInt("axis", 0), data.rank());
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr, dim = data.shape()[axis];
  if (dim == 0)
    return fail("gathers from an empty axis");
  SmallVector<int64_t> shape(data.shape().take_front(axis));
  llvm::append_range(shape, ind.shape());
  llvm::append_range(shape, data.shape().drop_front(axis + 1));
  if (data.constant && ind.constant && product(shape) <= kMaxFoldElements &&
      data.rank() == 1) {
    auto all = llvm::to_vector(data.constant.getValues<Attribute>());
    SmallVector<Attribute> vals;
    auto idx = constInts(ind, "indices");
    if (failed(idx))
      return failure();
    for (int64_t i : *idx) {
      if (i < -dim || i >= dim)
        return fail("index " + Twine(i) + " is out of range for size " + Twine(dim));
      vals.push_back(all[i < 0 ? i + dim : i]);
    }
    return setOutput(0, constantTensor(DenseElementsAttr::get(
                            RankedTensorType::get(shape, data.elem()), vals)));
  }
  int64_t ir = ind.rank();
  Tensor out;
  out.value = indexed(shape, data.elem(),
                      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                        SmallVector<Value> ii(ivs.slice(axis, ir));
                        Value i = tensor::ExtractOp::create(ob, l, ind.value, ii);
                        SmallVector<Value> di(ivs.take_front(axis));
                        di.push_back(normIndex(ob, l, i, dim));
                        llvm::append_range(di, ivs.drop_front(axis + ir));
                        return tensor::ExtractOp::create(ob, l, data.value, di);
                      });
  if (ind.length) {
    out.length = ind.length;
    out.lengthAxis = axis + ind.lengthAxis;
  } else if (data.length && data.lengthAxis != axis) {
    out.length = data.length;
    out.lengthAxis = data.lengthAxis < axis ? data.lengthAxis
                                            : data.lengthAxis - 1 + ir;
  }
  return setOutput(0, out);
}

LogicalResult Importer::opGatherND() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  const Tensor &data = in[0], &ind = in[1];
  if (attrInt("batch_dims", 0) != 0)
    return fail("batch_dims other than 0 is not supported");
  if (ind.rank() < 1 || !isa<IntegerType>(ind.elem()))
    return fail("indices must be an integer tensor of rank >= 1");
  int64_t k = ind.shape().back();
  if (k < 1 || k > data.rank())
    return fail("the last dimension of indices (" + Twine(k) +
                ") must be between 1 and the rank of data");
  SmallVector<int64_t> shape(ind.shape().drop_back());
  int64_t lead = shape.size();
  llvm::append_range(shape, data.shape().drop_front(k));
  Tensor out;
  out.value = indexed(shape, data.elem(),
                      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                        SmallVector<Value> di;
                        for (int64_t j = 0; j < k; ++j) {
                          SmallVector<Value> ii(ivs.take_front(lead));
                          ii.push_back(arith::ConstantIndexOp::create(ob, l, j));
                          Value i = tensor::ExtractOp::create(ob, l, ind.value, ii);
                          di.push_back(normIndex(ob, l, i, data.shape()[j]));
                        }
                        llvm::append_range(di, ivs.drop_front(lead));
                        return tensor::ExtractOp::create(ob, l, data.value, di);
                      });
  if (ind.length && ind.lengthAxis < lead) {
    out.length = ind.length;
    out.lengthAxis = ind.lengthAxis;
  }
  return setOutput(0, out);
}

LogicalResult Importer::opExpand() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  auto target = constInts(in[1], "the shape");
  if (failed(target))
    return failure();
  Tensor shapeT;
  shapeT.value = empty(*target, in[0].elem());
  for (int64_t d : *target)
    if (d < 0)
      return fail("negative dimension in the shape");
  auto shape = broadcast({in[0], shapeT});
  if (failed(shape))
    return failure();
  if (in[0].constant && product(*shape) <= kMaxFoldElements) {
    auto r = foldElementwise({in[0]}, in[0].elem(), *shape,
                             [](ArrayRef<double> a) { return a[0]; });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  Tensor out;
  out.value = elementwise({in[0].value}, *shape, in[0].elem(),
                          [](OpBuilder &, Location, ArrayRef<Value> a) { return a[0]; });
  inheritLength(out, in, *shape);
  return setOutput(0, out);
}

LogicalResult Importer::opTile() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  auto reps = constInts(in[1], "repeats");
  if (failed(reps))
    return failure();
  if (int64_t(reps->size()) != in[0].rank())
    return fail("repeats has " + Twine(reps->size()) + " entries for rank " +
                Twine(in[0].rank()));
  SmallVector<int64_t> shape;
  for (auto [d, r] : llvm::zip(in[0].shape(), *reps)) {
    if (r < 0 || (r > 0 && d > kMaxElements / r))
      return fail("invalid repeats");
    shape.push_back(d * r);
  }
  if (in[0].length)
    return fail("tiling a value with a data-dependent length is not supported");
  Tensor out;
  out.value = indexed(shape, in[0].elem(),
                      [&](OpBuilder &ob, Location l, ArrayRef<Value> ivs) -> Value {
                        SmallVector<Value> src;
                        for (auto [i, iv] : llvm::enumerate(ivs))
                          src.push_back(arith::RemSIOp::create(
                              ob, l, iv,
                              arith::ConstantIndexOp::create(ob, l, in[0].shape()[i])));
                        return tensor::ExtractOp::create(ob, l, in[0].value, src);
                      });
  return setOutput(0, out);
}

LogicalResult Importer::opConstantOfShape() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  auto shape = constInts(in[0], "the shape");
  if (failed(shape))
    return failure();
  int64_t n = 1;
  for (int64_t d : *shape) {
    if (d < 0 || (d > 0 && n > kMaxElements / d))
      return fail("invalid shape " + shapeStr(*shape));
    n *= d;
  }
  Attribute v = b.getZeroAttr(b.getF32Type());
  Type et = b.getF32Type();
  if (const auto *a = attr("value")) {
    if (a->type() != onnx::AttributeProto::TENSOR)
      return fail("attribute 'value' must be a tensor");
    auto t = tensorProtoAttr(a->t());
    if (failed(t))
      return failure();
    if (t->getNumElements() != 1)
      return fail("attribute 'value' must hold one element");
    et = t->getElementType();
    v = *t->value_begin<Attribute>();
  }
  return setOutput(0, constantTensor(DenseElementsAttr::get(
                          RankedTensorType::get(*shape, et), v)));
}

LogicalResult Importer::opRange() {
  SmallVector<Tensor> in;
  if (failed(inputs(3, 3, in)))
    return failure();
  if (!allConstant(in, 1))
    return fail("start, limit and delta must be known at import time (a "
                "run-time Range has a data-dependent length)");
  Type et = in[0].elem();
  auto get = [&](const Tensor &t) {
    Attribute a = *t.constant.value_begin<Attribute>();
    if (auto f = dyn_cast<FloatAttr>(a))
      return f.getValueAsDouble();
    return double(cast<IntegerAttr>(a).getInt());
  };
  double start = get(in[0]), limit = get(in[1]), delta = get(in[2]);
  if (delta == 0)
    return fail("delta is 0");
  double count = std::max(0.0, std::ceil((limit - start) / delta));
  if (!(count < kMaxFoldElements))
    return fail("the range is too long to be computed at import time");
  int64_t n = count;
  SmallVector<Attribute> vals;
  for (int64_t i = 0; i < n; ++i) {
    double v = start + i * delta;
    vals.push_back(isa<FloatType>(et) ? Attribute(FloatAttr::get(et, v))
                                      : Attribute(IntegerAttr::get(et, int64_t(v))));
  }
  return setOutput(0, constantTensor(DenseElementsAttr::get(
                          RankedTensorType::get({n}, et), vals)));
}

//===----------------------------------------------------------------------===//
// Reductions, Softmax
//===----------------------------------------------------------------------===//

LogicalResult Importer::reduction(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 2, in)))
    return failure();
  int64_t rank = in[0].rank();
  Type et = in[0].elem();
  if (!isa<FloatType>(et) && op == "ReduceMean")
    return fail("expects a float input");
  std::optional<SmallVector<int64_t>> axes;
  bool axesInput = op == "ReduceSum" ? opset >= 13 : opset >= 18;
  if (axesInput) {
    if (in.size() > 1 && in[1].value) {
      auto a = constInts(in[1], "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
  } else {
    axes = attrInts("axes");
  }
  bool keep = attrInt("keepdims", 1) != 0;
  SmallVector<bool> red(rank, !axes || axes->empty());
  if (axes && axes->empty() && attrInt("noop_with_empty_axes", 0))
    return setOutput(0, in[0]);
  if (axes)
    for (int64_t a : *axes) {
      auto na = normAxis(a, rank);
      if (failed(na))
        return failure();
      red[*na] = true;
    }
  if (in[0].length && red[in[0].lengthAxis])
    return fail("reducing an axis with a data-dependent length is not supported");
  bool isF = isa<FloatType>(et);
  double initV = op == "ReduceMax"   ? -std::numeric_limits<double>::infinity()
                 : op == "ReduceMin" ? std::numeric_limits<double>::infinity()
                                     : 0.0;
  Value init;
  if (isF)
    init = scalar(et, initV);
  else if (op == "ReduceMax")
    init = arith::ConstantOp::create(b, loc, IntegerAttr::get(et, APInt::getSignedMinValue(et.getIntOrFloatBitWidth())));
  else if (op == "ReduceMin")
    init = arith::ConstantOp::create(b, loc, IntegerAttr::get(et, APInt::getSignedMaxValue(et.getIntOrFloatBitWidth())));
  else
    init = scalar(et, 0);
  Value r = reduce(in[0].value, red, init,
                   [&](OpBuilder &ob, Location l, Value acc, Value x) -> Value {
                     if (op == "ReduceMax")
                       return isF ? Value(arith::MaximumFOp::create(ob, l, acc, x))
                                  : Value(arith::MaxSIOp::create(ob, l, acc, x));
                     if (op == "ReduceMin")
                       return isF ? Value(arith::MinimumFOp::create(ob, l, acc, x))
                                  : Value(arith::MinSIOp::create(ob, l, acc, x));
                     return isF ? Value(arith::AddFOp::create(ob, l, acc, x))
                                : Value(arith::AddIOp::create(ob, l, acc, x));
                   });
  SmallVector<int64_t> keptShape = llvm::to_vector(cast<RankedTensorType>(r.getType()).getShape());
  if (op == "ReduceMean") {
    int64_t n = 1;
    for (int64_t i = 0; i < rank; ++i)
      if (red[i])
        n *= in[0].shape()[i];
    Value c = scalar(et, double(n));
    r = elementwise({r}, keptShape, et, [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
      return arith::DivFOp::create(ob, l, a[0], c);
    });
  }
  Tensor out;
  out.value = r;
  if (in[0].length) {
    out.length = in[0].length;
    out.lengthAxis = in[0].lengthAxis;
  }
  if (!keep) {
    SmallVector<int64_t> shape;
    for (int64_t i = 0; i < rank; ++i)
      if (!red[i])
        shape.push_back(in[0].shape()[i]);
    out = reshapeTensor(out, shape);
  }
  return setOutput(0, out);
}

LogicalResult Importer::opSoftmax() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  Type et = in[0].elem();
  if (!isa<FloatType>(et))
    return fail("expects a float input");
  int64_t rank = in[0].rank();
  auto axisOr = normAxis(attrInt("axis", opset >= 13 ? -1 : 1), rank);
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  // Before opset 13 the input is coerced to 2-D at `axis`.
  Value x = in[0].value;
  SmallVector<int64_t> shape(in[0].shape());
  SmallVector<bool> red(rank, false);
  if (opset < 13) {
    shape = {product(in[0].shape().take_front(axis)),
             product(in[0].shape().drop_front(axis))};
    x = reshape(x, shape);
    red = {false, true};
  } else {
    red[axis] = true;
  }
  Value mx = reduce(x, red, scalar(et, -std::numeric_limits<double>::infinity()),
                    [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
                      return arith::MaximumFOp::create(ob, l, a, v);
                    });
  Value e = elementwise({x, mx}, shape, et, [](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
    return math::ExpOp::create(ob, l, arith::SubFOp::create(ob, l, a[0], a[1]));
  });
  Value sum = reduce(e, red, scalar(et, 0), [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
    return arith::AddFOp::create(ob, l, a, v);
  });
  Value r = elementwise({e, sum}, shape, et, [](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
    return arith::DivFOp::create(ob, l, a[0], a[1]);
  });
  Tensor out;
  out.value = reshape(r, in[0].shape());
  out.length = in[0].length;
  out.lengthAxis = in[0].lengthAxis;
  return setOutput(0, out);
}

//===----------------------------------------------------------------------===//
// Data-dependent ops
//===----------------------------------------------------------------------===//

LogicalResult Importer::opTopK() {
  SmallVector<Tensor> in;
  if (failed(inputs(opset >= 10 ? 2 : 1, opset >= 10 ? 2 : 1, in)))
    return failure();
  Tensor x = in[0];
  int64_t rank = x.rank();
  if (rank == 0)
    return fail("expects a tensor of rank >= 1");
  auto axisOr = normAxis(attrInt("axis", -1), rank);
  if (failed(axisOr))
    return failure();
  int64_t axis = *axisOr;
  bool largest = attrInt("largest", 1) != 0;
  if (attrInt("sorted", 1) == 0)
    return fail("sorted = 0 is not supported (the order would be unspecified)");
  int64_t n = x.shape()[axis];
  // k: static, or a run-time value whose bound is the axis size.
  int64_t bound = n;
  Value kVal;
  if (opset < 10) {
    bound = attrInt("k", -1);
  } else if (in[1].constant) {
    auto k = constInts(in[1], "K");
    if (failed(k))
      return failure();
    if (k->size() != 1)
      return fail("K must hold one value");
    bound = (*k)[0];
  } else {
    if (product(in[1].shape()) != 1 || !isa<IntegerType>(in[1].elem()))
      return fail("K must be a one-element integer tensor");
    kVal = arith::IndexCastOp::create(b, loc, b.getIndexType(), extractScalar(in[1]));
  }
  if (bound < 0 || bound > n)
    return fail("k = " + Twine(bound) + " is out of range for an axis of size " + Twine(n));
  if (x.length && x.lengthAxis != axis && kVal)
    return fail("a run-time k over a value with a data-dependent length on "
                "another axis is not supported");
  // Move the axis last, then work on [outer, n].
  SmallVector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i)
    if (i != axis)
      perm.push_back(i);
  perm.push_back(axis);
  SmallVector<int64_t> inv(rank);
  for (int64_t i = 0; i < rank; ++i)
    inv[perm[i]] = i;
  Value xt = transpose(x.value, perm);
  SmallVector<int64_t> tshape = llvm::to_vector(cast<RankedTensorType>(xt.getType()).getShape());
  int64_t outer = product(ArrayRef<int64_t>(tshape).drop_back());
  Type et = x.elem();
  Value x2 = reshape(xt, {outer, n});
  // The valid part of the axis: its run-time length, if any.
  Value valid = (x.length && x.lengthAxis == axis) ? x.length : index(n);
  Value count = kVal ? Value(arith::MinSIOp::create(b, loc, kVal, index(bound))) : index(bound);
  // k beyond the valid length is an error in ONNX; here the extra rows are
  // padding (index -1), and the length is min(k, valid).
  Value rows = arith::MinSIOp::create(b, loc, count, valid);
  Value vals = linalg::FillOp::create(b, loc, isa<FloatType>(et) ? scalar(et, 0) : scalar(et, 0),
                                      empty({outer, bound}, et)).getResult(0);
  Value idxs = linalg::FillOp::create(b, loc, scalar(b.getI64Type(), -1),
                                      empty({outer, bound}, b.getI64Type())).getResult(0);
  Value taken0 = empty({n}, b.getI1Type());
  Value c0 = index(0), c1 = index(1);
  Value falseV = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  Value trueV = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  bool isF = isa<FloatType>(et);
  // Selection: for each output position, the best element not yet taken;
  // ties go to the lower index (ONNX Runtime's order). O(k n) per row,
  // with no scratch beyond one flag per element.
  auto outerLoop = scf::ForOp::create(
      b, loc, c0, index(outer), c1, ValueRange{vals, idxs},
      [&](OpBuilder &ob, Location l, Value o, ValueRange acc) {
        Value taken = linalg::FillOp::create(ob, l, falseV, taken0).getResult(0);
        auto kLoop = scf::ForOp::create(
            ob, l, c0, rows, c1, ValueRange{acc[0], acc[1], taken},
            [&](OpBuilder &kb, Location kl, Value j, ValueRange kacc) {
              Value none = arith::ConstantIndexOp::create(kb, kl, -1);
              auto scan = scf::ForOp::create(
                  kb, kl, c0, valid, c1, ValueRange{none},
                  [&](OpBuilder &sb, Location sl, Value i, ValueRange sacc) {
                    Value best = sacc[0];
                    Value isTaken = tensor::ExtractOp::create(sb, sl, kacc[2], ValueRange{i});
                    Value xi = tensor::ExtractOp::create(sb, sl, x2, ValueRange{o, i});
                    Value safeBest = arith::MaxSIOp::create(sb, sl, best, c0);
                    Value xb = tensor::ExtractOp::create(sb, sl, x2, ValueRange{o, safeBest});
                    Value better;
                    if (isF)
                      better = arith::CmpFOp::create(sb, sl, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, xi, xb);
                    else
                      better = arith::CmpIOp::create(sb, sl, largest ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt, xi, xb);
                    Value noBest = arith::CmpIOp::create(sb, sl, arith::CmpIPredicate::slt, best, c0);
                    Value take = arith::AndIOp::create(
                        sb, sl, arith::XOrIOp::create(sb, sl, isTaken, trueV),
                        arith::OrIOp::create(sb, sl, noBest, better));
                    Value nb = arith::SelectOp::create(sb, sl, take, i, best);
                    scf::YieldOp::create(sb, sl, nb);
                  });
              Value best = scan.getResult(0);
              // With `rows <= valid` some element is always left; the clamp
              // keeps the reads in bounds regardless.
              Value safe = arith::MaxSIOp::create(kb, kl, best, c0);
              Value v = tensor::ExtractOp::create(kb, kl, x2, ValueRange{o, safe});
              Value nv = tensor::InsertOp::create(kb, kl, v, kacc[0], ValueRange{o, j});
              Value bi = arith::IndexCastOp::create(kb, kl, kb.getI64Type(), safe);
              Value ni = tensor::InsertOp::create(kb, kl, bi, kacc[1], ValueRange{o, j});
              Value nt = tensor::InsertOp::create(kb, kl, trueV, kacc[2], ValueRange{safe});
              scf::YieldOp::create(kb, kl, ValueRange{nv, ni, nt});
            });
        scf::YieldOp::create(ob, l, ValueRange{kLoop.getResult(0), kLoop.getResult(1)});
      });
  // Back to the input's layout.
  SmallVector<int64_t> oshape(ArrayRef<int64_t>(tshape).drop_back());
  oshape.push_back(bound);
  Tensor vOut, iOut;
  vOut.value = transpose(reshape(outerLoop.getResult(0), oshape), inv);
  iOut.value = transpose(reshape(outerLoop.getResult(1), oshape), inv);
  bool dynamic = kVal || (x.length && x.lengthAxis == axis);
  if (dynamic) {
    vOut.length = iOut.length = rows;
    vOut.lengthAxis = iOut.lengthAxis = axis;
  } else if (x.length) {
    vOut.length = iOut.length = x.length;
    vOut.lengthAxis = iOut.lengthAxis = x.lengthAxis;
  }
  if (failed(setOutput(0, vOut)))
    return failure();
  if (node->output_size() > 1)
    return setOutput(1, iOut);
  return success();
}

LogicalResult Importer::opNonZero() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  Tensor x = in[0];
  if (x.length)
    return fail("NonZero of a value with a data-dependent length is not supported");
  int64_t rank = x.rank(), n = product(x.shape());
  int64_t r = std::max<int64_t>(rank, 1);
  Value flat = reshape(x.value, {n});
  Value init = linalg::FillOp::create(b, loc, scalar(b.getI64Type(), 0),
                                      empty({r, n}, b.getI64Type())).getResult(0);
  Value c0 = index(0), c1 = index(1);
  Type et = x.elem();
  auto loop = scf::ForOp::create(
      b, loc, c0, index(n), c1, ValueRange{init, c0},
      [&](OpBuilder &ob, Location l, Value i, ValueRange acc) {
        Value v = tensor::ExtractOp::create(ob, l, flat, ValueRange{i});
        Value nz;
        if (isa<FloatType>(et))
          nz = arith::CmpFOp::create(ob, l, arith::CmpFPredicate::UNE, v,
                                     arith::ConstantOp::create(ob, l, FloatAttr::get(et, 0)));
        else
          nz = arith::CmpIOp::create(ob, l, arith::CmpIPredicate::ne, v,
                                     arith::ConstantOp::create(ob, l, IntegerAttr::get(et, 0)));
        auto ifOp = scf::IfOp::create(
            ob, l, nz,
            [&](OpBuilder &tb, Location tl) {
              Value t = acc[0];
              Value rem = i;
              for (int64_t d = rank - 1; d >= 0; --d) {
                Value size = arith::ConstantIndexOp::create(tb, tl, x.shape()[d]);
                Value coord = arith::RemSIOp::create(tb, tl, rem, size);
                rem = arith::DivSIOp::create(tb, tl, rem, size);
                t = tensor::InsertOp::create(
                    tb, tl, arith::IndexCastOp::create(tb, tl, tb.getI64Type(), coord), t,
                    ValueRange{arith::ConstantIndexOp::create(tb, tl, d), acc[1]});
              }
              Value next = arith::AddIOp::create(tb, tl, acc[1], arith::ConstantIndexOp::create(tb, tl, 1));
              scf::YieldOp::create(tb, tl, ValueRange{t, next});
            },
            [&](OpBuilder &eb, Location el) {
              scf::YieldOp::create(eb, el, ValueRange{acc[0], acc[1]});
            });
        scf::YieldOp::create(ob, l, ifOp.getResults());
      });
  Tensor out;
  out.value = loop.getResult(0);
  if (rank == 0)
    out.value = reshape(out.value, {0 + 1, n});
  out.length = loop.getResult(1);
  out.lengthAxis = 1;
  return setOutput(0, out);
}

LogicalResult Importer::opNonMaxSuppression() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 5, in)))
    return failure();
  const Tensor &boxes = in[0], &scores = in[1];
  if (boxes.rank() != 3 || boxes.shape()[2] != 4)
    return fail("boxes must be [batches, boxes, 4], got " + shapeStr(boxes.shape()));
  if (scores.rank() != 3 || scores.shape()[0] != boxes.shape()[0] ||
      scores.shape()[2] != boxes.shape()[1])
    return fail("scores " + shapeStr(scores.shape()) + " do not match boxes " +
                shapeStr(boxes.shape()) + " (expected [batches, classes, boxes])");
  if (!isa<FloatType>(boxes.elem()) || boxes.elem() != scores.elem())
    return fail("boxes and scores must be floats of one type");
  if (boxes.length || scores.length)
    return fail("boxes or scores with a data-dependent length are not supported");
  int64_t cpb = attrInt("center_point_box", 0);
  if (cpb != 0 && cpb != 1)
    return fail("center_point_box must be 0 or 1");
  int64_t B = boxes.shape()[0], N = boxes.shape()[1], C = scores.shape()[1];
  IntegerAttr maxAttr;
  FloatAttr iouAttr, scoreAttr;
  Value maxV, iouV, scoreV;
  int64_t K = B * C * N;
  for (int i = 2; i < 5; ++i) {
    if (i >= int(in.size()) || !in[i].value)
      continue;
    const Tensor &t = in[i];
    if (product(t.shape()) != 1)
      return fail("input " + Twine(i) + " must hold one value, has shape " + shapeStr(t.shape()));
    if (i == 2) {
      if (!t.elem().isInteger(64))
        return fail("max_output_boxes_per_class must be int64");
      if (t.constant) {
        int64_t m = (*t.constant.value_begin<APInt>()).getSExtValue();
        maxAttr = b.getI64IntegerAttr(m);
        K = B * C * std::clamp<int64_t>(m, 0, N);
      } else {
        maxV = extractScalar(t);
      }
      continue;
    }
    if (t.elem() != boxes.elem())
      return fail("thresholds must have the element type of the boxes");
    if (t.constant) {
      double v = (*t.constant.value_begin<APFloat>()).convertToDouble();
      if (i == 3 && !(v >= 0 && v <= 1))
        return fail("iou_threshold " + std::to_string(v) + " is outside [0, 1]");
      (i == 3 ? iouAttr : scoreAttr) = b.getF64FloatAttr(v);
    } else {
      (i == 3 ? iouV : scoreV) = extractScalar(t);
    }
  }
  if (K > kMaxElements)
    return fail("the result would have too many rows");
  auto selType = RankedTensorType::get({K, 3}, b.getI64Type());
  auto op = mlir::detect::MulticlassNmsOp::create(
      b, loc, selType, b.getI64Type(), boxes.value, scores.value, maxV, iouV,
      scoreV, maxAttr, iouAttr, scoreAttr,
      cpb ? mlir::detect::BoxLayout::cxcywh : mlir::detect::BoxLayout::yxyx);
  Tensor out;
  out.value = op.getSelected();
  out.length = arith::IndexCastOp::create(b, loc, b.getIndexType(), op.getCount());
  out.lengthAxis = 0;
  return setOutput(0, out);
}

//===----------------------------------------------------------------------===//
// Linear algebra, convolution, pooling
//===----------------------------------------------------------------------===//

LogicalResult Importer::matmul(Tensor a, Tensor bt, bool transA, bool transB,
                               Tensor &out) {
  // Out[..., i, j] = sum_k A[..., i, k] * B[..., k, j], batch dimensions
  // broadcast (numpy matmul); 1-D operands are promoted and demoted.
  if (a.rank() == 0 || bt.rank() == 0)
    return fail("operands must have rank >= 1");
  if (!isa<FloatType>(a.elem()) || a.elem() != bt.elem())
    return fail("operands must be floats of one type");
  bool vecA = a.rank() == 1, vecB = bt.rank() == 1;
  Value av = vecA ? reshape(a.value, {1, a.shape()[0]}) : a.value;
  Value bv = vecB ? reshape(bt.value, {bt.shape()[0], 1}) : bt.value;
  auto at = cast<RankedTensorType>(av.getType()), btt = cast<RankedTensorType>(bv.getType());
  int64_t ar = at.getRank(), br = btt.getRank();
  int64_t M = at.getDimSize(transA ? ar - 1 : ar - 2), Ka = at.getDimSize(transA ? ar - 2 : ar - 1);
  int64_t Kb = btt.getDimSize(transB ? br - 1 : br - 2), N = btt.getDimSize(transB ? br - 2 : br - 1);
  if (Ka != Kb)
    return fail("inner dimensions differ: " + shapeStr(a.shape()) + " and " + shapeStr(bt.shape()));
  Tensor ba, bb;
  ba.value = empty(at.getShape().drop_back(2), a.elem());
  bb.value = empty(btt.getShape().drop_back(2), a.elem());
  auto batch = broadcast({ba, bb});
  if (failed(batch))
    return failure();
  int64_t nb = batch->size(), rank = nb + 3; // batch..., i, j, k
  SmallVector<int64_t> shape(*batch);
  shape.push_back(M);
  shape.push_back(N);
  auto mapFor = [&](RankedTensorType t, AffineExpr r0, AffineExpr r1) {
    SmallVector<AffineExpr> e;
    int64_t tb = t.getRank() - 2;
    for (int64_t i = 0; i < tb; ++i) {
      int64_t od = nb - tb + i;
      e.push_back(t.getDimSize(i) == 1 && (*batch)[od] != 1 ? b.getAffineConstantExpr(0)
                                                             : b.getAffineDimExpr(od));
    }
    e.push_back(r0);
    e.push_back(r1);
    return AffineMap::get(rank, 0, e, &ctx);
  };
  AffineExpr di = b.getAffineDimExpr(nb), dj = b.getAffineDimExpr(nb + 1),
             dk = b.getAffineDimExpr(nb + 2);
  SmallVector<AffineExpr> oe;
  for (int64_t i = 0; i < nb + 2; ++i)
    oe.push_back(b.getAffineDimExpr(i));
  SmallVector<AffineMap> maps{transA ? mapFor(at, dk, di) : mapFor(at, di, dk),
                              transB ? mapFor(btt, dj, dk) : mapFor(btt, dk, dj),
                              AffineMap::get(rank, 0, oe, &ctx)};
  SmallVector<utils::IteratorType> iters(nb + 2, utils::IteratorType::parallel);
  iters.push_back(utils::IteratorType::reduction);
  Value init = linalg::FillOp::create(b, loc, scalar(a.elem(), 0), empty(shape, a.elem())).getResult(0);
  Value r = linalg::GenericOp::create(
                b, loc, TypeRange{init.getType()}, ValueRange{av, bv}, ValueRange{init},
                maps, iters,
                [&](OpBuilder &ob, Location l, ValueRange args) {
                  Value p = arith::MulFOp::create(ob, l, args[0], args[1]);
                  linalg::YieldOp::create(ob, l, arith::AddFOp::create(ob, l, args[2], p).getResult());
                })
                .getResult(0);
  SmallVector<int64_t> fshape(*batch);
  if (!vecA)
    fshape.push_back(M);
  if (!vecB)
    fshape.push_back(N);
  out.value = reshape(r, fshape);
  return success();
}

LogicalResult Importer::opMatMul() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 2, in)))
    return failure();
  Tensor out;
  if (failed(matmul(in[0], in[1], false, false, out)))
    return failure();
  return setOutput(0, out);
}

LogicalResult Importer::opGemm() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 3, in)))
    return failure();
  if (in[0].rank() != 2 || in[1].rank() != 2)
    return fail("A and B must be 2-D");
  float alpha = attrFloat("alpha", 1.0f), beta = attrFloat("beta", 1.0f);
  Tensor out;
  if (failed(matmul(in[0], in[1], attrInt("transA", 0), attrInt("transB", 0), out)))
    return failure();
  Type et = in[0].elem();
  SmallVector<int64_t> shape(out.shape());
  SmallVector<Value> vals{out.value};
  bool hasC = in.size() > 2 && in[2].value;
  if (hasC) {
    Tensor o = out;
    if (failed(broadcast({o, in[2]})))
      return failure();
    vals.push_back(in[2].value);
  }
  if (alpha != 1.0f || hasC)
    out.value = elementwise(vals, shape, et, [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
      Value r = a[0];
      if (alpha != 1.0f)
        r = arith::MulFOp::create(ob, l, r, arith::ConstantOp::create(ob, l, FloatAttr::get(et, alpha)));
      if (a.size() > 1) {
        Value c = a[1];
        if (beta != 1.0f)
          c = arith::MulFOp::create(ob, l, c, arith::ConstantOp::create(ob, l, FloatAttr::get(et, beta)));
        r = arith::AddFOp::create(ob, l, r, c);
      }
      return r;
    });
  return setOutput(0, out);
}

/// Pads, strides and dilations of a 2-D window op (Conv, pooling), with
/// auto_pad resolved; the output size per spatial axis.
namespace {
struct Window {
  int64_t kernel[2], stride[2], dilation[2], padLo[2], padHi[2], out[2];
};
} // namespace

static std::optional<std::string>
resolveWindow(const onnx::NodeProto &node, ArrayRef<int64_t> in, ArrayRef<int64_t> kernel,
              std::optional<SmallVector<int64_t>> strides,
              std::optional<SmallVector<int64_t>> dilations,
              std::optional<SmallVector<int64_t>> pads, StringRef autoPad,
              bool ceilMode, Window &w) {
  for (int i = 0; i < 2; ++i) {
    w.kernel[i] = kernel[i];
    w.stride[i] = strides ? (*strides)[i] : 1;
    w.dilation[i] = dilations ? (*dilations)[i] : 1;
    if (w.kernel[i] < 1 || w.stride[i] < 1 || w.dilation[i] < 1)
      return std::string("kernel, strides and dilations must be positive");
    int64_t ext = (w.kernel[i] - 1) * w.dilation[i] + 1;
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      int64_t o = (in[i] + w.stride[i] - 1) / w.stride[i];
      int64_t total = std::max<int64_t>(0, (o - 1) * w.stride[i] + ext - in[i]);
      w.padLo[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      w.padHi[i] = total - w.padLo[i];
    } else if (autoPad == "NOTSET" || autoPad == "VALID" || autoPad.empty()) {
      w.padLo[i] = (pads && autoPad != "VALID") ? (*pads)[i] : 0;
      w.padHi[i] = (pads && autoPad != "VALID") ? (*pads)[i + 2] : 0;
    } else {
      return "unknown auto_pad '" + autoPad.str() + "'";
    }
    if (w.padLo[i] < 0 || w.padHi[i] < 0)
      return std::string("negative pads");
    int64_t span = in[i] + w.padLo[i] + w.padHi[i] - ext;
    if (span < 0)
      return std::string("the window is larger than the padded input");
    w.out[i] = (ceilMode ? (span + w.stride[i] - 1) / w.stride[i] : span / w.stride[i]) + 1;
    if (ceilMode && (w.out[i] - 1) * w.stride[i] >= in[i] + w.padLo[i])
      --w.out[i];
  }
  (void)node;
  return std::nullopt;
}

LogicalResult Importer::opConv() {
  SmallVector<Tensor> in;
  if (failed(inputs(2, 3, in)))
    return failure();
  const Tensor &x = in[0], &w = in[1];
  if (x.rank() != 4 || w.rank() != 4)
    return fail("only 2-D convolutions (NCHW input, FCHW weights) are supported");
  Type et = x.elem();
  if (!isa<FloatType>(et) || w.elem() != et)
    return fail("expects float operands of one type");
  int64_t N = x.shape()[0], C = x.shape()[1], F = w.shape()[0], Cg = w.shape()[1];
  int64_t G = attrInt("group", 1);
  if (G < 1 || C % G || F % G || C / G != Cg)
    return fail("group " + Twine(G) + " does not fit input " + shapeStr(x.shape()) +
                " and weights " + shapeStr(w.shape()));
  auto ks = attrInts("kernel_shape").value_or(SmallVector<int64_t>{w.shape()[2], w.shape()[3]});
  if (ks.size() != 2 || ks[0] != w.shape()[2] || ks[1] != w.shape()[3])
    return fail("kernel_shape contradicts the weights");
  std::string autoPad = "NOTSET";
  if (const auto *a = attr("auto_pad"))
    autoPad = a->s();
  auto strides = attrInts("strides"), dil = attrInts("dilations"), pads = attrInts("pads");
  if ((strides && strides->size() != 2) || (dil && dil->size() != 2) || (pads && pads->size() != 4))
    return fail("strides, dilations and pads must have 2, 2 and 4 entries");
  Window win;
  if (auto e = resolveWindow(*node, x.shape().drop_front(2), ks, strides, dil, pads, autoPad, false, win))
    return fail(*e);
  Value xp = x.value;
  if (win.padLo[0] || win.padLo[1] || win.padHi[0] || win.padHi[1]) {
    SmallVector<int64_t> ps{N, C, x.shape()[2] + win.padLo[0] + win.padHi[0],
                            x.shape()[3] + win.padLo[1] + win.padHi[1]};
    xp = pad(x.value, {0, 0, win.padLo[0], win.padLo[1]}, ps, scalar(et, 0));
  }
  // One generic for every group count: (n, f, oh, ow, c, kh, kw), input
  // channel (f floordiv F/G) * C/G + c.
  SmallVector<int64_t> shape{N, F, win.out[0], win.out[1]};
  AffineExpr n = b.getAffineDimExpr(0), f = b.getAffineDimExpr(1), oh = b.getAffineDimExpr(2),
             ow = b.getAffineDimExpr(3), c = b.getAffineDimExpr(4), kh = b.getAffineDimExpr(5),
             kw = b.getAffineDimExpr(6);
  AffineExpr ic = G == 1 ? c : f.floorDiv(F / G) * Cg + c;
  SmallVector<AffineMap> maps{
      AffineMap::get(7, 0, {n, ic, oh * win.stride[0] + kh * win.dilation[0], ow * win.stride[1] + kw * win.dilation[1]}, &ctx),
      AffineMap::get(7, 0, {f, c, kh, kw}, &ctx), AffineMap::get(7, 0, {n, f, oh, ow}, &ctx)};
  SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
  iters.append(3, utils::IteratorType::reduction);
  Value init = linalg::FillOp::create(b, loc, scalar(et, 0), empty(shape, et)).getResult(0);
  if (in.size() > 2 && in[2].value) {
    if (in[2].rank() != 1 || in[2].shape()[0] != F)
      return fail("bias must be [" + Twine(F) + "]");
    init = linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, ValueRange{in[2].value}, ValueRange{init},
               ArrayRef<AffineMap>{AffineMap::get(4, 0, {b.getAffineDimExpr(1)}, &ctx),
                                   b.getMultiDimIdentityMap(4)},
               SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
               [](OpBuilder &ob, Location l, ValueRange a) { linalg::YieldOp::create(ob, l, a[0]); })
               .getResult(0);
  }
  Tensor out;
  out.value = linalg::GenericOp::create(
                  b, loc, TypeRange{init.getType()}, ValueRange{xp, w.value}, ValueRange{init},
                  maps, iters,
                  [](OpBuilder &ob, Location l, ValueRange a) {
                    Value p = arith::MulFOp::create(ob, l, a[0], a[1]);
                    linalg::YieldOp::create(ob, l, arith::AddFOp::create(ob, l, a[2], p).getResult());
                  })
                  .getResult(0);
  return setOutput(0, out);
}

LogicalResult Importer::pool(StringRef op) {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  const Tensor &x = in[0];
  if (x.rank() != 4 || !isa<FloatType>(x.elem()))
    return fail("only 2-D pooling of float NCHW inputs is supported");
  if (node->output_size() > 1)
    return fail("the Indices output is not supported");
  auto ks = attrInts("kernel_shape");
  if (!ks || ks->size() != 2)
    return fail("kernel_shape must have 2 entries");
  std::string autoPad = "NOTSET";
  if (const auto *a = attr("auto_pad"))
    autoPad = a->s();
  auto strides = attrInts("strides"), dil = attrInts("dilations"), pads = attrInts("pads");
  if ((strides && strides->size() != 2) || (dil && dil->size() != 2) || (pads && pads->size() != 4))
    return fail("strides, dilations and pads must have 2, 2 and 4 entries");
  bool ceilMode = attrInt("ceil_mode", 0) != 0;
  bool includePad = attrInt("count_include_pad", 0) != 0;
  Window win;
  if (auto e = resolveWindow(*node, x.shape().drop_front(2), *ks, strides, dil, pads, autoPad, ceilMode, win))
    return fail(*e);
  Type et = x.elem();
  bool isMax = op == "MaxPool";
  bool padded = win.padLo[0] || win.padLo[1] || win.padHi[0] || win.padHi[1];
  if (!isMax && padded && !includePad)
    return fail("AveragePool with pads and count_include_pad = 0 is not supported");
  // The padding is large enough for ceil_mode's last window too.
  int64_t H = x.shape()[2], W = x.shape()[3];
  int64_t extH = (win.out[0] - 1) * win.stride[0] + (win.kernel[0] - 1) * win.dilation[0] + 1;
  int64_t extW = (win.out[1] - 1) * win.stride[1] + (win.kernel[1] - 1) * win.dilation[1] + 1;
  int64_t hiH = std::max<int64_t>(0, extH - H - win.padLo[0]);
  int64_t hiW = std::max<int64_t>(0, extW - W - win.padLo[1]);
  if (!isMax && (hiH != win.padHi[0] || hiW != win.padHi[1]) && ceilMode)
    return fail("AveragePool with ceil_mode is not supported");
  Value padV = scalar(et, isMax ? -std::numeric_limits<double>::infinity() : 0.0);
  Value xp = x.value;
  if (win.padLo[0] || win.padLo[1] || hiH || hiW)
    xp = pad(x.value, {0, 0, win.padLo[0], win.padLo[1]},
             {x.shape()[0], x.shape()[1], H + win.padLo[0] + hiH, W + win.padLo[1] + hiW}, padV);
  SmallVector<int64_t> shape{x.shape()[0], x.shape()[1], win.out[0], win.out[1]};
  AffineExpr n = b.getAffineDimExpr(0), c = b.getAffineDimExpr(1), oh = b.getAffineDimExpr(2),
             ow = b.getAffineDimExpr(3), kh = b.getAffineDimExpr(4), kw = b.getAffineDimExpr(5);
  SmallVector<AffineMap> maps{
      AffineMap::get(6, 0, {n, c, oh * win.stride[0] + kh * win.dilation[0], ow * win.stride[1] + kw * win.dilation[1]}, &ctx),
      AffineMap::get(6, 0, {n, c, oh, ow}, &ctx)};
  SmallVector<utils::IteratorType> iters(4, utils::IteratorType::parallel);
  iters.append(2, utils::IteratorType::reduction);
  Value init = linalg::FillOp::create(b, loc, padV, empty(shape, et)).getResult(0);
  // The window's extent is only in the indexing maps; a generic carries it
  // through an extra input of the window's shape.
  Value windowT = empty({win.kernel[0], win.kernel[1]}, et);
  maps.insert(maps.begin() + 1, AffineMap::get(6, 0, {kh, kw}, &ctx));
  Value r = linalg::GenericOp::create(
                b, loc, TypeRange{init.getType()}, ValueRange{xp, windowT}, ValueRange{init}, maps, iters,
                [&](OpBuilder &ob, Location l, ValueRange a) {
                  Value v = isMax ? Value(arith::MaximumFOp::create(ob, l, a[2], a[0]))
                                  : Value(arith::AddFOp::create(ob, l, a[2], a[0]));
                  linalg::YieldOp::create(ob, l, v);
                })
                .getResult(0);
  if (!isMax) {
    Value cnt = scalar(et, double(win.kernel[0] * win.kernel[1]));
    r = elementwise({r}, shape, et, [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
      return arith::DivFOp::create(ob, l, a[0], cnt);
    });
  }
  Tensor out;
  out.value = r;
  return setOutput(0, out);
}

LogicalResult Importer::opGlobalAveragePool() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  const Tensor &x = in[0];
  if (x.rank() < 3 || !isa<FloatType>(x.elem()))
    return fail("expects a float input of rank >= 3");
  Type et = x.elem();
  SmallVector<bool> red(x.rank(), true);
  red[0] = red[1] = false;
  Value s = reduce(x.value, red, scalar(et, 0), [](OpBuilder &ob, Location l, Value a, Value v) -> Value {
    return arith::AddFOp::create(ob, l, a, v);
  });
  Value cnt = scalar(et, double(product(x.shape().drop_front(2))));
  Tensor out;
  out.value = elementwise({s}, cast<RankedTensorType>(s.getType()).getShape(), et,
                          [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
                            return arith::DivFOp::create(ob, l, a[0], cnt);
                          });
  return setOutput(0, out);
}

LogicalResult Importer::opBatchNormalization() {
  SmallVector<Tensor> in;
  if (failed(inputs(5, 5, in)))
    return failure();
  if (node->output_size() > 1)
    return fail("training outputs are not supported");
  const Tensor &x = in[0];
  if (x.rank() < 2 || !isa<FloatType>(x.elem()))
    return fail("expects a float input of rank >= 2");
  int64_t C = x.shape()[1];
  SmallVector<Value> vals{x.value};
  SmallVector<int64_t> pshape{C};
  pshape.append(x.rank() - 2, 1);
  for (int i = 1; i < 5; ++i) {
    if (in[i].rank() != 1 || in[i].shape()[0] != C || in[i].elem() != x.elem())
      return fail("scale, bias, mean and var must be [" + Twine(C) + "]");
    vals.push_back(reshape(in[i].value, pshape));
  }
  float eps = attrFloat("epsilon", 1e-5f);
  Type et = x.elem();
  Tensor out;
  out.value = elementwise(vals, x.shape(), et, [&](OpBuilder &ob, Location l, ArrayRef<Value> a) -> Value {
    Value e = arith::ConstantOp::create(ob, l, FloatAttr::get(et, eps));
    Value d = math::SqrtOp::create(ob, l, arith::AddFOp::create(ob, l, a[4], e));
    Value y = arith::DivFOp::create(ob, l, arith::SubFOp::create(ob, l, a[0], a[3]), d);
    return arith::AddFOp::create(ob, l, arith::MulFOp::create(ob, l, y, a[1]), a[2]);
  });
  return setOutput(0, out);
}

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

LogicalResult Importer::checkOps() {
  SmallVector<std::string> bad;
  for (const auto &n : model.graph().node()) {
    bool known = (n.domain().empty() || n.domain() == "ai.onnx") &&
                 handlers().count(n.op_type());
    if (!known)
      bad.push_back(file + ": node '" + n.name() + "': " +
                    (n.domain().empty() ? "" : n.domain() + ".") + n.op_type());
  }
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
  llvm::StringSet<> inputNames;
  for (const auto &info : model.graph().input())
    inputNames.insert(info.name());
  for (const auto &[name, shape] : options.shapes)
    if (!inputNames.count(name)) {
      std::string names;
      for (const auto &info : model.graph().input())
        if (!env.count(info.name()))
          names += (names.empty() ? "'" : ", '") + info.name() + "'";
      return fail("--shape names '" + name + "', which is not a graph input (inputs: " +
                  (names.empty() ? std::string("none") : names) + ")");
    }
  for (const auto &info : model.graph().input()) {
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

OwningOpRef<ModuleOp> Importer::run() {
  fileLoc = FileLineColLoc::get(&ctx, file, 0, 0);
  loc = fileLoc;
  if (!model.has_graph()) {
    (void)fail("the model has no graph");
    return nullptr;
  }
  const auto &graph = model.graph();
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

  llvm::StringMap<const onnx::ValueInfoProto *> declared;
  for (const auto &info : graph.value_info())
    declared[info.name()] = &info;

  for (const auto &n : graph.node()) {
    node = &n;
    attrFailed = false;
    std::string locName = n.name().empty() ? n.op_type() : n.name();
    loc = NameLoc::get(b.getStringAttr(locName), fileLoc);
    Handler h = handlers().lookup(n.op_type());
    if (failed((this->*h)()))
      return nullptr;
    for (const auto &o : n.output()) {
      auto it = declared.find(o);
      if (!o.empty() && it != declared.end() && env.count(o) &&
          failed(checkDeclaredShape(*it->second, env[o], "value")))
        return nullptr;
    }
  }
  node = nullptr;
  loc = fileLoc;

  // Results: the graph outputs in order, then one i64 run-time length per
  // output that has one (docs/Import.md).
  SmallVector<Value> results, lengths;
  llvm::DenseMap<Value, Value> lengthResults;
  for (const auto &o : graph.output()) {
    auto it = env.find(o.name());
    if (it == env.end()) {
      (void)fail("graph output '" + o.name() + "' is not computed by any node");
      return nullptr;
    }
    if (failed(checkDeclaredShape(o, it->second, "graph output")))
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

  // Constants of initializers and folded shape arithmetic that no op reads.
  SmallVector<Operation *> dead;
  for (Operation &op : llvm::reverse(*body))
    if (isa<arith::ConstantOp, tensor::EmptyOp>(op) && op.use_empty())
      dead.push_back(&op);
  for (Operation *op : dead)
    op->erase();

  if (failed(verify(*module))) {
    (void)fail("internal error: the imported module does not verify");
    return nullptr;
  }
  return module;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

namespace detect {

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
