//===- detect-opt.cpp - the opt-style driver of detect-mlir ---------------===//
//
// Part of detect-mlir. Parses, verifies, transforms and prints IR that mixes
// the detect dialect with the upstream dialects it lowers to.
//
//===----------------------------------------------------------------------===//

#include "detect/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  detect::registerAllPasses();
  mlir::DialectRegistry registry;
  detect::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "detect-mlir optimizer and lowering driver\n", registry));
}
