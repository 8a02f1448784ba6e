//===- InitAll.cpp - register everything the detect tools need ------------===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#include "detect/InitAll.h"

#include "detect/Backend/CAbi/Passes.h"
#include "detect/Backend/EmitC/Passes.h"
#include "detect/Backend/Loops/Passes.h"
#include "detect/Backend/Memory/Passes.h"
#include "detect/Conversion/Passes.h"
#include "detect/Conversion/Strategies.h"
#include "detect/Dialect/Detect/IR/DetectDialect.h"
#include "detect/Dialect/Detect/Transforms/Passes.h"
#include "detect/Dialect/Onnx/IR/OnnxDialect.h"
#include "detect/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void detect::registerAllDialects(mlir::DialectRegistry &registry) {
  registry
      .insert<mlir::detect::DetectDialect, mlir::detect::onnx::OnnxDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void detect::registerAllPasses() {
  mlir::registerAllPasses();
  mlir::detect::registerDetectConversionPasses();
  mlir::detect::registerBuiltinLoweringStrategies();
  mlir::detect::registerDetectTransformsPasses();
  mlir::detect::registerBackendCAbiPasses();
  mlir::detect::registerBackendMemoryPasses();
  mlir::detect::registerBackendLoopsPasses();
  mlir::detect::registerBackendEmitCPasses();
  mlir::detect::registerDetectPipelines();
}
