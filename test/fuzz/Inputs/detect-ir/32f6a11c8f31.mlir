func.func private @expf(f32) -> f32
func.func @exp(%x: f32) -> f32 {
  %0 = func.call @expf(%x) : (f32) -> f32
  return %0 : f32
}
