//===- TensorBuilder.h - IR builders both importers share -------*- C++ -*-===//
//
// Part of detect-mlir. The ONNX conversion (lib/Conversion/OnnxToDetect)
// and the TFLite importer (lib/Import/Tflite) build the same core ops:
// elementwise linalg.generics with numpy broadcasting, index-computing
// generics, reductions and row-major reshapes. They are written once here.
// Every builder makes a copy by a generic rather than a view or a
// tensor.pad / extract_slice: those bufferize to reshaped or strided views,
// which the C route cannot express.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_IMPORT_COMMON_TENSORBUILDER_H
#define DETECT_IMPORT_COMMON_TENSORBUILDER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::detect::import_common {

/// Shape as text, "[1, 1917, 4]".
std::string shapeStr(llvm::ArrayRef<int64_t> shape);
/// The shapes as text for a message, "[2, 3] and [4]".
std::string joinShapes(llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes);
/// The numpy broadcast of `shapes`, or nullopt when they do not broadcast.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes);
/// The C identifier made of a model's name: characters other than letters,
/// digits and '_' become '_'; an empty name becomes `fallback`, and a name
/// that starts with a digit gets a leading '_'.
std::string cIdentifier(llvm::StringRef name, llvm::StringRef fallback);

/// An OpBuilder and the location of the node being imported, with the
/// linalg builders. The importers derive from it and move `loc` from node
/// to node.
class TensorBuilder {
public:
  explicit TensorBuilder(MLIRContext &ctx)
      : b(&ctx), loc(UnknownLoc::get(&ctx)) {}

  OpBuilder b;
  Location loc;

  using BodyFn =
      llvm::function_ref<Value(OpBuilder &, Location, llvm::ArrayRef<Value>)>;
  using CombineFn =
      llvm::function_ref<Value(OpBuilder &, Location, Value acc, Value x)>;

  Value empty(llvm::ArrayRef<int64_t> shape, Type elem);
  /// One linalg.generic over `shape`; inputs broadcast numpy-style.
  Value elementwise(llvm::ArrayRef<Value> ins, llvm::ArrayRef<int64_t> shape,
                    Type elem, BodyFn body);
  /// A linalg.generic whose body gets the output's indices.
  Value indexed(llvm::ArrayRef<int64_t> shape, Type elem, BodyFn body);
  /// Reduces the axes marked in `reduced` (kept as size 1), starting from
  /// `init`, whose type is the result's element type.
  Value reduce(Value x, llvm::ArrayRef<bool> reduced, Value init,
               CombineFn combine);
  /// Row-major copy of `x` into `shape`.
  Value reshape(Value x, llvm::ArrayRef<int64_t> shape);
};

} // namespace mlir::detect::import_common

#endif // DETECT_IMPORT_COMMON_TENSORBUILDER_H
