// Checks that --detect-add-c-includes adds math.h for libm functions declared as emitc.func (as on the detect-to-emitc route), and not for sizeof.
// (A body-less emitc.func is a libm declaration; `sizeof` is not a libm call.)
// RUN: detect-opt %s --split-input-file --convert-math-to-libm --convert-to-emitc --detect-add-c-includes | FileCheck %s

// CHECK-LABEL: module {
// CHECK: emitc.include <"math.h">
// CHECK: emitc.func private @expf(f32) -> f32
func.func @exp(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// CHECK-LABEL: module {
// CHECK-NOT: emitc.include <"math.h">
// CHECK: emitc.include <"string.h">
// CHECK-NOT: emitc.include <"math.h">
func.func @copy(%a: memref<4xf32>, %b: memref<4xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  return
}
