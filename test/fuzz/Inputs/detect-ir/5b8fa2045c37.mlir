func.func @no_scratch() {
  return
}

func.func @needs_scratch() {
  %a = memref.alloc() : memref<4xi64>
  return
}
