//===- TfliteImporter.cpp - TFLite model to detect + upstream dialects ----===//
//
// Part of detect-mlir. The driver: cuts the main subgraph of a checked
// .tflite file (TfliteReader.cpp) at the requested input and output tensors
// and imports the operators in between, in the file's order (TFLite stores
// them in execution order), into one func.func; the current operator's
// accessors; the table of op families (one file each).
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

namespace detect {
namespace tflite_import {

Importer::Importer(StringRef bytes, StringRef fileName, MLIRContext &ctx,
                   const TfliteImportOptions &options,
                   std::vector<std::string> &errors)
    : TensorBuilder(ctx), ctx(ctx), bytes(bytes), fileName(fileName.str()),
      options(options), errors(errors) {}

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
    std::string want =
        minIn == maxIn ? std::to_string(minIn)
                       : std::to_string(minIn) + " to " + std::to_string(maxIn);
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
    return tensorFail(
        t, "declared with shape " + shapeStr(declared->getShape()) +
               " but the operator computes " + shapeStr(computed.getShape()));
  values[t] = v;
  return success();
}

FailureOr<SmallVector<Value>> Importer::floatInputs(int64_t minIn,
                                                    int64_t maxIn,
                                                    int64_t outputs,
                                                    int64_t count) {
  if (failed(expectArity(minIn, maxIn, outputs)) ||
      failed(refuseQuantizedInputs()))
    return failure();
  // Every input is read, as a failed one records its own error.
  SmallVector<Value> values;
  bool ok = true;
  for (int64_t i = 0; i < count; ++i) {
    FailureOr<Value> v = input(i);
    ok &= succeeded(v);
    values.push_back(succeeded(v) ? *v : Value());
  }
  if (!ok)
    return failure();
  return values;
}

LogicalResult Importer::refuseQuantizedInputs() {
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
        return fail(flag + " names '" + n +
                    "', which is no tensor of the model");
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
  auto inOperator = [&](int64_t opIndex,
                        llvm::function_ref<LogicalResult()> fn) {
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
    const fb::OperatorCode *code =
        model->operator_codes()->Get(o->opcode_index());
    bool custom =
        code->custom_code() != nullptr ||
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
    std::string text = fileName +
                       ": error: " + std::to_string(unsupported.size()) +
                       " operators with unsupported ops:";
    for (const auto &[i, what] : unsupported)
      text +=
          "\n  " + fileName + ": operator " + std::to_string(i) + ": " + what;
    errors.push_back(text);
    return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
Importer::broadcast(ArrayRef<ArrayRef<int64_t>> shapes) {
  if (std::optional<SmallVector<int64_t>> out =
          import_common::broadcastShapes(shapes))
    return *out;
  return fail("shapes " + import_common::joinShapes(shapes) +
              " do not broadcast");
}

Value Importer::materialize(DenseElementsAttr attr) {
  auto type = cast<RankedTensorType>(attr.getType());
  // Only on request: the C route emits dense constants, not resources.
  if (options.resourceThreshold >= 0 && !attr.isSplat() &&
      attr.getNumElements() > options.resourceThreshold &&
      !type.getElementType().isInteger(1)) {
    ArrayRef<char> raw = attr.getRawData();
    auto blob =
        HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint64_t));
    auto res = DenseResourceElementsAttr::get(
        type, "tflite_" + std::to_string(resourceCounter++), std::move(blob));
    return arith::ConstantOp::create(b, loc, type, res);
  }
  return arith::ConstantOp::create(b, loc, type, attr);
}

std::string Importer::functionName() const {
  if (!options.functionName.empty())
    return options.functionName;
  if (graph->name() && graph->name()->size() > 0)
    return import_common::cIdentifier(graph->name()->str(), "_");
  return import_common::cIdentifier(llvm::sys::path::stem(fileName), "_");
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
        return fail(tensorName(t) +
                    " is requested as an output but is never computed");
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

using namespace mlir;
using llvm::StringRef;

void registerTfliteImportDialects(MLIRContext &context) {
  context.loadDialect<arith::ArithDialect, func::FuncDialect,
                      linalg::LinalgDialect, math::MathDialect, scf::SCFDialect,
                      tensor::TensorDialect, mlir::detect::DetectDialect>();
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
