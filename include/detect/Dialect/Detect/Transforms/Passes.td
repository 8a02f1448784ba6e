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

def DetectRequireCTypes : Pass<"detect-require-c-types", "ModuleOp"> {
  let summary = "Reject float types that C99 cannot spell, before the C route";
  let description = [{
    C99 has `float` and `double` only: f16, bf16 and the other small float
    types would be printed as compiler extensions (`_Float16`, `__bf16`)
    that C99 compilers (gcc 12 for Arm among them) reject, long after the
    compile. `detect-to-emitc` runs this pass first: it reports, with the
    location and the name of the op, every detect op and every public
    function signature that uses such a type. The LLVM route handles them.
  }];
}

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
    `detect.scratch_size`: the bytes of static or stack scratch its slots use. An alloc of dynamic size, or
    one inside a loop, is an error naming its location: it would need a heap.
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

def DetectAddCIncludes : Pass<"detect-add-c-includes", "ModuleOp"> {
  let summary = "Add the standard headers the EmitC output needs";
  let description = [{
    The C that `mlir-translate --mlir-to-cpp` prints from EmitC uses
    `int32_t`, `bool`, `size_t` and libm functions but includes nothing.
    This pass adds `#include <stdint.h>`, `<stdbool.h>`, `<stddef.h>` and
    `<math.h>` (when a libm function is called) and `<string.h>` (when a
    copy became `memcpy`) at the top of
    the module, once, so the output compiles on its own with
    `-std=c99 -pedantic`.
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

def DetectBitcastToEmitC : Pass<"detect-bitcast-to-emitc"> {
  let summary = "Lower arith.bitcast between same-width scalars to memcpy";
  let description = [{
    C99 has no bit cast: a pointer cast breaks the aliasing rules and a
    union is not an expression. `convert-to-emitc` leaves `arith.bitcast`
    alone; this pass, run before it, turns each scalar bit cast into the
    portable idiom

        int32_t result; memcpy(&result, &source, 4);

    (an EmitC variable for each side, `emitc.address_of`, a `memcpy` call
    and a load), which C compilers reduce to a register move.
    `detect-add-c-includes` then adds `<string.h>`. The fixed-point
    lowerings read the exponent and significand of f32 coordinates this
    way.
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

def DetectFlattenConstantGlobals
    : Pass<"detect-flatten-constant-globals", "ModuleOp"> {
  let summary = "Store constant globals of rank 2 or more as flat arrays";
  let description = [{
    The C that `mlir-translate --mlir-to-cpp` prints for a constant
    `memref.global` of rank 2 or more is a multi-dimensional C array with
    one flat initializer list, which C compilers reject under `-Werror`
    (`-Wmissing-braces`). On the C route this pass gives each such global
    that is only read by loads (`memref.load`, `affine.load`) a
    one-dimensional type and reads it
    through a `memref.expand_shape` of the old shape; `fold-memref-alias-ops`
    then turns each load into a load of the flat array at the row-major
    index. Constants held as dense resources (an importer's large ones)
    become dense values first: the C printer needs the numbers, and
    upstream's memref-to-emitc reads only dense values. Scalar globals
    (rank-0 scratch) become one-element arrays, read and written through a
    `memref.collapse_shape` that `fold-memref-alias-ops` folds away:
    memref-to-emitc has no rank-0 global access.
    A `memref.copy` out of such a global becomes loops of loads and
    stores first. Constants stay in flash.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def DetectUnrollCoordinateLoops
    : Pass<"detect-unroll-coordinate-loops", "::mlir::func::FuncOp"> {
  let summary = "Fully unroll the short loops over the four box coordinates";
  let description = [{
    The linalg lowering of a box-producing op iterates over the four
    coordinates of each box and selects the formula of each coordinate with
    `linalg.index`. Unrolling these loops (constant trip count at most
    `max-trip-count`) lets canonicalization fold the selects, leaving one
    formula per coordinate. Unlike upstream `affine-loop-unroll`, longer loops
    are left alone: unrolling them by a factor would cost flash on a
    microcontroller for little gain.
  }];
  let options = [
    Option<"maxTripCount", "max-trip-count", "unsigned", /*default=*/"4",
           "loops with at most this many iterations are unrolled">
  ];
  let dependentDialects = ["::mlir::affine::AffineDialect"];
}

def DetectDropUnreadCVariables
    : Pass<"detect-drop-unread-c-variables", "ModuleOp"> {
  let summary = "Remove EmitC variables that are assigned but never read";
  let description = [{
    EmitC gives every result of an `scf.while` or `scf.if` a C variable,
    including results nobody reads (the final position of a heap sift-down,
    say). C compilers then warn "variable set but not used", which breaks
    firmware builds with `-Werror`. This pass deletes loads whose value is
    unused, then each `emitc.variable` whose only uses are `emitc.assign` to
    it, together with those assignments. A function parameter nobody reads
    (an input without elements) gets `(void)p;`, for the same reason
    ("unused parameter" under `-Wextra`).
  }];
  let dependentDialects = ["::mlir::emitc::EmitCDialect"];
}

#endif // DETECT_DIALECT_DETECT_TRANSFORMS_PASSES_TD
