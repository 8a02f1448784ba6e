//===- TfliteImporter.h - State shared by the TFLite op importers -*- C++ -*-=//
//
// Part of detect-mlir. The importer reads a verified flatbuffer; one
// `Importer` walks the operators that the requested outputs need and hands
// each to the function of its op family (DetectionOps.cpp,
// ElementwiseOps.cpp, ...), which reads its inputs and sets its outputs
// through the helpers below. Every helper that can meet bad data returns a
// failure after recording one message naming the file, the operator index
// and the op.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_LIB_IMPORT_TFLITE_TFLITEIMPORTER_H
#define DETECT_LIB_IMPORT_TFLITE_TFLITEIMPORTER_H

// flatc's generated switches keep a default label for values a newer file
// may carry.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wcovered-switch-default"
#include "TfliteSchema_generated.h"
#pragma clang diagnostic pop

#include "detect/Import/Common/TensorBuilder.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace detect {
struct TfliteImportOptions;

namespace tflite_import {

namespace fb = ::detect::tflite;

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;
using llvm::StringRef;
using llvm::Twine;
namespace import_common = mlir::detect::import_common;
using import_common::shapeStr;

/// Per-tensor affine quantization: real = scale * (q - zeroPoint).
struct Quantization {
  float scale = 1.0f;
  int64_t zeroPoint = 0;
};

class Importer;

/// Imports the current operator of `im`; on failure an error is recorded.
using OpImporter = mlir::LogicalResult (*)(Importer &im);

/// The function that imports the operator called `name` (a builtin name such
/// as "ADD" or a custom code), or null when the op is not supported.
OpImporter lookupOpImporter(llvm::StringRef name);

/// Op families (one source file each).
mlir::LogicalResult importDetectionPostProcess(Importer &im);
mlir::LogicalResult importNonMaxSuppressionV4(Importer &im);
mlir::LogicalResult importNonMaxSuppressionV5(Importer &im);
mlir::LogicalResult importDequantize(Importer &im);
mlir::LogicalResult importQuantize(Importer &im);
mlir::LogicalResult importAdd(Importer &im);
mlir::LogicalResult importSub(Importer &im);
mlir::LogicalResult importMul(Importer &im);
mlir::LogicalResult importDiv(Importer &im);
mlir::LogicalResult importMaximum(Importer &im);
mlir::LogicalResult importMinimum(Importer &im);
mlir::LogicalResult importLogistic(Importer &im);
mlir::LogicalResult importExp(Importer &im);
mlir::LogicalResult importCast(Importer &im);
mlir::LogicalResult importReshape(Importer &im);
mlir::LogicalResult importSqueeze(Importer &im);
mlir::LogicalResult importExpandDims(Importer &im);
mlir::LogicalResult importConcatenation(Importer &im);
mlir::LogicalResult importTranspose(Importer &im);
mlir::LogicalResult importSlice(Importer &im);
mlir::LogicalResult importStridedSlice(Importer &im);
mlir::LogicalResult importGather(Importer &im);
mlir::LogicalResult importPack(Importer &im);
mlir::LogicalResult importUnpack(Importer &im);
mlir::LogicalResult importSoftmax(Importer &im);
mlir::LogicalResult importArgMax(Importer &im);
mlir::LogicalResult importReduceMax(Importer &im);

/// The builders (`elementwise`, `indexed`, `reduce`, `reshape`) come from
/// the TensorBuilder that the ONNX conversion shares.
class Importer : public import_common::TensorBuilder {
public:
  Importer(llvm::StringRef bytes, llvm::StringRef fileName,
           mlir::MLIRContext &ctx, const TfliteImportOptions &options,
           std::vector<std::string> &errors);

  /// Checks the flatbuffer, selects the operators the outputs need and
  /// imports them into `module`.
  mlir::LogicalResult run(mlir::ModuleOp module);

  //===--- The current operator ----------------------------------------===//

