//===- Passes.td - C emission passes -----------------------*- tablegen -*-===//
//
// Part of detect-mlir. The C route: what C99 cannot spell is refused or
// rewritten, and the EmitC output is made to compile warning-free on its
// own.
//
//===----------------------------------------------------------------------===//

#ifndef DETECT_BACKEND_EMITC_PASSES_TD
#define DETECT_BACKEND_EMITC_PASSES_TD

include "mlir/Pass/PassBase.td"

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

#endif // DETECT_BACKEND_EMITC_PASSES_TD
