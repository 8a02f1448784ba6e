//===- TfliteImporter.cpp - TFLite model to detect + upstream dialects ----===//
//
// Part of detect-mlir. Checks a .tflite flatbuffer with flatbuffers'
// Verifier before reading anything, cuts the main subgraph at the requested
// input and output tensors, and imports the operators in between, in the
// file's order (TFLite stores them in execution order), into one func.func.
// The op families live in their own files; this file holds the driver and
// the helpers they share.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Import/Tflite.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include "flatbuffers/flatbuffers.h"

#include <cstring>
#include <limits>

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;

namespace detect {
namespace tflite_import {

std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + "]";
}

static std::string cIdentifier(StringRef name) {
  std::string id;
  for (char c : name)
    id += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])))
    id = "_" + id;
  return id;
}

/// A name from the file as message text: bytes that are not printable
/// ASCII (a corrupt name) are shown as \xNN.
static std::string printable(StringRef name) {
  std::string out;
  for (unsigned char c : name) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
      continue;
    }
    static const char hex[] = "0123456789abcdef";
    out += "\\x";
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

/// The names TFLite gives the builtin codes the importer knows; other codes
/// are named by number in messages.
static std::string builtinName(int32_t code) {
  const char *name = fb::EnumNameBuiltinOperator(
      static_cast<fb::BuiltinOperator>(code));
  if (name && *name)
    return name;
  return "builtin operator " + std::to_string(code);
}

/// Bound on the elements of one tensor: keeps every byte count in range.
constexpr int64_t kMaxElements = int64_t(1) << 31;

Importer::Importer(StringRef bytes, StringRef fileName, MLIRContext &ctx,
                   const TfliteImportOptions &options,
                   std::vector<std::string> &errors)
    : b(&ctx), loc(UnknownLoc::get(&ctx)), ctx(ctx), bytes(bytes),
      fileName(fileName.str()), options(options), errors(errors) {}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

LogicalResult Importer::fail(const Twine &message) {
  if (currentOp)
    errors.push_back(fileName + ": error: operator " +
                     std::to_string(currentOpIndex) + " (" +
                     opName(currentOpIndex) + "): " + message.str());
  else
    errors.push_back(fileName + ": error: " + message.str());
  return failure();
}

std::string Importer::tensorName(int32_t t) const {
  const auto *tensor = graph->tensors()->Get(t);
  std::string s = "tensor " + std::to_string(t);
  if (tensor->name())
    s += " '" + printable(tensor->name()->string_view()) + "'";
  return s;
}

LogicalResult Importer::tensorFail(int32_t t, const Twine &message) {
  return fail(tensorName(t) + ": " + message);
}

std::string Importer::opName(int64_t opIndex) const {
  const fb::Operator *o = graph->operators()->Get(opIndex);
  const auto *codes = model->operator_codes();
  if (!codes || o->opcode_index() >= codes->size())
    return "opcode " + std::to_string(o->opcode_index());
  const fb::OperatorCode *code = codes->Get(o->opcode_index());
  // Files from before the 32-bit code only set deprecated_builtin_code; the
  // larger of the two is the code (TFLite's GetBuiltinCode).
  int32_t builtin = std::max<int32_t>(code->deprecated_builtin_code(),
                                      static_cast<int32_t>(code->builtin_code()));
  if (builtin == static_cast<int32_t>(fb::BuiltinOperator::CUSTOM))
    return code->custom_code() ? printable(code->custom_code()->string_view())
                               : "CUSTOM";
  return builtinName(builtin);
}

//===----------------------------------------------------------------------===//
// Checking the file
//===----------------------------------------------------------------------===//

