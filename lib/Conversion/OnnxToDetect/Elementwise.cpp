//===- Elementwise.cpp - Elementwise ONNX ops ----------------------------===//
//
// Part of detect-mlir: the ONNX to detect conversion (NodeConverter.h).
//
//===----------------------------------------------------------------------===//

#include "NodeConverter.h"

namespace mlir::detect::onnx_to_detect {

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

bool allConstant(ArrayRef<Tensor> ts, int64_t limit) {
  for (const Tensor &t : ts)
    if (!t.constant || t.constant.getNumElements() > limit)
      return false;
  return true;
}

FailureOr<SmallVector<int64_t>>
NodeConverter::binaryOperands(SmallVector<Tensor> &in) {
  if (failed(inputs(2, 2, in)))
    return failure();
  if (in[0].elem() != in[1].elem())
    return fail("operand element types differ");
  return broadcast(in);
}

LogicalResult NodeConverter::binary(StringRef op) {
  SmallVector<Tensor> in;
  auto shape = binaryOperands(in);
  if (failed(shape))
    return failure();
  Type et = in[0].elem();
  bool isF = isa<FloatType>(et);
  if ((op == "And" || op == "Or" || op == "Xor") && !et.isInteger(1))
    return fail("expects boolean operands");
  // Mod: fmod = 0 takes the sign of the divisor (Python's %, integers
  // only), fmod = 1 the sign of the dividend (C's fmod).
  bool fmod = op == "Mod" && attrInt("fmod", 0) != 0;
  if (op == "Mod" && isF && !fmod)
    return fail("fmod = 0 on floats is not defined by ONNX");
  if (allConstant(in, kMaxFoldElements) &&
      product(*shape) <= kMaxFoldElements && op != "Pow") {
    auto fn = [&](ArrayRef<double> a) -> double {
      if (op == "Add")
        return a[0] + a[1];
      if (op == "Sub")
        return a[0] - a[1];
      if (op == "Mul")
        return a[0] * a[1];
      if (op == "And")
        return a[0] != 0 && a[1] != 0;
      if (op == "Or")
        return a[0] != 0 || a[1] != 0;
      if (op == "Xor")
        return (a[0] != 0) != (a[1] != 0);
      if (op == "Mod") {
        if (a[1] == 0)
          return isF ? std::fmod(a[0], a[1]) : 0.0;
        double r = std::fmod(a[0], a[1]);
        return !fmod && r != 0 && ((r < 0) != (a[1] < 0)) ? r + a[1] : r;
      }
      // Div: integer division truncates (ONNX Runtime's int64 Div).
      if (isF)
        return a[0] / a[1];
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
        if (op == "Xor")
          return arith::XOrIOp::create(ob, l, a[0], a[1]);
        if (op == "Mod" && isF)
          return arith::RemFOp::create(ob, l, a[0], a[1]);
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
        Value isZero =
            arith::CmpIOp::create(ob, l, arith::CmpIPredicate::eq, a[1], zero);
        Value d = arith::SelectOp::create(ob, l, isZero, one, a[1]);
        if (op != "Mod")
          return arith::DivSIOp::create(ob, l, a[0], d);
        // x mod 0 is 0 here (x mod 1).
        Value r = arith::RemSIOp::create(ob, l, a[0], d);
        if (fmod)
          return r;
        Value rNeg =
            arith::CmpIOp::create(ob, l, arith::CmpIPredicate::slt, r, zero);
        Value dNeg =
            arith::CmpIOp::create(ob, l, arith::CmpIPredicate::slt, d, zero);
        Value rNonZero =
            arith::CmpIOp::create(ob, l, arith::CmpIPredicate::ne, r, zero);
        Value fix = arith::AndIOp::create(
            ob, l, rNonZero, arith::XOrIOp::create(ob, l, rNeg, dNeg));
        return arith::SelectOp::create(ob, l, fix,
                                       arith::AddIOp::create(ob, l, r, d), r);
      });
  inheritLength(out, in, *shape);
  // Sums of run-time shape elements (torch writes `0 + n` for a slice's
  // end): bounds add, elementwise over one shape.
  SmallVector<int64_t> b0 = boundsOf(in[0]), b1 = boundsOf(in[1]);
  if (op == "Add" && in[0].shape() == in[1].shape() && !b0.empty() &&
      b0.size() == b1.size()) {
    SmallVector<bool> e0 = exactOf(in[0]), e1 = exactOf(in[1]);
    for (size_t i = 0; i < b0.size(); ++i) {
      out.bounds.push_back(b0[i] + b1[i]);
      out.exact.push_back(e0[i] && e1[i]);
    }
  }
  return setOutput(0, out);
}

LogicalResult NodeConverter::variadic(StringRef op) {
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
  if (allConstant(in, kMaxFoldElements) &&
      product(*shape) <= kMaxFoldElements) {
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
  // Min/Max of run-time shape values (torchvision's `min(k, len(x))`):
  // the bound of the result, element by element.
  int64_t n = product(*shape);
  if (op != "Sum" && shape->size() <= 1) {
    for (int64_t i = 0; i < n; ++i) {
      std::optional<int64_t> bound;
      bool exact = true;
      for (const Tensor &t : in) {
        SmallVector<int64_t> tb = boundsOf(t);
        SmallVector<bool> te = exactOf(t);
        int64_t k = tb.size() == 1 ? 0 : i;
        if (tb.size() != 1 && tb.size() != size_t(n)) {
          bound.reset();
          break;
        }
        exact = exact && te[k];
        // min(x, y) <= each bound; max(x, y) <= the largest.
        bound = !bound        ? tb[k]
                : op == "Min" ? std::min(*bound, tb[k])
                              : std::max(*bound, tb[k]);
      }
      if (!bound) {
        out.bounds.clear();
        out.exact.clear();
        break;
      }
      out.bounds.push_back(*bound);
      out.exact.push_back(exact);
    }
  }
  return setOutput(0, out);
}

LogicalResult NodeConverter::compare(StringRef op) {
  SmallVector<Tensor> in;
  auto shape = binaryOperands(in);
  if (failed(shape))
    return failure();
  bool isF = isa<FloatType>(in[0].elem());
  if (allConstant(in, kMaxFoldElements) &&
      product(*shape) <= kMaxFoldElements) {
    auto r =
        foldElementwise(in, b.getI1Type(), *shape, [&](ArrayRef<double> a) {
          if (op == "Greater")
            return double(a[0] > a[1]);
          if (op == "Less")
            return double(a[0] < a[1]);
          if (op == "GreaterOrEqual")
            return double(a[0] >= a[1]);
          if (op == "LessOrEqual")
            return double(a[0] <= a[1]);
          return double(a[0] == a[1]);
        });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  // A run-time shape vector (elements in [0, bound], known where exact)
  // against a constant: torch's `expand` asks whether each element is -1,
  // which no shape element is.
  if (op == "Equal" && in[0].rank() == 1 && in[1].constant &&
      in[0].shape() == in[1].shape() && !in[0].bounds.empty()) {
    auto c = constInts(in[1], "the constant");
    if (failed(c))
      return failure();
    SmallVector<bool> eq;
    for (auto [bound, exact, v] : llvm::zip(in[0].bounds, in[0].exact, *c)) {
      if (!exact && v >= 0 && v <= bound)
        break;
      eq.push_back(exact && v == bound);
    }
    if (eq.size() == in[0].bounds.size())
      return setOutput(0, constantTensor(DenseElementsAttr::get(
                              RankedTensorType::get(*shape, b.getI1Type()),
                              ArrayRef<bool>(eq))));
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

LogicalResult NodeConverter::unary(StringRef op) {
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
  // Shape arithmetic rounds sizes (torchvision's batch padding: ceil of a
  // division; its resize: the reciprocal of the image's side): exact or
  // single IEEE operations on known values are computed here (a quotient
  // of floats rounded once more to float is the float quotient).
  if ((op == "Ceil" || op == "Floor" || op == "Neg" || op == "Abs" ||
       op == "Reciprocal") &&
      allConstant(in, kMaxFoldElements)) {
    auto r = foldElementwise(in, et, in[0].shape(), [&](ArrayRef<double> a) {
      return op == "Ceil"         ? std::ceil(a[0])
             : op == "Floor"      ? std::floor(a[0])
             : op == "Neg"        ? -a[0]
             : op == "Reciprocal" ? 1.0 / a[0]
                                  : std::fabs(a[0]);
    });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
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
        if (op == "Exp")
          return math::ExpOp::create(ob, l, x);
        if (op == "Log")
          return math::LogOp::create(ob, l, x);
        if (op == "Sqrt")
          return math::SqrtOp::create(ob, l, x);
        if (op == "Tanh")
          return math::TanhOp::create(ob, l, x);
        if (op == "Floor")
          return math::FloorOp::create(ob, l, x);
        if (op == "Ceil")
          return math::CeilOp::create(ob, l, x);
        if (op == "Reciprocal")
          return arith::DivFOp::create(ob, l, c(1), x);
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

LogicalResult NodeConverter::opIdentity() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  return setOutput(0, in[0]);
}

LogicalResult NodeConverter::opConstant() {
  DictionaryAttr attrs = node.getNodeAttributes();
  if (attrs.size() != 1)
    return fail("expects exactly one attribute");
  NamedAttribute a = *attrs.begin();
  StringRef name = a.getName().getValue();
  Attribute v = a.getValue();
  DenseElementsAttr value;
  if (name == "value" && isa<DenseElementsAttr>(v)) {
    value = cast<DenseElementsAttr>(v);
  } else if (name == "value_float" && isa<FloatAttr>(v)) {
    value =
        DenseElementsAttr::get(RankedTensorType::get({}, b.getF32Type()),
                               float(cast<FloatAttr>(v).getValueAsDouble()));
  } else if (name == "value_floats" && isa<DenseF32ArrayAttr>(v)) {
    ArrayRef<float> floats = cast<DenseF32ArrayAttr>(v).asArrayRef();
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(floats.size())}, b.getF32Type()),
        floats);
  } else if (name == "value_int" && isa<IntegerAttr>(v)) {
    value = DenseElementsAttr::get(RankedTensorType::get({}, b.getI64Type()),
                                   cast<IntegerAttr>(v).getInt());
  } else if (name == "value_ints" && isa<DenseI64ArrayAttr>(v)) {
    ArrayRef<int64_t> ints = cast<DenseI64ArrayAttr>(v).asArrayRef();
    value = DenseElementsAttr::get(
        RankedTensorType::get({int64_t(ints.size())}, b.getI64Type()), ints);
  } else {
    return fail("unsupported attribute '" + name + "'");
  }
  return setOutput(0, constantTensor(value));
}

LogicalResult NodeConverter::opCast() {
  SmallVector<Tensor> in;
  if (failed(inputs(1, 1, in)))
    return failure();
  int64_t to = attrInt("to", -1);
  Type et = elementType(to);
  if (!et)
    return fail("cannot cast to element type " + onnxTypeName(to));
  // Known values are cast here (sizes computed in float, as torchvision's
  // batch padding does); float to integer only when every value is finite
  // and in range, where the cast truncates as ONNX Runtime's does.
  auto foldableToInt = [&] {
    if (!isa<FloatType>(in[0].elem()))
      return true;
    return llvm::all_of(in[0].constant.getValues<APFloat>(), [](APFloat v) {
      return v.isFinite() && std::fabs(v.convertToDouble()) < 0x1p31;
    });
  };
  if (in[0].constant && in[0].constant.getNumElements() <= kMaxFoldElements &&
      !et.isInteger(1) && !in[0].elem().isInteger(1) &&
      (!isa<IntegerType>(et) || foldableToInt())) {
    auto r = foldElementwise(in, et, in[0].shape(), [&](ArrayRef<double> a) {
      return isa<IntegerType>(et) ? std::trunc(a[0]) : a[0];
    });
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
  if (isa<IntegerType>(et) && et.getIntOrFloatBitWidth() >= 32) {
    out.bounds = in[0].bounds;
    out.exact = in[0].exact;
  }
  return setOutput(0, out);
}

LogicalResult NodeConverter::opClip() {
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
              ob, l, x,
              arith::ConstantOp::create(ob, l, FloatAttr::get(et, *lo)));
        if (hiIdx >= 0)
          x = arith::MinimumFOp::create(ob, l, x, a[hiIdx]);
        else if (hi)
          x = arith::MinimumFOp::create(
              ob, l, x,
              arith::ConstantOp::create(ob, l, FloatAttr::get(et, *hi)));
        return x;
      });
  inheritLength(out, in, in[0].shape());
  return setOutput(0, out);
}

LogicalResult NodeConverter::opWhere() {
  SmallVector<Tensor> in;
  if (failed(inputs(3, 3, in)))
    return failure();
  if (!in[0].elem().isInteger(1) || in[1].elem() != in[2].elem())
    return fail("expects a boolean condition and two operands of one type");
  auto shape = broadcast(in);
  if (failed(shape))
    return failure();
  if (allConstant(in, kMaxFoldElements) &&
      product(*shape) <= kMaxFoldElements) {
    auto r = foldElementwise(in, in[1].elem(), *shape, [](ArrayRef<double> a) {
      return a[0] != 0 ? a[1] : a[2];
    });
    if (failed(r))
      return failure();
    return setOutput(0, *r);
  }
  // A condition known to be all true or all false picks an operand as it is
  // (a run-time shape vector keeps its bounds for the Expand that reads it).
  if (in[0].constant && in[0].constant.isSplat()) {
    const Tensor &picked = in[0].constant.getSplatValue<bool>() ? in[1] : in[2];
    if (picked.shape() == ArrayRef<int64_t>(*shape))
      return setOutput(0, picked);
  }
  Tensor out;
  out.value =
      elementwise({in[0].value, in[1].value, in[2].value}, *shape, in[1].elem(),
                  [&](OpBuilder &ob, Location l, ArrayRef<Value> a) {
                    return arith::SelectOp::create(ob, l, a[0], a[1], a[2]);
                  });
  inheritLength(out, in, *shape);
  return setOutput(0, out);
}

} // namespace mlir::detect::onnx_to_detect
