//===- fuzz-import-tflite.cpp - libFuzzer target: .tflite files -----------===//
//
// Part of detect-mlir. The input is a .tflite file (the seeds are the test
// suite's models): imported as detect-import-tflite does, then compiled as
// detect-compile does (FuzzCompile.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzCompile.h"

#include "detect/Import/Tflite.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  detect::fuzz::initialize();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // libFuzzer passes a heap copy of exactly `size` bytes: ASan sees any read
  // past the end.
  auto context = detect::fuzz::makeContext();
  std::vector<std::string> errors;
  mlir::OwningOpRef<mlir::ModuleOp> module = detect::importTfliteModel(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      "fuzz.tflite", *context, detect::TfliteImportOptions(), errors);
  if (!module)
    return 0;
  detect::fuzz::compile(*module, detect::fuzz::routeOf(data, size));
  return 0;
}