LogicalResult Importer::verifyFile() {
  const auto *data = reinterpret_cast<const uint8_t *>(bytes.data());
  // The verifier's offsets are 32-bit; it also needs the root offset and
  // the identifier to read at all.
  if (bytes.size() < 8 || bytes.size() >= FLATBUFFERS_MAX_BUFFER_SIZE)
    return fail("not a valid TFLite model (" + std::to_string(bytes.size()) +
                " bytes is not the size of a flatbuffer)");
  if (!fb::ModelBufferHasIdentifier(data))
    return fail("not a TFLite model (the file identifier is not \"TFL3\")");
  flatbuffers::Verifier verifier(data, bytes.size());
  if (!fb::VerifyModelBuffer(verifier))
    return fail("not a valid TFLite model (the flatbuffer is truncated or "
                "corrupt)");
  model = fb::GetModel(data);
  if (!model->subgraphs() || model->subgraphs()->size() == 0)
    return fail("the model has no subgraph");
  graph = model->subgraphs()->Get(0);
  if (!graph->tensors() || !graph->operators())
    return fail("subgraph 0 has no tensors or no operators");
  // Every index the importer follows is checked once here, so the op
  // importers can trust them.
  int64_t numTensors = graph->tensors()->size();
  auto checkTensorList = [&](const flatbuffers::Vector<int32_t> *list,
                             const Twine &what, bool optional) -> LogicalResult {
    if (!list)
      return success();
    for (int32_t t : *list)
      if (t >= numTensors || (t < 0 && !(optional && t == -1)))
        return fail(what + " refers to tensor " + std::to_string(t) +
                    ", but the subgraph has " + std::to_string(numTensors) +
                    " tensors");
    return success();
  };
  if (failed(checkTensorList(graph->inputs(), "the subgraph's input list", false)) ||
      failed(checkTensorList(graph->outputs(), "the subgraph's output list", false)))
    return failure();
  int64_t numCodes = model->operator_codes() ? model->operator_codes()->size() : 0;
  for (auto [i, o] : llvm::enumerate(*graph->operators())) {
    if (o->opcode_index() >= numCodes)
      return fail("operator " + std::to_string(i) + " uses opcode " +
                  std::to_string(o->opcode_index()) + ", but the model has " +
                  std::to_string(numCodes) + " operator codes");
    if (failed(checkTensorList(o->inputs(),
                               "operator " + std::to_string(i) + " (" +
                                   opName(i) + ")",
                               true)) ||
        failed(checkTensorList(o->outputs(),
                               "operator " + std::to_string(i) + " (" +
                                   opName(i) + ")",
                               false)))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

fb::TensorType Importer::fileType(int32_t t) const {
  return graph->tensors()->Get(t)->type();
}

FailureOr<RankedTensorType> Importer::tensorType(int32_t t) {
  const fb::Tensor *tensor = graph->tensors()->Get(t);
  if (tensor->sparsity())
    return tensorFail(t, "sparse tensors are not supported");
  SmallVector<int64_t> shape;
  int64_t elements = 1;
  if (tensor->shape()) {
    for (int32_t d : *tensor->shape()) {
      if (d < 0)
        return tensorFail(t, "dimension " + std::to_string(d) +
                                 " is not static (give the tensor a static "
                                 "shape when converting)");
      shape.push_back(d);
      elements *= d ? d : 1;
      if (elements > kMaxElements)
        return tensorFail(t, "more than 2^31 elements");
    }
  }
  Type elem;
  switch (tensor->type()) {
  case fb::TensorType::FLOAT32: elem = Float32Type::get(&ctx); break;
  case fb::TensorType::INT32: elem = IntegerType::get(&ctx, 32); break;
  case fb::TensorType::INT64: elem = IntegerType::get(&ctx, 64); break;
  case fb::TensorType::INT16: elem = IntegerType::get(&ctx, 16); break;
  case fb::TensorType::UINT8:
  case fb::TensorType::INT8: elem = IntegerType::get(&ctx, 8); break;
  case fb::TensorType::BOOL: elem = IntegerType::get(&ctx, 1); break;
  default: {
    const char *name = fb::EnumNameTensorType(tensor->type());
    return tensorFail(t, Twine("element type ") +
                             (name && *name ? name
                                            : std::to_string(static_cast<int>(
                                                  tensor->type()))) +
                             " is not supported");
  }
  }
  return RankedTensorType::get(shape, elem);
}

FailureOr<std::optional<Quantization>> Importer::quantization(int32_t t) {
  const fb::Tensor *tensor = graph->tensors()->Get(t);
  const fb::QuantizationParameters *q = tensor->quantization();
  if (!q || !q->scale() || q->scale()->size() == 0)
    return std::optional<Quantization>();
  if (q->details_type() != fb::QuantizationDetails::NONE)
    return tensorFail(t, "custom quantization is not supported");
  if (q->scale()->size() != 1)
    return tensorFail(t, "per-axis quantization (" +
                             std::to_string(q->scale()->size()) +
                             " scales) is not supported");
  Quantization r;
  r.scale = q->scale()->Get(0);
  if (q->zero_point() && q->zero_point()->size() > 0)
    r.zeroPoint = q->zero_point()->Get(0);
  if (!(r.scale > 0.0f) || !std::isfinite(r.scale))
    return tensorFail(t, "quantization scale " + std::to_string(r.scale) +
                             " is not a positive number");
  if (r.zeroPoint < -32768 || r.zeroPoint > 65535)
    return tensorFail(t, "zero point " + std::to_string(r.zeroPoint) +
                             " is out of range");
  return std::optional<Quantization>(r);
}

/// The bytes of tensor `t`'s buffer: empty when it has none (a computed
/// tensor). Data outside the flatbuffer (Buffer.offset, models over 2 GB)
/// must lie inside the file.
FailureOr<ArrayRef<uint8_t>> Importer::bufferBytes(int32_t t) {
  uint32_t index = graph->tensors()->Get(t)->buffer();
  if (index == 0)
    return ArrayRef<uint8_t>();
  const auto *buffers = model->buffers();
  if (!buffers || index >= buffers->size())
    return tensorFail(t, "buffer " + std::to_string(index) +
                             " does not exist (the model has " +
                             std::to_string(buffers ? buffers->size() : 0) +
                             " buffers)");
  const fb::Buffer *buf = buffers->Get(index);
  if (buf->offset() > 1) {
    uint64_t offset = buf->offset(), size = buf->size();
    if (offset > bytes.size() || size > bytes.size() - offset)
      return tensorFail(t, "buffer " + std::to_string(index) + " at offset " +
                               std::to_string(offset) + " (" +
                               std::to_string(size) +
                               " bytes) lies past the end of the file (" +
                               std::to_string(bytes.size()) + " bytes)");
    return ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(bytes.data()) + offset, size);
  }
  if (!buf->data())
    return ArrayRef<uint8_t>();
  return ArrayRef<uint8_t>(buf->data()->data(), buf->data()->size());
}

FailureOr<DenseElementsAttr> Importer::constantOf(int32_t t) {
  FailureOr<ArrayRef<uint8_t>> raw = bufferBytes(t);
  if (failed(raw))
    return failure();
  if (raw->empty())
    return DenseElementsAttr();
  FailureOr<RankedTensorType> type = tensorType(t);
  if (failed(type))
    return failure();
  Type elem = type->getElementType();
  int64_t width = elem.isInteger(1) ? 1 : elem.getIntOrFloatBitWidth() / 8;
  int64_t need = type->getNumElements() * width;
  if (static_cast<int64_t>(raw->size()) != need)
    return tensorFail(t, "buffer holds " + std::to_string(raw->size()) +
                             " bytes, shape " + shapeStr(type->getShape()) +
                             " needs " + std::to_string(need));
  if (elem.isInteger(1)) {
    SmallVector<bool> v;
    for (uint8_t x : *raw)
      v.push_back(x != 0);
    return DenseElementsAttr::get(*type, ArrayRef<bool>(v));
  }
  // TFLite buffers are little-endian, as is every host this builds on.
  return DenseElementsAttr::getFromRawBuffer(
      *type, ArrayRef<char>(reinterpret_cast<const char *>(raw->data()),
                            raw->size()));
}

Value Importer::materialize(DenseElementsAttr attr) {
  auto type = cast<RankedTensorType>(attr.getType());
  // Only on request: the C route emits dense constants, not resources.
  if (options.resourceThreshold >= 0 && !attr.isSplat() &&
      attr.getNumElements() > options.resourceThreshold &&
      !type.getElementType().isInteger(1)) {
    ArrayRef<char> raw = attr.getRawData();
    auto blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint64_t));
    auto res = DenseResourceElementsAttr::get(
        type, "tflite_" + std::to_string(resourceCounter++), std::move(blob));
    return arith::ConstantOp::create(b, loc, type, res);
  }
  return arith::ConstantOp::create(b, loc, type, attr);
}

