//===- fuzz-import-onnx.cpp - libFuzzer target: .onnx files ---------------===//
//
// Part of detect-mlir. The input is an ONNX file (the seeds are the test
// suite's models): imported as detect-import-onnx does, then compiled as
// detect-compile does (FuzzCompile.h). Half of the mutations are libFuzzer's
// own, on the bytes; the other half parse the input as a ModelProto and change
// one thing a model can say (OnnxMutator.h), so that most mutants still parse
// and reach the importer's handlers rather than protobuf's parser.
//
//===----------------------------------------------------------------------===//

#include "FuzzCompile.h"
#include "OnnxMutator.h"

#include "detect/Import/Onnx.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  detect::fuzz::initialize();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = detect::fuzz::makeContext();
  std::vector<std::string> errors;
  mlir::OwningOpRef<mlir::ModuleOp> module = detect::importOnnxModel(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      *context, detect::OnnxImportOptions(), errors);
  if (!module)
    return 0;
  detect::fuzz::compile(*module, detect::fuzz::routeOf(data, size));
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned seed) {
  if (seed % 2 == 0) {
    std::string mutated;
    if (detect::fuzz::mutateModelProto(
            llvm::StringRef(reinterpret_cast<const char *>(data), size), seed,
            mutated) &&
        mutated.size() <= maxSize) {
      std::copy(mutated.begin(), mutated.end(), data);
      return mutated.size();
    }
  }
  return LLVMFuzzerMutate(data, size, maxSize);
}
