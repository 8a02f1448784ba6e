emitc.func @root(%x: f32) -> f32 {
  %0 = emitc.call_opaque "sqrtf"(%x) : (f32) -> f32
  emitc.return %0 : f32
}