//===----------------------------------------------------------------------===//
// The current operator
//===----------------------------------------------------------------------===//

int64_t Importer::numInputs() const {
  return currentOp->inputs() ? currentOp->inputs()->size() : 0;
}
int64_t Importer::numOutputs() const {
  return currentOp->outputs() ? currentOp->outputs()->size() : 0;
}
int32_t Importer::inputIndex(int64_t i) const {
  return i < numInputs() ? currentOp->inputs()->Get(i) : -1;
}
int32_t Importer::outputIndex(int64_t i) const {
  return currentOp->outputs()->Get(i);
}

LogicalResult Importer::expectArity(int64_t minIn, int64_t maxIn,
                                    int64_t outputs) {
  if (numInputs() < minIn || numInputs() > maxIn) {
    std::string want = minIn == maxIn ? std::to_string(minIn)
                                      : std::to_string(minIn) + " to " +
                                            std::to_string(maxIn);
    return fail("has " + std::to_string(numInputs()) + " inputs, expected " +
                want);
  }
  if (numOutputs() != outputs)
    return fail("has " + std::to_string(numOutputs()) + " outputs, expected " +
                std::to_string(outputs));
  for (int64_t i = 0; i < minIn; ++i)
    if (inputIndex(i) < 0)
      return fail("input " + std::to_string(i) + " is missing");
  return success();
}

