//===- TfliteReader.cpp - Checking and reading the .tflite flatbuffer
//------===//
//
// Part of detect-mlir. The flatbuffers Verifier checks the whole buffer
// before anything is read; then every index the importer follows (tensors,
// opcodes) is checked once, and each tensor's type, quantization and buffer
// are read with their own checks. Every failure is one message naming the
// file, and the operator when there is one.
//
//===----------------------------------------------------------------------===//

#include "TfliteImporter.h"

#include "flatbuffers/flatbuffers.h"

#include <cmath>

namespace detect {
namespace tflite_import {

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

/// The name TFLite gives a builtin code (the schema states them all up to
/// RIGHT_SHIFT); larger codes are named by number.
static std::string builtinName(int32_t code) {
  const char *name =
      fb::EnumNameBuiltinOperator(static_cast<fb::BuiltinOperator>(code));
  if (name && *name)
    return name;
  return "builtin operator " + std::to_string(code);
}

/// Bound on the elements of one tensor: keeps every byte count in range.
constexpr int64_t kMaxElements = int64_t(1) << 31;

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
  int32_t builtin =
      std::max<int32_t>(code->deprecated_builtin_code(),
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
                             const Twine &what,
                             bool optional) -> LogicalResult {
    if (!list)
      return success();
    for (int32_t t : *list)
      if (t >= numTensors || (t < 0 && !(optional && t == -1)))
        return fail(what + " refers to tensor " + std::to_string(t) +
                    ", but the subgraph has " + std::to_string(numTensors) +
                    " tensors");
    return success();
  };
  if (failed(checkTensorList(graph->inputs(), "the subgraph's input list",
                             false)) ||
      failed(checkTensorList(graph->outputs(), "the subgraph's output list",
                             false)))
    return failure();
  int64_t numCodes =
      model->operator_codes() ? model->operator_codes()->size() : 0;
  for (auto [i, o] : llvm::enumerate(*graph->operators())) {
    if (o->opcode_index() >= numCodes)
      return fail("operator " + std::to_string(i) + " uses opcode " +
                  std::to_string(o->opcode_index()) + ", but the model has " +
                  std::to_string(numCodes) + " operator codes");
    if (failed(checkTensorList(
            o->inputs(),
            "operator " + std::to_string(i) + " (" + opName(i) + ")", true)) ||
        failed(checkTensorList(
            o->outputs(),
            "operator " + std::to_string(i) + " (" + opName(i) + ")", false)))
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
  // The element types read, by their integer width (0: float32).
  static const std::pair<fb::TensorType, unsigned> widths[] = {
      {fb::TensorType::FLOAT32, 0}, {fb::TensorType::INT32, 32},
      {fb::TensorType::INT64, 64},  {fb::TensorType::INT16, 16},
      {fb::TensorType::UINT8, 8},   {fb::TensorType::INT8, 8},
      {fb::TensorType::BOOL, 1}};
  for (auto [type, width] : widths)
    if (tensor->type() == type)
      return RankedTensorType::get(shape,
                                   width ? Type(IntegerType::get(&ctx, width))
                                         : Type(Float32Type::get(&ctx)));
  const char *name = fb::EnumNameTensorType(tensor->type());
  return tensorFail(
      t,
      Twine("element type ") +
          (name && *name ? name
                         : std::to_string(static_cast<int>(tensor->type()))) +
          " is not supported");
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
      *type,
      ArrayRef<char>(reinterpret_cast<const char *>(raw->data()), raw->size()));
}

} // namespace tflite_import
} // namespace detect
