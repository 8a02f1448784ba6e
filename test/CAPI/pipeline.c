/* A C program that uses detect-mlir through its C API (include/detect-c):
 * registers the dialect and the pipelines, parses a module, runs
 * detect-to-llvm through a pass manager, emits C99 and a Cortex-M0+ object,
 * and checks the errors it gets for a bad pipeline name and bad options.
 *   pipeline OBJECT-FILE   (prints everything else on stdout)
 */
#include "detect-c/Detect.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"

#include <stdio.h>
#include <string.h>

static const char *kModule =
    "func.func @iou(%a: tensor<8x4xf32>, %b: tensor<5x4xf32>) -> tensor<8x5xf32> {\n"
    "  %0 = detect.iou %a, %b : tensor<8x4xf32>, tensor<5x4xf32> -> tensor<8x5xf32>\n"
    "  return %0 : tensor<8x5xf32>\n"
    "}\n";

static void print(MlirStringRef text, void *userData) {
  fwrite(text.data, 1, text.length, (FILE *)userData);
}

static MlirModule parse(MlirContext context) {
  MlirModule module = mlirModuleCreateParse(context, mlirStringRefCreateFromCString(kModule));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "pipeline: cannot parse the module\n");
    return module;
  }
  return module;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: pipeline OBJECT-FILE\n");
    return 2;
  }
  MlirStringRef ns = mlirDialectHandleGetNamespace(mlirGetDialectHandle__detect__());
  printf("dialect: %.*s\n", (int)ns.length, ns.data);
  printf("targets:");
  for (intptr_t i = 0;; ++i) {
    MlirStringRef name = detectGetTargetName(i);
    if (name.length == 0)
      break;
    printf(" %.*s", (int)name.length, name.data);
  }
  printf("\n");

  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  detectRegisterAllDialects(registry);
  MlirContext context = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(context);
  detectRegisterAllPasses();
  detectRegisterAllPasses(); /* idempotent */

  /* detect-to-llvm through a pass manager. */
  MlirModule module = parse(context);
  if (mlirModuleIsNull(module))
    return 1;
  MlirPassManager pm = mlirPassManagerCreate(context);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  if (mlirLogicalResultIsFailure(detectAddPipeline(
          opm, mlirStringRefCreateFromCString("detect-to-llvm"),
          mlirStringRefCreateFromCString("index-bitwidth=32 iou-strategy=fixed-point"), print, stdout)))
    return 1;
  if (mlirLogicalResultIsFailure(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))))
    return 1;
  printf("--- detect-to-llvm\n");
  mlirOperationPrint(mlirModuleGetOperation(module), print, stdout);
  printf("\n");
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);

  /* Errors: an unknown pipeline, an unknown option, an unknown strategy. */
  pm = mlirPassManagerCreate(context);
  opm = mlirPassManagerGetAsOpPassManager(pm);
  printf("--- errors\n");
  if (!mlirLogicalResultIsFailure(detectAddPipeline(
          opm, mlirStringRefCreateFromCString("detect-to-nothing"), mlirStringRefCreateFromCString(""),
          print, stdout)))
    return 1;
  printf("\n");
  if (!mlirLogicalResultIsFailure(detectAddPipeline(
          opm, mlirStringRefCreateFromCString("detect-to-llvm"),
          mlirStringRefCreateFromCString("index-width=32"), print, stdout)))
    return 1;
  printf("\n");
  mlirPassManagerDestroy(pm);

  /* C99. */
  module = parse(context);
  printf("--- C\n");
  if (mlirLogicalResultIsFailure(detectTranslateToC(module, print, stdout)))
    return 1;
  mlirModuleDestroy(module);

  /* An object for the Cortex-M0+, and an unknown target. */
  module = parse(context);
  FILE *object = fopen(argv[1], "wb");
  if (!object ||
      mlirLogicalResultIsFailure(detectEmitForTarget(module, mlirStringRefCreateFromCString("cortex-m0plus"),
                                                     mlirStringRefCreateFromCString("obj"), 's', print,
                                                     object)))
    return 1;
  fclose(object);
  mlirModuleDestroy(module);
  module = parse(context);
  printf("--- unknown target\n");
  fflush(stdout);
  if (!mlirLogicalResultIsFailure(detectEmitForTarget(module, mlirStringRefCreateFromCString("cortex-m99"),
                                                      mlirStringRefCreateFromCString("obj"), 's', print,
                                                      stdout)))
    return 1;
  mlirModuleDestroy(module);

  /* detect-compile's options: C for the Cortex-M4 with the entry named and
   * scratch on the stack; then a bad placement and an unknown entry. */
  module = parse(context);
  printf("--- compile\n");
  if (mlirLogicalResultIsFailure(detectCompile(
          module, mlirStringRefCreateFromCString("cortex-m4"), mlirStringRefCreateFromCString("c"), 's',
          mlirStringRefCreateFromCString("scratch=stack"), mlirStringRefCreateFromCString("iou"), print,
          stdout)))
    return 1;
  mlirModuleDestroy(module);
  module = parse(context);
  printf("--- compile errors\n");
  fflush(stdout);
  if (!mlirLogicalResultIsFailure(detectCompile(
          module, mlirStringRefCreateFromCString("cortex-m4"), mlirStringRefCreateFromCString("obj"), 's',
          mlirStringRefCreateFromCString("scratch=heap"), mlirStringRefCreateFromCString(""), print,
          stdout)))
    return 1;
  if (!mlirLogicalResultIsFailure(detectCompile(
          module, mlirStringRefCreateFromCString("cortex-m4"), mlirStringRefCreateFromCString("obj"), 's',
          mlirStringRefCreateFromCString(""), mlirStringRefCreateFromCString("nope"), print, stdout)))
    return 1;
  mlirModuleDestroy(module);
  mlirContextDestroy(context);
  printf("done\n");
  return 0;
}