FailureOr<Value> Importer::input(int64_t i) {
  int32_t t = inputIndex(i);
  if (t < 0)
    return fail("input " + std::to_string(i) + " is missing");
  if (Value v = values.lookup(t))
    return v;
  FailureOr<DenseElementsAttr> c = constantOf(t);
  if (failed(c))
    return failure();
  if (!*c)
    return tensorFail(t, "is used before any operator computes it");
  Value v = materialize(*c);
  values[t] = v;
  return v;
}

FailureOr<DenseElementsAttr> Importer::constantInput(int64_t i) {
  int32_t t = inputIndex(i);
  if (t < 0)
    return fail("input " + std::to_string(i) + " is missing");
  return constantOf(t);
}

FailureOr<SmallVector<int64_t>> Importer::constantInts(int64_t i,
                                                       StringRef what) {
  FailureOr<DenseElementsAttr> c = constantInput(i);
  if (failed(c))
    return failure();
  if (!*c || !c->getElementType().isSignlessInteger() ||
      c->getElementType().isInteger(1))
    return fail(Twine(what) + " (input " + std::to_string(i) +
                ") must be a constant integer tensor");
  SmallVector<int64_t> v;
  for (const APInt &x : c->getValues<APInt>())
    v.push_back(x.getSExtValue());
  return v;
}

FailureOr<double> Importer::constantScalar(int64_t i, StringRef what) {
  FailureOr<DenseElementsAttr> c = constantInput(i);
  if (failed(c))
    return failure();
  if (!*c || c->getNumElements() != 1)
    return fail(Twine(what) + " (input " + std::to_string(i) +
                ") must be a constant with one element");
  if (isa<FloatType>(c->getElementType()))
    return (*c->getValues<APFloat>().begin()).convertToDouble();
  return static_cast<double>((*c->getValues<APInt>().begin()).getSExtValue());
}

LogicalResult Importer::setOutput(int64_t i, Value v) {
  int32_t t = outputIndex(i);
  auto computed = cast<RankedTensorType>(v.getType());
  FailureOr<RankedTensorType> declared = tensorType(t);
  if (failed(declared))
    return failure();
  if (declared->getElementType() != computed.getElementType())
    return tensorFail(t, "declared with another element type than the " +
                             std::string("operator computes"));
  // TFLite writes [] for shapes it only knows when the model runs.
  bool unknown = declared->getRank() == 0 && computed.getRank() != 0;
  if (!unknown && declared->getShape() != computed.getShape())
    return tensorFail(t, "declared with shape " +
                             shapeStr(declared->getShape()) +
                             " but the operator computes " +
                             shapeStr(computed.getShape()));
  values[t] = v;
  return success();
}

