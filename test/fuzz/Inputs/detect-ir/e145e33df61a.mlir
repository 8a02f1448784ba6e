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
