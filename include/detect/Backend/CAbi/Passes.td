//===- Passes.td - C ABI passes ----------------------------*- tablegen -*-===//
//
// Part of detect-mlir. The shape of public functions at the plain C ABI,
// prepared right before bufferization, for both routes.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_BACKEND_CABI_PASSES_TD
#define DETECT_BACKEND_CABI_PASSES_TD

include "mlir/Pass/PassBase.td"

def DetectPrepareCAbi : Pass<"detect-prepare-c-abi", "ModuleOp"> {
  let summary = "Shape public functions for the plain C ABI";
  let description = [{
    Public functions become plain C functions whose results are all
    out-pointers. Bufferization and `buffer-results-to-out-params` turn tensor
    results into out-parameters; this pass makes scalar results (such as the
    count of `detect.nms`) one-element tensors first, so they become
    out-pointers too. Arguments and results without elements of rank 2 or
    more (e.g. `tensor<1x0x4xf32>`, a batch of no boxes) become
    `tensor<0xT>`, a pointer to nothing: the bare pointer convention cannot
    describe the strides of such a shape, and there is no data to read or
    write. It also marks every function `no_unwind`: detect code
    never throws, and without the mark LLVM references unwinding personality
    routines on embedded targets.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

#endif // DETECT_BACKEND_CABI_PASSES_TD