LogicalResult Importer::requireFloatOrIntInputs() {
  for (int64_t i = 0; i < numInputs(); ++i) {
    int32_t t = inputIndex(i);
    if (t < 0)
      continue;
    fb::TensorType ty = fileType(t);
    if (ty == fb::TensorType::UINT8 || ty == fb::TensorType::INT8) {
      FailureOr<std::optional<Quantization>> q = quantization(t);
      if (failed(q))
        return failure();
      if (*q)
        return fail("quantized " + tensorName(t) +
                    " is not supported here (only DEQUANTIZE, QUANTIZE and "
                    "TFLite_Detection_PostProcess read quantized tensors)");
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

Value Importer::empty(ArrayRef<int64_t> shape, Type elem) {
  return tensor::EmptyOp::create(b, loc, shape, elem);
}

FailureOr<SmallVector<int64_t>>
Importer::broadcast(ArrayRef<ArrayRef<int64_t>> shapes) {
  size_t rank = 0;
  for (ArrayRef<int64_t> s : shapes)
    rank = std::max(rank, s.size());
  SmallVector<int64_t> out(rank, 1);
  for (ArrayRef<int64_t> s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t d = s[i];
      int64_t &o = out[rank - s.size() + i];
      if (d == o || d == 1)
        continue;
      if (o == 1) {
        o = d;
        continue;
      }
      std::string text;
      for (ArrayRef<int64_t> u : shapes)
        text += (text.empty() ? "" : " and ") + shapeStr(u);
      return fail("shapes " + text + " do not broadcast");
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
        linalg::YieldOp::create(ob, l, body(ob, l, in));
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
    llvm::function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
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
                                     empty(outShape, init.getType()))
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
                             ob, l, lin,
                             arith::ConstantIndexOp::create(ob, l, shape[d])),
                         iv);
                   SmallVector<Value> idx(xt.getRank());
                   for (int64_t d = xt.getRank() - 1; d >= 0; --d) {
                     Value size = arith::ConstantIndexOp::create(ob, l, xt.getDimSize(d));
                     idx[d] = d == 0 ? lin
                                     : arith::RemSIOp::create(ob, l, lin, size).getResult();
                     if (d > 0)
                       lin = arith::DivSIOp::create(ob, l, lin, size);
                   }
                   return tensor::ExtractOp::create(ob, l, x, idx);
                 });
}

//===----------------------------------------------------------------------===//
// The driver
//===----------------------------------------------------------------------===//

/// Tensors named on the command line, or the subgraph's own inputs and
/// outputs.
LogicalResult Importer::resolveEnds(SmallVector<int32_t> &ins,
                                    SmallVector<int32_t> &outs) {
  llvm::StringMap<int32_t> byName;
  for (auto [i, t] : llvm::enumerate(*graph->tensors()))
    if (t->name())
      byName.try_emplace(t->name()->str(), static_cast<int32_t>(i));
  auto resolve = [&](const std::vector<std::string> &names,
                     const flatbuffers::Vector<int32_t> *dflt, StringRef flag,
                     SmallVector<int32_t> &out) -> LogicalResult {
    if (names.empty()) {
      if (dflt)
        out.append(dflt->begin(), dflt->end());
      return success();
    }
    for (const std::string &n : names) {
      auto it = byName.find(n);
      if (it == byName.end())
        return fail(flag + " names '" + n + "', which is no tensor of the model");
      out.push_back(it->second);
    }
    return success();
  };
  if (failed(resolve(options.inputs, graph->inputs(), "--inputs", ins)) ||
      failed(resolve(options.outputs, graph->outputs(), "--outputs", outs)))
    return failure();
  if (outs.empty())
    return fail("the model has no outputs (name some with --outputs)");
  return success();
}

