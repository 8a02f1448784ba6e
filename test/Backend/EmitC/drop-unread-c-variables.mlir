// Checks that --detect-drop-unread-c-variables deletes the C variable EmitC
// declares for an scf.while result nobody reads, and keeps read ones.
// RUN: detect-opt %s --convert-to-emitc | FileCheck %s --check-prefix=BEFORE
// RUN: detect-opt %s --convert-to-emitc --detect-drop-unread-c-variables | FileCheck %s

// BEFORE-LABEL: emitc.func @unread_result(
// BEFORE-COUNT-4: emitc.variable
// CHECK-LABEL: emitc.func @unread_result(
// CHECK-COUNT-3: emitc.variable
// CHECK-NOT: emitc.variable
// CHECK: return
func.func @unread_result(%n: i32) {
  %true = arith.constant true
  %unused = scf.while (%a = %n, %go = %true) : (i32, i1) -> i32 {
    scf.condition(%go) %a : i32
  } do {
  ^bb0(%a: i32):
    %c1 = arith.constant 1 : i32
    %b = arith.subi %a, %c1 : i32
    %c0 = arith.constant 0 : i32
    %more = arith.cmpi sgt, %b, %c0 : i32
    scf.yield %b, %more : i32, i1
  }
  return
}

// The result is returned, so its variable stays.
// CHECK-LABEL: emitc.func @read_result(
// CHECK-COUNT-4: emitc.variable
func.func @read_result(%n: i32) -> i32 {
  %true = arith.constant true
  %r = scf.while (%a = %n, %go = %true) : (i32, i1) -> i32 {
    scf.condition(%go) %a : i32
  } do {
  ^bb0(%a: i32):
    %c1 = arith.constant 1 : i32
    %b = arith.subi %a, %c1 : i32
    %c0 = arith.constant 0 : i32
    %more = arith.cmpi sgt, %b, %c0 : i32
    scf.yield %b, %more : i32, i1
  }
  return %r : i32
}
