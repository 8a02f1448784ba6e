func.func @alloc_after_loop(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %in[%i] : memref<4xf32>
    memref.store %v, %out[%i] : memref<4xf32>
  }
  %a = memref.alloc() : memref<4xf32>
  %x = memref.load %in[%c0] : memref<4xf32>
  memref.store %x, %a[%c0] : memref<4xf32>
  return
}
