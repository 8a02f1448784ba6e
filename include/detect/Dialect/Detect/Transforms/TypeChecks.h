//===- TypeChecks.h - find the types a pipeline cannot serve ----*- C++ -*-===//
//
// Part of detect-mlir. The passes that refuse a module up front
// (detect-require-static-shapes, detect-require-c-types) look for the first
// type of an op or a signature that breaks their rule, to name it in the
// error.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_TRANSFORMS_TYPECHECKS_H
#define DETECT_DIALECT_DETECT_TRANSFORMS_TYPECHECKS_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/TypeRange.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace mlir::detect {

/// The first of `types` that breaks the rule.
inline std::optional<Type> firstTypeBreaking(TypeRange types,
                                             function_ref<bool(Type)> breaks) {
  for (Type type : types)
    if (breaks(type))
      return type;
  return std::nullopt;
}

/// The first operand type of `op`, else its first result type, that breaks
/// the rule.
inline std::optional<Type>
firstOperandOrResultTypeBreaking(Operation *op,
                                 function_ref<bool(Type)> breaks) {
  if (std::optional<Type> type =
          firstTypeBreaking(op->getOperandTypes(), breaks))
    return type;
  return firstTypeBreaking(op->getResultTypes(), breaks);
}

} // namespace mlir::detect

#endif // DETECT_DIALECT_DETECT_TRANSFORMS_TYPECHECKS_H
