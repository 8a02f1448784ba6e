//===- Passes.td - detect transformation passes -------------*- tablegen -*-===//
//
// Part of detect-mlir.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_TD
#define DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def DetectDecompose : Pass<"detect-decompose", "ModuleOp"> {
  let summary = "Rewrite the framework-level detect ops into the core ops";
  let description = [{
    The framework-level ops (`multiclass_nms`, ...) state a framework's
    operation exactly, with its operands, results and rules. This pass
    rewrites each into the core ops (`nms`, `decode_boxes`, `iou`, ...) with
    the attributes that encode those rules, plus `scf`/`tensor` glue (a loop
    over batches and classes, rows written into a fixed-capacity result).
    All frameworks thus share one lowering of each core op. It runs first in
    the `detect-to-llvm` and `detect-to-emitc` pipelines.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def DetectRequireStaticShapes : Pass<"detect-require-static-shapes", "ModuleOp"> {
  let summary = "Reject dynamic shapes before a heap-free lowering";
  let description = [{
    The heap-free pipelines size every buffer at compile time and pass
    tensors as bare pointers. This pass reports, with the location and the
    name of the op, every detect op and every public function signature that
    has a dynamic shape, so that the user learns which op cannot be served
    and why, instead of meeting a leftover op or a heap allocation later.
    Bounded results (a fixed capacity plus a `valid` count) are the way to
    express data-dependent lengths without dynamic shapes.
  }];
}

def DetectRequireAddressableSizes
    : Pass<"detect-require-addressable-sizes", "ModuleOp"> {
  let summary = "Reject tensors whose byte size the target cannot address";
  let description = [{
    Every static tensor becomes a buffer whose byte size and offsets are
    computed in the target's `index` type: 32 bits on the microcontrollers.
    A size beyond it would wrap into wrong code (a buffer of 0 bytes, a
    negative scratch size). This pass reports, with the location and the
    name of the op, every op and every function whose operands, results or
    arguments hold a static tensor or memref of more than
    2^(index-bitwidth - 1) - 1 bytes. The pipelines run it first, so that
    the error names the op as written (a framework op before
    `detect-decompose` rewrites it).
  }];
  let options = [
    Option<"indexBitwidth", "index-bitwidth", "unsigned", /*default=*/"64",
           "Bit width of `index` on the target (32 or 64)">,
  ];
}

#endif // DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_TD