  const fb::Operator &op() const { return *currentOp; }
  int64_t numInputs() const;
  int64_t numOutputs() const;
  /// Tensor index of input `i`, or -1 when the optional input is absent.
  int32_t inputIndex(int64_t i) const;
  int32_t outputIndex(int64_t i) const;
  /// Fails unless the operator has `min`..`max` inputs and `outputs`
  /// outputs.
  mlir::LogicalResult expectArity(int64_t minIn, int64_t maxIn,
                                  int64_t outputs);

  /// The value of input `i` (constants are materialized on first use).
  mlir::FailureOr<mlir::Value> input(int64_t i);
  /// Static type of tensor `t`: uint8 and int8 are both `i8` (raw bytes; the
  /// consumer reads the signedness from the file), bool is `i1`.
  mlir::FailureOr<mlir::RankedTensorType> tensorType(int32_t t);
  fb::TensorType fileType(int32_t t) const;
  /// Per-tensor quantization of tensor `t`, if it has one; per-axis
  /// quantization is an error.
  mlir::FailureOr<std::optional<Quantization>> quantization(int32_t t);
  /// The constant contents of input `i`, or null when it is computed.
  mlir::FailureOr<mlir::DenseElementsAttr> constantInput(int64_t i);
  /// Input `i` as constant integers / one constant number.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  constantInts(int64_t i, llvm::StringRef what);
  mlir::FailureOr<double> constantScalar(int64_t i, llvm::StringRef what);
  /// Binds output `i`; its type must be the one the file declares (a
  /// declared shape [] means "unknown" and takes the computed shape).
  mlir::LogicalResult setOutput(int64_t i, mlir::Value v);

  /// Records "FILE: error: operator N (OP): message" and returns failure.
  mlir::LogicalResult fail(const llvm::Twine &message);
  /// Inputs that are quantized tensors are refused by ops computing on
  /// floats; this names the way out.
  mlir::LogicalResult refuseQuantizedInputs();
  /// For ops that compute on floats: checks the arity (`minIn`..`maxIn`
  /// inputs, `outputs` outputs), refuses quantized inputs and reads inputs
  /// 0..`count`-1.
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  floatInputs(int64_t minIn, int64_t maxIn, int64_t outputs, int64_t count);

  //===--- Builders -----------------------------------------------------===//

  mlir::MLIRContext &ctx;

  mlir::Value materialize(mlir::DenseElementsAttr attr);
  /// numpy broadcast of the shapes, or an error naming them.
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  broadcast(llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes);

private:
  mlir::LogicalResult verifyFile();
  mlir::LogicalResult resolveEnds(llvm::SmallVector<int32_t> &ins,
                                  llvm::SmallVector<int32_t> &outs);
  mlir::LogicalResult selectOperators(llvm::ArrayRef<int32_t> ins,
                                      llvm::ArrayRef<int32_t> outs,
                                      llvm::SmallVector<int64_t> &selected);
  std::string opName(int64_t opIndex) const;
  std::string tensorName(int32_t t) const;
  mlir::LogicalResult tensorFail(int32_t t, const llvm::Twine &message);
  mlir::FailureOr<llvm::ArrayRef<uint8_t>> bufferBytes(int32_t t);
  mlir::FailureOr<mlir::DenseElementsAttr> constantOf(int32_t t);
  std::string functionName() const;

  llvm::StringRef bytes;
  std::string fileName;
  const TfliteImportOptions &options;
  std::vector<std::string> &errors;

  const fb::Model *model = nullptr;
  const fb::SubGraph *graph = nullptr;
  const fb::Operator *currentOp = nullptr;
  int64_t currentOpIndex = -1;
  llvm::DenseMap<int32_t, mlir::Value> values;
  unsigned resourceCounter = 0;
};

} // namespace tflite_import
} // namespace detect

#endif // DETECT_LIB_IMPORT_TFLITE_TFLITEIMPORTER_H
