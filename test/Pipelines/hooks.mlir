// The hook points of the pipelines (docs/Extending.md): after-decompose runs
// after canonicalization of the detect ops and before the built-in
// lowerings; before-bufferize runs on the lowered tensor IR, before
// one-shot-bufferize. Any registered pass can be named; a plugin's passes
// are tested in test/examples/plugin.test.
// RUN: detect-opt %s --detect-to-llvm='after-decompose=func.func(cse) before-bufferize=symbol-dce' \
// RUN:   --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s
// RUN: detect-opt %s --detect-to-emitc='after-decompose=func.func(cse) before-bufferize=symbol-dce' \
// RUN:   --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s
// CHECK:      detect-require-static-shapes
// CHECK-NEXT: canonicalize
// CHECK-NEXT: func.func(
// CHECK-NEXT:   cse
// CHECK-NEXT: )
// CHECK-NEXT: func.func(
// CHECK-NEXT:   convert-detect-nms-to-loops
// CHECK:      linalg-fuse-elementwise-ops
// CHECK-NEXT: )
// CHECK-NEXT: symbol-dce
// CHECK-NEXT: detect-prepare-c-abi
// CHECK-NEXT: one-shot-bufferize
//
// Without hooks, nothing is added between the stages.
// RUN: detect-opt %s --detect-to-llvm --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE
// NONE:      canonicalize
// NONE-NEXT: func.func(
// NONE-NEXT:   convert-detect-nms-to-loops
// NONE:      linalg-fuse-elementwise-ops
// NONE-NEXT: )
// NONE-NEXT: detect-prepare-c-abi
// NONE-NEXT: one-shot-bufferize
//
// A hook naming an unknown pass, or text that is not a pipeline, is an error
// naming the hook.
// RUN: not detect-opt %s --detect-to-llvm='before-bufferize=no-such-pass' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: invalid passes for the before-bufferize hook ('no-such-pass'): {{.*}}'no-such-pass' does not refer to a registered pass
// RUN: not detect-compile %s --before-bufferize='func.func(cse' -o /dev/null 2>&1 | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: detect-compile: error: invalid passes for the before-bufferize hook ('func.func(cse')

func.func @f() {
  return
}
