//===- Passes.td - memory planning passes ------------------*- tablegen -*-===//
//
// Part of detect-mlir. Where the scratch memory of the lowered code lives,
// without a heap: after bufferization, detect is gone.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_BACKEND_MEMORY_PASSES_TD
#define DETECT_BACKEND_MEMORY_PASSES_TD

include "mlir/Pass/PassBase.td"

def DetectPlanScratch : Pass<"detect-plan-scratch", "ModuleOp"> {
  let summary = "Place scratch buffers without a heap";
  let description = [{
    Replaces every `memref.alloc` of static size left after bufferization (the
    scratch memory of the lowerings) according to `placement`:

    - `static`: one private `memref.global` per slot; no heap and no stack,
      the size shows in `.bss`. Functions are then not reentrant.
    - `stack`: one `memref.alloca` per slot at the function entry.

    Buffers get their element's natural alignment: an over-aligned stack
    buffer makes Cortex-M code realign the stack.
    - `workspace`: views into a caller-provided buffer, added as the last
      argument (`memref<Bxi8>`), with each buffer at an 8-byte aligned
      offset. The size `B` is recorded on the function as
      `detect.workspace_size`. Not available with `for-c` (EmitC has no view
      operation): an error says so.

    With `for-c`, an unused buffer argument of zero elements (the result of
    `max_output(0)`) is declared with one element, as C has no zero-length
    arrays; the function never accesses it.

    A slot is one buffer, or several of one type whose lifetimes do not
    overlap: a buffer's lifetime runs from its alloc to the last use of any
    value that may alias it (views, loop-carried and branch results),
    counted at the entry-block op that contains the use; a buffer returned
    or passed to a call lives to the end. An imported graph that allocates
    the same per-class lists 90 times then needs a few slots, not 90.

    Matching `memref.dealloc` ops are removed. Every function gets
    `detect.scratch_size`: the bytes of static or stack scratch its slots
    use. An alloc of dynamic size, or one inside a loop, is an error naming
    its location: it would need a heap.
  }];
  let options = [
    Option<"placement", "placement", "std::string", /*default=*/"\"static\"",
           "where scratch memory lives: static, stack or workspace">,
    Option<"alignment", "alignment", "unsigned", /*default=*/"8",
           "alignment of each scratch buffer in bytes">,
    Option<"indexBitwidth", "index-bitwidth", "unsigned", /*default=*/"64",
           "bit width of `index` elements, for workspace offsets">,
    Option<"forC", "for-c", "bool", /*default=*/"false",
           "the output goes to EmitC, which cannot express workspace views">
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

#endif // DETECT_BACKEND_MEMORY_PASSES_TD
