func.func @clash() {
  %a = memref.alloc() : memref<4xf32>
  return
}

func.func @__detect_scratch_clash_0() {
  return
}
