//===- InitAll.h - register everything the detect tools need ----*- C++ -*-===//
//
// Part of detect-mlir. One place that lists what the tools register, so that
// detect-opt, detect-compile and embedders stay in step.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_INITALL_H
#define DETECT_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace detect {

/// The detect dialect plus every upstream dialect and extension that the
/// lowering pipelines produce or consume.
void registerAllDialects(mlir::DialectRegistry &registry);

/// The detect passes and pipelines plus all upstream passes.
void registerAllPasses();

} // namespace detect

#endif // DETECT_INITALL_H
