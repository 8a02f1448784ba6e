// Checks the errors of --detect-plan-scratch: scratch that would need a heap, workspace on the C route, an unknown placement.
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-plan-scratch
// RUN: detect-opt %s --split-input-file --verify-diagnostics --detect-plan-scratch=placement=stack
// RUN: not detect-opt %s --split-input-file --detect-plan-scratch="placement=workspace for-c=true" 2>&1 | FileCheck %s --check-prefix=FORC
// RUN: not detect-opt %s --split-input-file --detect-plan-scratch=placement=heap 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// UNKNOWN: error: detect-plan-scratch: unknown placement 'heap' (expected static, stack or workspace)

func.func @dynamic(%n: index) {
  // expected-error @below {{'memref.alloc' op allocates 'memref<?xi64>', whose size is not known at compile time; the heap-free pipelines need static shapes}}
  %a = memref.alloc(%n) : memref<?xi64>
  return
}

// -----

func.func @in_loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @below {{'memref.alloc' op allocates scratch inside a loop or branch; the heap-free pipelines place scratch once per function}}
    %a = memref.alloc() : memref<4xi64>
    memref.dealloc %a : memref<4xi64>
  }
  return
}

// -----

func.func @in_branch(%p: i1) {
  scf.if %p {
    // expected-error @below {{'memref.alloc' op allocates scratch inside a loop or branch}}
    %a = memref.alloc() : memref<4xi64>
  }
  return
}

// -----

// A function that needs no scratch is fine everywhere; one that needs some
// cannot use a workspace on the C route (EmitC has no memref.view).
// FORC-NOT: 'no_scratch'
// FORC: error: function 'needs_scratch' needs scratch memory, and scratch=workspace is not available on the C route (EmitC has no memref.view); use scratch=static or scratch=stack
func.func @no_scratch() {
  return
}

func.func @needs_scratch() {
  %a = memref.alloc() : memref<4xi64>
  return
}
