//===- RequireAddressableSizes.cpp - reject sizes the index cannot hold ---===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/Dialect/Detect/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <optional>
#include <string>

namespace mlir::detect {
#define GEN_PASS_DEF_DETECTREQUIREADDRESSABLESIZES
#include "detect/Dialect/Detect/Transforms/Passes.h.inc"
} // namespace mlir::detect

using namespace mlir;

namespace {

/// Why a value of `type` cannot be placed in memory on a target whose
/// `index` has `indexBits` bits; empty when it can (or is not a static
/// tensor or memref of scalars).
std::string unaddressable(Type type, unsigned indexBits) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape())
    return {};
  Type element = shaped.getElementType();
  if (!element.isIntOrIndexOrFloat())
    return {};
  int64_t elementBytes = llvm::divideCeil(
      element.isIndex() ? indexBits : element.getIntOrFloatBitWidth(), 8);
  // Not getNumElements(): its product is unchecked.
  std::optional<int64_t> bytes = elementBytes;
  for (int64_t dim : shaped.getShape())
    if (bytes)
      bytes = llvm::checkedMul(*bytes, dim);
  int64_t limit = indexBits >= 64 ? std::numeric_limits<int64_t>::max()
                                  : (int64_t(1) << (indexBits - 1)) - 1;
  if (bytes && *bytes <= limit)
    return {};
  std::string why;
  llvm::raw_string_ostream os(why);
  os << type << " takes "
     << (bytes ? std::to_string(*bytes) : std::string("more than 2^63 - 1"))
     << " bytes; the " << indexBits << "-bit index of the target addresses at "
     << "most " << limit;
  return why;
}

struct DetectRequireAddressableSizesPass
    : mlir::detect::impl::DetectRequireAddressableSizesBase<
          DetectRequireAddressableSizesPass> {
  using DetectRequireAddressableSizesBase::DetectRequireAddressableSizesBase;

  void runOnOperation() override {
    if (indexBitwidth < 8 || indexBitwidth > 64) {
      getOperation().emitError()
          << "detect-require-addressable-sizes: index-bitwidth must be in "
             "[8, 64], got "
          << static_cast<unsigned>(indexBitwidth);
      return signalPassFailure();
    }
    bool failedAny = false;
    auto check = [&](Operation *op, TypeRange types, StringRef what) {
      for (auto [i, type] : llvm::enumerate(types)) {
        std::string why = unaddressable(type, indexBitwidth);
        if (why.empty())
          continue;
        failedAny = true;
        op->emitOpError() << what << " #" << i << ": " << why;
        return true;
      }
      return false;
    };
    getOperation().walk([&](Operation *op) {
      if (auto func = dyn_cast<func::FuncOp>(op)) {
        if (!check(op, func.getArgumentTypes(), "argument"))
          check(op, func.getResultTypes(), "result");
        return;
      }
      // A terminator's operands were reported where they are defined.
      if (op->hasTrait<OpTrait::IsTerminator>() ||
          !check(op, op->getOperandTypes(), "operand"))
        check(op, op->getResultTypes(), "result");
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace
