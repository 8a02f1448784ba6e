emitc.func @store(%x: i32, %m: !emitc.array<4xi32>) {
  %0 = "emitc.constant"() <{value = 0 : index}> : () -> !emitc.size_t
  %1 = emitc.subscript %m[%0] : (!emitc.array<4xi32>, !emitc.size_t) -> !emitc.lvalue<i32>
  emitc.assign %x : i32 to %1 : !emitc.lvalue<i32>
  emitc.return
}
