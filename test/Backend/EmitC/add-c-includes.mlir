// Checks that --detect-add-c-includes adds the standard headers the EmitC output needs, once, and math.h/string.h only when used.
// RUN: detect-opt %s --split-input-file --detect-add-c-includes | FileCheck %s
// RUN: detect-opt %s --split-input-file --detect-add-c-includes --detect-add-c-includes | FileCheck %s
// RUN: detect-opt %s --split-input-file --detect-add-c-includes | mlir-translate --split-input-file --mlir-to-cpp | FileCheck %s --check-prefix=CPP

// Plain integer code: the three type headers, at the top, nothing else.
// CHECK-LABEL: module {
// CHECK-NEXT: emitc.include <"stdint.h">
// CHECK-NEXT: emitc.include <"stdbool.h">
// CHECK-NEXT: emitc.include <"stddef.h">
// CHECK-NEXT: emitc.func @store(
// CHECK-NOT: emitc.include
// CPP: #include <stdint.h>
// CPP-NEXT: #include <stdbool.h>
// CPP-NEXT: #include <stddef.h>
// CPP-NEXT: void store(
emitc.func @store(%x: i32, %m: !emitc.array<4xi32>) {
  %0 = "emitc.constant"() <{value = 0 : index}> : () -> !emitc.size_t
  %1 = emitc.subscript %m[%0] : (!emitc.array<4xi32>, !emitc.size_t) -> !emitc.lvalue<i32>
  emitc.assign %x : i32 to %1 : !emitc.lvalue<i32>
  emitc.return
}

// -----

// A libm call (as an opaque call) needs math.h.
// CHECK-LABEL: module {
// CHECK-NEXT: emitc.include <"stdint.h">
// CHECK-NEXT: emitc.include <"stdbool.h">
// CHECK-NEXT: emitc.include <"stddef.h">
// CHECK-NEXT: emitc.include <"math.h">
// CHECK-NOT: emitc.include
// CPP: #include <math.h>
// CPP-NEXT: float root(
emitc.func @root(%x: f32) -> f32 {
  %0 = emitc.call_opaque "sqrtf"(%x) : (f32) -> f32
  emitc.return %0 : f32
}

// -----

// A declared external function at the func level (as convert-math-to-libm
// leaves it) needs math.h.
// CHECK-LABEL: module {
// CHECK-COUNT-3: emitc.include
// CHECK-NEXT: emitc.include <"math.h">
// CHECK-NEXT: func.func private @expf(f32) -> f32
func.func private @expf(f32) -> f32
func.func @exp(%x: f32) -> f32 {
  %0 = func.call @expf(%x) : (f32) -> f32
  return %0 : f32
}

// -----

// memcpy needs string.h.
// CHECK-LABEL: module {
// CHECK-COUNT-3: emitc.include
// CHECK: emitc.include <"string.h">
// CHECK-NOT: emitc.include
// CPP: #include <string.h>
// CPP-NEXT: void copy(
emitc.func @copy(%dst: !emitc.ptr<f32>, %src: !emitc.ptr<f32>, %n: !emitc.size_t) {
  emitc.call_opaque "memcpy"(%dst, %src, %n) : (!emitc.ptr<f32>, !emitc.ptr<f32>, !emitc.size_t) -> ()
  emitc.return
}

// -----

// A header already included is not added again.
// CHECK-LABEL: module {
// CHECK-COUNT-1: emitc.include <"stdint.h">
// CHECK-NOT: emitc.include <"stdint.h">
// CHECK: emitc.func @noop
emitc.include <"stdint.h">
emitc.func @noop() {
  emitc.return
}