/// The operators needed to compute `outs` from `ins` and constants, in the
/// file's order; errors for a tensor nothing computes and for unsupported
/// ops (all of them at once).
LogicalResult Importer::selectOperators(ArrayRef<int32_t> ins,
                                        ArrayRef<int32_t> outs,
                                        SmallVector<int64_t> &selected) {
  llvm::DenseMap<int32_t, int64_t> producer;
  for (auto [i, o] : llvm::enumerate(*graph->operators()))
    if (o->outputs())
      for (int32_t t : *o->outputs())
        producer.try_emplace(t, i);
  llvm::DenseSet<int32_t> given(ins.begin(), ins.end());
  llvm::DenseSet<int32_t> seenTensors;
  llvm::DenseSet<int64_t> needed;
  // (tensor, the operator reading it or -1 for an output): a constant's
  // buffer is checked here, with that operator named in the message.
  SmallVector<std::pair<int32_t, int64_t>> work;
  for (int32_t t : outs)
    work.push_back({t, -1});
  auto inOperator = [&](int64_t opIndex, llvm::function_ref<LogicalResult()> fn) {
    currentOp = opIndex < 0 ? nullptr : graph->operators()->Get(opIndex);
    currentOpIndex = opIndex;
    LogicalResult r = fn();
    currentOp = nullptr;
    return r;
  };
  while (!work.empty()) {
    int32_t t = work.back().first;
    int64_t consumer = work.back().second;
    work.pop_back();
    if (!seenTensors.insert(t).second || given.contains(t))
      continue;
    auto it = producer.find(t);
    if (it == producer.end()) {
      if (failed(inOperator(consumer, [&]() -> LogicalResult {
            FailureOr<ArrayRef<uint8_t>> raw = bufferBytes(t);
            if (failed(raw))
              return failure();
            if (raw->empty())
              return fail(tensorName(t) +
                          " is needed but is no input, no constant and no "
                          "operator's output");
            return success();
          })))
        return failure();
      continue;
    }
    if (!needed.insert(it->second).second)
      continue;
    const fb::Operator *o = graph->operators()->Get(it->second);
    if (o->inputs())
      for (int32_t in : *o->inputs())
        if (in >= 0)
          work.push_back({in, static_cast<int64_t>(it->second)});
  }
  for (int64_t i = 0, e = graph->operators()->size(); i < e; ++i)
    if (needed.contains(i))
      selected.push_back(i);

  // Unsupported ops are reported all at once, before anything is built.
  SmallVector<std::pair<int64_t, std::string>> unsupported;
  for (int64_t i : selected) {
    const fb::Operator *o = graph->operators()->Get(i);
    if (o->large_custom_options_offset() > 1)
      return inOperator(i, [&] {
        return fail("custom options stored outside the flatbuffer are not "
                    "supported");
      });
    if (lookupOpImporter(opName(i)))
      continue;
    const fb::OperatorCode *code = model->operator_codes()->Get(o->opcode_index());
    bool custom = code->custom_code() != nullptr ||
                  std::max<int32_t>(code->deprecated_builtin_code(),
                                    static_cast<int32_t>(code->builtin_code())) ==
                      static_cast<int32_t>(fb::BuiltinOperator::CUSTOM);
    unsupported.push_back(
        {i, custom ? "unknown custom op '" + opName(i) + "'" : opName(i)});
  }
  if (unsupported.size() == 1)
    return inOperator(unsupported[0].first, [&] {
      return fail(StringRef(unsupported[0].second).starts_with("unknown")
                      ? unsupported[0].second
                      : "unsupported op");
    });
  if (!unsupported.empty()) {
    std::string text = fileName + ": error: " + std::to_string(unsupported.size()) +
                       " operators with unsupported ops:";
    for (const auto &[i, what] : unsupported)
      text += "\n  " + fileName + ": operator " + std::to_string(i) + ": " + what;
    errors.push_back(text);
    return failure();
  }
  return success();
}

std::string Importer::functionName() const {
  if (!options.functionName.empty())
    return options.functionName;
  if (graph->name() && graph->name()->size() > 0)
    return cIdentifier(graph->name()->str());
  return cIdentifier(llvm::sys::path::stem(fileName));
}

