//===- FuzzCompile.h - what the fuzz targets do with a module ---*- C++ -*-===//
//
// Part of detect-mlir. The libFuzzer targets of this directory turn their
// input into a module (parser, ONNX importer, TFLite importer) and hand it to
// compile, which does with it what detect-compile would.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_TOOLS_FUZZ_FUZZCOMPILE_H
#define DETECT_TOOLS_FUZZ_FUZZCOMPILE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace detect::fuzz {

/// Registers the passes the pipelines are assembled from; once per process
/// (LLVMFuzzerInitialize).
void initialize();

/// A fresh context for one input: every dialect of the tools available
/// (loaded on demand), one thread, diagnostics swallowed.
std::unique_ptr<mlir::MLIRContext> makeContext();

/// Verifies `module`, canonicalizes a copy of it, then compiles it on one of
/// the routes of detect-compile, chosen by `route` (routeOf the input):
/// detect-to-llvm and an object for a 64-bit target (the host, float
/// strategies) or for a 32-bit one (Cortex-M0+, fixed-point strategies), or
/// detect-to-emitc and C for a 32-bit target (Cortex-M4). One route per input
/// keeps the fuzzers three times faster; inputs that differ by a byte take
/// different routes. A stage that refuses the module (an error) ends the
/// route. Crashes, hangs and sanitizer reports are what the fuzzers look for.
void compile(mlir::ModuleOp module, uint64_t route);

/// A hash of the input that picks its route.
uint64_t routeOf(const uint8_t *data, size_t size);

} // namespace detect::fuzz

#endif // DETECT_TOOLS_FUZZ_FUZZCOMPILE_H
