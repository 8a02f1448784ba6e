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

// -----

// An infinite constant is printed as INFINITY, which math.h defines.
// CHECK-LABEL: module {
// CHECK: emitc.include <"math.h">
// CHECK-NOT: emitc.func private
func.func @infinite(%x: f64) -> i1 {
  %inf = arith.constant 0xFFF0000000000000 : f64
  %0 = arith.cmpf ogt, %x, %inf : f64
  return %0 : i1
}

// -----

// A finite constant needs no header.
// CHECK-LABEL: module {
// CHECK-NOT: emitc.include <"math.h">
func.func @finite(%x: f64) -> i1 {
  %c = arith.constant 0.5 : f64
  %0 = arith.cmpf ogt, %x, %c : f64
  return %0 : i1
}
