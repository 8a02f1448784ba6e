func.func @dynamic(%n: index) {
  %a = memref.alloc(%n) : memref<?xi64>
  return
}