LogicalResult Importer::run(ModuleOp module) {
  if (failed(verifyFile()))
    return failure();
  SmallVector<int32_t> ins, outs;
  SmallVector<int64_t> selected;
  if (failed(resolveEnds(ins, outs)) ||
      failed(selectOperators(ins, outs, selected)))
    return failure();

  SmallVector<Type> argTypes, resultTypes;
  for (int32_t t : ins) {
    FailureOr<RankedTensorType> ty = tensorType(t);
    if (failed(ty))
      return failure();
    argTypes.push_back(*ty);
  }

  b.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(b, loc, functionName(),
                                   b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  for (auto [t, arg] : llvm::zip(ins, entry->getArguments()))
    values[t] = arg;

  // Verifier messages of the ops built for an operator name that operator.
  ScopedDiagnosticHandler diagnostics(&ctx, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error)
      (void)fail(d.str());
    return success();
  });
  for (int64_t i : selected) {
    currentOp = graph->operators()->Get(i);
    currentOpIndex = i;
    OpImporter importOp = lookupOpImporter(opName(i));
    Operation *before = entry->empty() ? nullptr : &entry->back();
    if (failed(importOp(*this)))
      return failure();
    // Each op is checked as it is built, so a bad file is reported at its
    // operator instead of as a broken function at the end.
    auto it = before ? std::next(before->getIterator()) : entry->begin();
    for (; it != entry->end(); ++it)
      if (failed(mlir::verify(&*it, /*verifyRecursively=*/true)))
        return failure();
  }
  currentOp = nullptr;

  SmallVector<Value> results;
  for (int32_t t : outs) {
    Value v = values.lookup(t);
    if (!v) {
      // An output that is also an input, or a constant.
      FailureOr<DenseElementsAttr> c = constantOf(t);
      if (failed(c))
        return failure();
      if (!*c)
        return fail(tensorName(t) + " is requested as an output but is never computed");
      v = materialize(*c);
    }
    // A rank-0 output (NMS's valid_outputs) is returned as a scalar: the
    // same out-pointer in the C ABI, and the C route has no rank-0 tensors.
    auto vt = cast<RankedTensorType>(v.getType());
    if (vt.getRank() == 0)
      v = tensor::ExtractOp::create(b, loc, v, ValueRange{});
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  func::ReturnOp::create(b, loc, results);
  func.setFunctionType(b.getFunctionType(argTypes, resultTypes));
  if (failed(mlir::verify(module)))
    return fail("the imported function does not verify");
  return success();
}

//===----------------------------------------------------------------------===//
// The op table
//===----------------------------------------------------------------------===//

OpImporter lookupOpImporter(StringRef name) {
  static const llvm::StringMap<OpImporter> table = {
      {"TFLite_Detection_PostProcess", importDetectionPostProcess},
      {"NON_MAX_SUPPRESSION_V4", importNonMaxSuppressionV4},
      {"NON_MAX_SUPPRESSION_V5", importNonMaxSuppressionV5},
      {"DEQUANTIZE", importDequantize},
      {"QUANTIZE", importQuantize},
      {"ADD", importAdd},
      {"SUB", importSub},
      {"MUL", importMul},
      {"DIV", importDiv},
      {"MAXIMUM", importMaximum},
      {"MINIMUM", importMinimum},
      {"LOGISTIC", importLogistic},
      {"EXP", importExp},
      {"CAST", importCast},
      {"RESHAPE", importReshape},
      {"SQUEEZE", importSqueeze},
      {"EXPAND_DIMS", importExpandDims},
      {"CONCATENATION", importConcatenation},
      {"TRANSPOSE", importTranspose},
      {"SLICE", importSlice},
      {"STRIDED_SLICE", importStridedSlice},
      {"GATHER", importGather},
      {"PACK", importPack},
      {"UNPACK", importUnpack},
      {"SOFTMAX", importSoftmax},
      {"ARG_MAX", importArgMax},
      {"REDUCE_MAX", importReduceMax},
  };
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

} // namespace tflite_import

void registerTfliteImportDialects(MLIRContext &context) {
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect,
                      scf::SCFDialect, tensor::TensorDialect,
                      mlir::detect::DetectDialect>();
}

OwningOpRef<ModuleOp> importTfliteModel(StringRef bytes, StringRef fileName,
                                        MLIRContext &context,
                                        const TfliteImportOptions &options,
                                        std::vector<std::string> &errors) {
  registerTfliteImportDialects(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&context));
  tflite_import::Importer importer(bytes, fileName, context, options, errors);
  if (failed(importer.run(*module)))
    return nullptr;
  return module;
}

} // namespace detect
