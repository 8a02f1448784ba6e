/*===-- detect-c/Detect.h - C API of detect-mlir -------------------*- C
-*-===*\
|*                                                                            *|
|* Part of detect-mlir. Registers the detect dialect, its passes and          *|
|* pipelines with MLIR's C API, and runs the pipelines and the target         *|
|* back end from another tool (a C program, a Python or Rust binding).        *|
|* The functions take and return MLIR C API handles (mlir-c/IR.h,             *|
|* mlir-c/Pass.h); libDetectMLIR.so provides both this API and MLIR's C API   *|
|* for IR and passes. test/CAPI/pipeline.c uses every function.               *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef DETECT_C_DETECT_H
#define DETECT_C_DETECT_H

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mlirGetDialectHandle__detect__(): the detect dialect alone. */
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Detect, detect);

/* The detect dialect and every upstream dialect and extension the pipelines
 * produce or consume (as detect-opt registers them). */
MLIR_CAPI_EXPORTED void detectRegisterAllDialects(MlirDialectRegistry registry);

/* The detect passes, the detect-to-llvm and detect-to-emitc pipelines and
 * the upstream passes, in the global registry that mlirParsePassPipeline
 * and mlirOpPassManagerAddPipeline read. Idempotent. */
MLIR_CAPI_EXPORTED void detectRegisterAllPasses(void);

/* Appends pipeline `name` ("detect-to-llvm" or "detect-to-emitc") with its
 * options (e.g. "index-bitwidth=32 scratch=stack iou-strategy=fixed-point",
 * or empty) to `pm`, a pass manager on builtin.module. On failure the
 * message goes to `errorCallback` and the result is a failure. */
MLIR_CAPI_EXPORTED MlirLogicalResult detectAddPipeline(
    MlirOpPassManager pm, MlirStringRef name, MlirStringRef options,
    MlirStringCallback errorCallback, void *userData);

/* The name of target `index` of detect-compile's list (0, 1, ...), or an
 * empty string past the end. */
MLIR_CAPI_EXPORTED MlirStringRef detectGetTargetName(intptr_t index);

/* Compiles `module` in place as detect-compile does and writes the result
 * to `callback`: `target` is a name from detectGetTargetName; `kind` is
 * "obj" (an object file), "asm", "llvm" (LLVM IR), "c" (C99) or "mlir"
 * (the lowered MLIR); `optLevel` is '0'..'3', 's' or 'z';
 * `pipelineOptions` are detect-to-llvm's options as detectAddPipeline takes
 * them (e.g. "scratch=workspace nms-strategy=float", or empty), and what
 * they leave unset the target decides as detect-compile does (index width,
 * strategies); `entries` is a comma-separated list of the public functions
 * to compile (empty: all), as detect-compile's --entry. Errors go to the
 * context's diagnostic handlers. */
MLIR_CAPI_EXPORTED MlirLogicalResult detectCompile(
    MlirModule module, MlirStringRef target, MlirStringRef kind, char optLevel,
    MlirStringRef pipelineOptions, MlirStringRef entries,
    MlirStringCallback callback, void *userData);

/* Lowers `module` in place by detect-to-llvm for `target` (a name from
 * detectGetTargetName), with the target's defaults as detect-compile picks
 * them (index width, IoU strategy), and writes it as `kind`: "obj" (an
 * object file), "asm" or "llvm" (LLVM IR), at optimisation level `optLevel`
 * ('0'..'3', 's', 'z'), to `callback`. Errors go to the context's
 * diagnostic handlers. */
MLIR_CAPI_EXPORTED MlirLogicalResult
detectEmitForTarget(MlirModule module, MlirStringRef target, MlirStringRef kind,
                    char optLevel, MlirStringCallback callback, void *userData);

/* Lowers `module` in place by detect-to-emitc and writes it as C99 to
 * `callback`. */
MLIR_CAPI_EXPORTED MlirLogicalResult detectTranslateToC(
    MlirModule module, MlirStringCallback callback, void *userData);

#ifdef __cplusplus
}
#endif

#endif /* DETECT_C_DETECT_H */
