// Checks that --detect-plan-scratch=placement=stack puts every alloca in the entry block before any loop.
// An alloca left where its alloc was (after a loop, as the NMS candidate heap
// is) is a dynamic stack adjustment to LLVM: a frame pointer and a moving sp.
// RUN: detect-opt %s --detect-plan-scratch=placement=stack | FileCheck %s

// CHECK-LABEL: func.func @alloc_after_loop(
// CHECK-NOT: scf.for
// CHECK: [[A:%.+]] = memref.alloca() : memref<4xf32>
// CHECK: scf.for
// CHECK: memref.store {{%.+}}, [[A]]
func.func @alloc_after_loop(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %in[%i] : memref<4xf32>
    memref.store %v, %out[%i] : memref<4xf32>
  }
  %a = memref.alloc() : memref<4xf32>
  %x = memref.load %in[%c0] : memref<4xf32>
  memref.store %x, %a[%c0] : memref<4xf32>
  return
}
