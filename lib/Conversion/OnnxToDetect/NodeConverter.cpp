//===- NodeConverter.cpp - Handlers, operands, attributes, builders -------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Handler table
//===----------------------------------------------------------------------===//

const llvm::StringMap<NodeConverter::Handler> &NodeConverter::handlers() {
  static const llvm::StringMap<Handler> table = [] {
    llvm::StringMap<Handler> t;
    // An op with its own handler, and the ops of a family (one handler
    // told the op's name).
    // clang-format off
#define OP(name) t[#name] = [](NodeConverter &c) { return c.op##name(); }
#define FAMILY(handler, name)                                                  \
  t[#name] = [](NodeConverter &c) { return c.handler(#name); }
    OP(Identity); OP(Constant); OP(Cast); OP(Clip); OP(Where); OP(Shape);
    OP(Reshape); OP(Flatten); OP(Unsqueeze); OP(Squeeze); OP(Transpose);
    OP(Concat); OP(Split); OP(Slice); OP(Gather); OP(GatherND); OP(Expand);
    OP(Tile); OP(ConstantOfShape); OP(Range); OP(Softmax); OP(TopK);
    OP(NonZero); OP(NonMaxSuppression); OP(MatMul); OP(Gemm); OP(Conv);
    OP(GlobalAveragePool); OP(BatchNormalization); OP(If); OP(Resize); OP(Pad);
    OP(RoiAlign); OP(ScatterElements);
    FAMILY(binary, Add); FAMILY(binary, Sub); FAMILY(binary, Mul);
    FAMILY(binary, Div); FAMILY(binary, Pow); FAMILY(binary, And);
    FAMILY(binary, Or); FAMILY(binary, Xor); FAMILY(binary, Mod);
    FAMILY(variadic, Min); FAMILY(variadic, Max); FAMILY(variadic, Sum);
    FAMILY(compare, Greater); FAMILY(compare, Less);
    FAMILY(compare, GreaterOrEqual); FAMILY(compare, LessOrEqual);
    FAMILY(compare, Equal);
    FAMILY(unary, Exp); FAMILY(unary, Log); FAMILY(unary, Sqrt);
    FAMILY(unary, Neg); FAMILY(unary, Abs); FAMILY(unary, Relu);
    FAMILY(unary, Sigmoid); FAMILY(unary, Tanh); FAMILY(unary, Floor);
    FAMILY(unary, Ceil); FAMILY(unary, Reciprocal); FAMILY(unary, Not);
    FAMILY(unary, HardSigmoid); FAMILY(unary, HardSwish);
    FAMILY(reduction, ReduceMax); FAMILY(reduction, ReduceMin);
    FAMILY(reduction, ReduceSum); FAMILY(reduction, ReduceMean);
    FAMILY(reduction, ReduceProd); FAMILY(reduction, ReduceL2);
    FAMILY(pool, MaxPool); FAMILY(pool, AveragePool);
#undef FAMILY
#undef OP
    // clang-format on
    return t;
  }();
  return table;
}

bool NodeConverter::isSupported(StringRef opType) {
  return handlers().count(opType);
}

//===----------------------------------------------------------------------===//
// Types, constants, attributes
//===----------------------------------------------------------------------===//

Type NodeConverter::elementType(int64_t t) {
  return onnx::elementTypeOf(&ctx, t);
}

StringRef onnxTypeName(int64_t t) {
  static const char *const names[] = {
      "UNDEFINED", "FLOAT",  "UINT8",     "INT8",       "UINT16",  "INT16",
      "INT32",     "INT64",  "STRING",    "BOOL",       "FLOAT16", "DOUBLE",
      "UINT32",    "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};
  if (t >= 0 && t < int64_t(std::size(names)))
    return names[t];
  return "unknown";
}

StringRef onnxTypeName(Type t) {
  if (t.isF32())
    return "FLOAT";
  if (t.isF64())
    return "DOUBLE";
  if (t.isInteger(1))
    return "BOOL";
  if (t.isInteger(8))
    return "INT8";
  if (t.isInteger(16))
    return "INT16";
  if (t.isInteger(32))
    return "INT32";
  if (t.isInteger(64))
    return "INT64";
  return "unknown";
}

Value NodeConverter::materialize(DenseElementsAttr attr) {
  // Constants keep their shape: the C route stores one of rank >= 2 as a
  // flat array (detect-flatten-constant-globals), and both routes read it
  // in place, without a copy. Large ones go out of line when the
  // conversion is done (OnnxToDetect.cpp).
  return arith::ConstantOp::create(b, loc, attr.getType(), attr);
}

Tensor NodeConverter::constantTensor(DenseElementsAttr attr) {
  Tensor t;
  t.constant = attr;
  t.value = materialize(attr);
  return t;
}

Attribute NodeConverter::attr(StringRef name) {
  return node.getNodeAttributes().get(name);
}

template <typename AttrT>
AttrT NodeConverter::typedAttr(StringRef name, StringRef kind) {
  Attribute a = attr(name);
  if (!a)
    return nullptr;
  auto typed = dyn_cast<AttrT>(a);
  if (!typed) {
    attrFailed = true;
    (void)fail("attribute '" + name + "' must be " + kind);
  }
  return typed;
}

int64_t NodeConverter::attrInt(StringRef name, int64_t dflt) {
  auto i = typedAttr<IntegerAttr>(name, "an integer");
  return i ? i.getInt() : dflt;
}

float NodeConverter::attrFloat(StringRef name, float dflt) {
  auto f = typedAttr<FloatAttr>(name, "a float");
  return f ? f.getValueAsDouble() : dflt;
}

std::string NodeConverter::attrString(StringRef name, StringRef dflt) {
  auto str = typedAttr<StringAttr>(name, "a string");
  return str ? str.str() : dflt.str();
}

std::optional<SmallVector<int64_t>> NodeConverter::attrInts(StringRef name) {
  auto ints = typedAttr<DenseI64ArrayAttr>(name, "a list of integers");
  if (!ints)
    return std::nullopt;
  return SmallVector<int64_t>(ints.asArrayRef());
}

FailureOr<SmallVector<int64_t>> NodeConverter::constInts(const Tensor &t,
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

FailureOr<std::optional<SmallVector<int64_t>>>
NodeConverter::intsAttrOrInput(ArrayRef<Tensor> in, size_t i, StringRef name,
                               bool fromInput) {
  if (!fromInput)
    return attrInts(name);
  if (in.size() <= i || !in[i].value)
    return std::optional<SmallVector<int64_t>>();
  FailureOr<SmallVector<int64_t>> v = constInts(in[i], name);
  if (failed(v))
    return failure();
  return std::optional<SmallVector<int64_t>>(std::move(*v));
}

FailureOr<int64_t> NodeConverter::normAxis(int64_t axis, int64_t rank,
                                           StringRef what) {
  // A scalar has no axis: every caller indexes a dimension with the result.
  if (axis < -rank || axis >= rank)
    return fail(what + " " + Twine(axis) + " is out of range for rank " +
                Twine(rank));
  return axis < 0 ? axis + rank : axis;
}

FailureOr<Tensor> NodeConverter::input(int i) {
  if (!hasInput(i))
    return fail("input " + Twine(i) + " is missing");
  Tensor t = decode(node->getOperand(i));
  if (!isa<RankedTensorType>(t.value.getType()))
    return fail("input " + Twine(i) + " is not a tensor of known shape");
  return t;
}

LogicalResult NodeConverter::inputs(int min, int max,
                                    SmallVector<Tensor> &out) {
  if (numInputs() < min || numInputs() > max)
    return fail("expects " +
                (min == max ? Twine(min) : Twine(min) + " to " + Twine(max)) +
                " inputs, has " + Twine(numInputs()));
  for (int i = 0; i < numInputs(); ++i) {
    // An omitted optional input (onnx.none); the first `min` inputs are not
    // optional.
    if (!hasInput(i)) {
      if (i < min)
        return fail("input " + Twine(i) + " is required but has no name");
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

LogicalResult NodeConverter::setOutput(int i, Tensor t) {
  if (i >= numOutputs())
    return fail("expects at least " + Twine(i + 1) + " outputs");
  if (attrFailed)
    return failure();
  // Elements of a run-time shape that are all known (the static dimensions
  // of a value with a run-time length: Faster R-CNN's `squeeze(1)` tests
  // one) make a constant, so that shape conditions on them fold.
  if (!t.constant && !t.bounds.empty() &&
      int64_t(t.bounds.size()) == product(t.shape()) &&
      llvm::all_of(t.exact, [](bool e) { return e; }) &&
      (isa<FloatType>(t.elem()) ||
       (isa<IntegerType>(t.elem()) && !t.elem().isInteger(1)))) {
    SmallVector<Attribute> values;
    for (int64_t v : t.bounds)
      values.push_back(isa<FloatType>(t.elem())
                           ? Attribute(FloatAttr::get(t.elem(), double(v)))
                           : Attribute(IntegerAttr::get(t.elem(), v)));
    t = constantTensor(DenseElementsAttr::get(t.type(), values));
  }
  outputs[i] = t;
  return success();
}

Tensor NodeConverter::decode(Value v) {
  Tensor t;
  if (auto bounded = v.getDefiningOp<onnx::BoundedOp>()) {
    t.value = bounded.getInput();
    if (Value length = bounded.getLength()) {
      t.length = length;
      t.lengthAxis = *bounded.getAxis();
    }
    if (auto bounds = bounded.getBounds()) {
      t.bounds.assign(bounds->begin(), bounds->end());
      t.exact.assign(bounded.getExact()->begin(), bounded.getExact()->end());
    }
    return t;
  }
  t.value = v;
  DenseElementsAttr constant;
  if (matchPattern(v, m_Constant(&constant)))
    t.constant = constant;
  return t;
}

Value NodeConverter::encode(const Tensor &t) {
  if (t.constant && !matchPattern(t.value, m_Constant()))
    return materialize(t.constant);
  if (!t.length && t.bounds.empty())
    return t.value;
  auto bounded = onnx::BoundedOp::create(
      b, loc, t.value.getType(), t.value, t.length,
      t.length ? b.getI64IntegerAttr(t.lengthAxis) : IntegerAttr(),
      t.bounds.empty() ? DenseI64ArrayAttr() : b.getDenseI64ArrayAttr(t.bounds),
      t.bounds.empty() ? DenseBoolArrayAttr()
                       : b.getDenseBoolArrayAttr(SmallVector<bool>(t.exact)));
  return bounded.getResult();
}

std::string NodeConverter::nodeName(onnx::NodeOp n) {
  if (auto name = n.getName(); name && !name->empty())
    return "'" + name->str() + "'";
  return "#" + std::to_string(n.getIndex().value_or(0));
}

LogicalResult NodeConverter::fail(const Twine &msg) {
  if (node)
    return node.emitError() << "node " << nodeName(node) << " ("
                            << node.getOpType() << "): " << msg.str();
  return func.emitError() << msg.str();
}

LogicalResult NodeConverter::checkDeclaredShape(Type declared, const Tensor &t,
                                                const Twine &what) {
  auto type = dyn_cast<TensorType>(declared);
  if (!type)
    return success();
  Type et = type.getElementType();
  if (!isa<NoneType>(et) && et != t.elem())
    return fail(what + " is declared with element type " + onnxTypeName(et) +
                " but computes another");
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return success();
  auto mismatch = [&] {
    return fail(what + " is declared with shape " +
                shapeStr(ranked.getShape()) + " but computes " +
                shapeStr(t.shape()));
  };
  if (ranked.getRank() != t.rank())
    return mismatch();
  for (int64_t i = 0; i < t.rank(); ++i) {
    int64_t d = ranked.getDimSize(i);
    if (d != ShapedType::kDynamic && d != t.shape()[i] &&
        !(t.length && t.lengthAxis == i))
      return mismatch();
  }
  return success();
}

LogicalResult NodeConverter::convertNodes(ArrayRef<onnx::NodeOp> nodes) {
  // Nodes a recognised idiom absorbed: read by later nodes of the idiom,
  // erased (last first) when those are converted.
  SmallVector<onnx::NodeOp> absorbed;
  for (onnx::NodeOp n : nodes) {
    node = n;
    attrFailed = false;
    outputs.assign(n->getNumResults(), std::nullopt);
    loc = n.getLoc();
    b.setInsertionPoint(n);
    FailureOr<IdiomPart> idiom = convertIdiom();
    if (failed(idiom))
      return failure();
    if (*idiom == IdiomPart::absorbed) {
      absorbed.push_back(n);
      node = nullptr;
      continue;
    }
    if (*idiom == IdiomPart::none) {
      Handler h = handlers().lookup(n.getOpType());
      if (!h)
        return fail("no lowering for this op");
      if (failed(h(*this)))
        return failure();
    }
    auto declared = n.getDeclaredTypes();
    auto names = n.getResultNames();
    for (auto [i, result] : llvm::enumerate(n->getResults())) {
      if (!outputs[i]) {
        if (!result.use_empty())
          return fail("output " + Twine(i) + " is read but not computed");
        continue;
      }
      std::string what =
          "value " + (names ? "'" + cast<StringAttr>((*names)[i]).str() + "'"
                            : "#" + std::to_string(i));
      if (declared &&
          failed(checkDeclaredShape(cast<TypeAttr>((*declared)[i]).getValue(),
                                    *outputs[i], what)))
        return failure();
      result.replaceAllUsesWith(encode(*outputs[i]));
    }
    node = nullptr;
    n->erase();
  }
  for (onnx::NodeOp n : llvm::reverse(absorbed)) {
    if (!n->use_empty())
      return n.emitError() << "node " << nodeName(n)
                           << " was taken into an idiom but is still read";
    n->erase();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

Value NodeConverter::scalar(Type t, double v) {
  if (auto ft = dyn_cast<FloatType>(t))
    return arith::ConstantOp::create(b, loc, FloatAttr::get(ft, v));
  return arith::ConstantOp::create(
      b, loc, IntegerAttr::get(t, static_cast<int64_t>(v)));
}

Value NodeConverter::convert(OpBuilder &ob, Location l, Value v, Type to) {
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

FailureOr<SmallVector<int64_t>> NodeConverter::broadcast(ArrayRef<Tensor> ins) {
  SmallVector<ArrayRef<int64_t>> shapes;
  for (const Tensor &t : ins)
    shapes.push_back(t.shape());
  if (std::optional<SmallVector<int64_t>> out =
          import_common::broadcastShapes(shapes))
    return *out;
  return fail("shapes " + import_common::joinShapes(shapes) +
              " do not broadcast");
}

FailureOr<Tensor> NodeConverter::reshapeTensor(const Tensor &t,
                                               ArrayRef<int64_t> shape) {
  Tensor r;
  if (t.constant) {
    DenseElementsAttr c = t.constant;
    r = constantTensor(c.reshape(RankedTensorType::get(shape, t.elem())));
  } else {
    r.value = reshape(t.value, shape);
    // Same elements in the same order: the same bounds.
    r.bounds = t.bounds;
    r.exact = t.exact;
  }
  // A run-time length survives when the same number of elements precedes
  // its axis and the axis keeps its size, or absorbs the axes after it
  // (Faster R-CNN's [n, 90, 4] -> [n * 90, 4]): the valid rows are still a
  // prefix, of the length times the absorbed sizes.
  if (t.length) {
    int64_t axis = t.lengthAxis, capacity = t.shape()[axis];
    int64_t before = product(t.shape().take_front(axis));
    int64_t p = 1;
    for (size_t a = 0; a < shape.size() && !r.length; ++a) {
      if (p == before) {
        int64_t absorbed = 1;
        for (int64_t k = axis; k < t.rank(); ++k) {
          absorbed *= k > axis ? t.shape()[k] : 1;
          if (shape[a] != capacity * absorbed)
            continue;
          r.lengthAxis = a;
          r.length = absorbed == 1 ? t.length
                                   : Value(arith::MulIOp::create(
                                         b, loc, t.length, index(absorbed)));
          break;
        }
      }
      p *= shape[a];
    }
    if (!r.length)
      return fail("reshaping " + shapeStr(t.shape()) + ", whose axis " +
                  Twine(t.lengthAxis) + " has a run-time length, to " +
                  shapeStr(shape) + " would mix its valid rows with padding");
  }
  return r;
}

Value NodeConverter::extractScalar(const Tensor &t) {
  SmallVector<Value> zeros(t.rank(), index(0));
  return tensor::ExtractOp::create(b, loc, t.value, zeros);
}

/// out[i] = x[offs + i * strides], by a generic: a tensor.extract_slice
/// would bufferize to a strided view, which the C route cannot express and
/// which memref.copy would copy with a run-time library call.
Value NodeConverter::slice(Value x, ArrayRef<int64_t> offs,
                           ArrayRef<int64_t> sizes, ArrayRef<int64_t> strides) {
  auto xt = cast<RankedTensorType>(x.getType());
  return indexed(
      sizes, xt.getElementType(),
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
Value NodeConverter::pad(Value x, ArrayRef<int64_t> lo, ArrayRef<int64_t> shape,
                         Value padValue) {
  auto xt = cast<RankedTensorType>(x.getType());
  // Nothing to read: all padding (an empty list padded to a capacity).
  if (xt.getNumElements() == 0)
    return linalg::FillOp::create(b, loc, padValue,
                                  empty(shape, xt.getElementType()))
        .getResult(0);
  return indexed(
      shape, xt.getElementType(),
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
              arith::CmpIOp::create(ob, l, arith::CmpIPredicate::sge, local,
                                    zero),
              arith::CmpIOp::create(ob, l, arith::CmpIPredicate::slt, local,
                                    size));
          inside = arith::AndIOp::create(ob, l, inside, ok);
          idx.push_back(arith::MinSIOp::create(
              ob, l, arith::MaxSIOp::create(ob, l, local, zero),
              arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d) - 1)));
        }
        Value v = tensor::ExtractOp::create(ob, l, x, idx);
        return arith::SelectOp::create(ob, l, inside, v, padValue);
      });
}

Value NodeConverter::transpose(Value x, ArrayRef<int64_t> perm) {
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
NodeConverter::foldElementwise(ArrayRef<Tensor> ins, Type elem,
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
void inheritLength(Tensor &out, ArrayRef<Tensor> ins, ArrayRef<int64_t> shape) {
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

} // namespace mlir::detect::onnx_to_detect

namespace mlir::detect::onnx_to_detect {

SmallVector<int64_t> boundsOf(const Tensor &t) {
  if (!t.value || !isa<IntegerType>(t.elem()) || t.elem().isInteger(1))
    return {};
  if (!t.constant)
    return t.bounds;
  if (t.constant.getNumElements() > kMaxFoldElements)
    return {};
  SmallVector<int64_t> v;
  for (const APInt &x : t.constant.getValues<APInt>()) {
    if (x.isNegative())
      return {};
    v.push_back(x.getSExtValue());
  }
  return v;
}

DenseElementsAttr
rearrangeConstant(DenseElementsAttr t, ArrayRef<int64_t> shape,
                  function_ref<int64_t(ArrayRef<int64_t>)> source) {
  auto all = llvm::to_vector(t.getValues<Attribute>());
  SmallVector<Attribute> vals;
  SmallVector<int64_t> idx(shape.size(), 0);
  for (int64_t n = product(shape), k = 0; k < n; ++k) {
    vals.push_back(all[source(idx)]);
    for (int64_t d = int64_t(shape.size()) - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return DenseElementsAttr::get(
      RankedTensorType::get(shape, t.getElementType()), vals);
}

SmallVector<bool> exactOf(const Tensor &t) {
  if (t.constant)
    return SmallVector<bool>(boundsOf(t).size(), true);
  return t.exact;
}

} // namespace mlir::detect::onnx_to_detect
