emitc.func @copy(%dst: !emitc.ptr<f32>, %src: !emitc.ptr<f32>, %n: !emitc.size_t) {
  emitc.call_opaque "memcpy"(%dst, %src, %n) : (!emitc.ptr<f32>, !emitc.ptr<f32>, !emitc.size_t) -> ()
  emitc.return
}
