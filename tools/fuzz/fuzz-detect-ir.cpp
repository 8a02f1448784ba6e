//===- fuzz-detect-ir.cpp - libFuzzer target: detect IR text --------------===//
//
// Part of detect-mlir. The input is MLIR text (the seeds are the test suite's
// detect IR, test/fuzz/detect-ir.dict names every op, keyword, enum and
// type): parsed, verified, canonicalized, then compiled to an object for a
// 64-bit or a 32-bit target or to C (FuzzCompile.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzCompile.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  detect::fuzz::initialize();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // The lexer reads up to a terminating NUL.
  std::string text(reinterpret_cast<const char *>(data), size);
  auto context = detect::fuzz::makeContext();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, context.get());
  if (!module)
    return 0;
  detect::fuzz::compile(*module, detect::fuzz::routeOf(data, size));
  return 0;
}
