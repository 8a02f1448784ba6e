func.func @scratch(%out: memref<4xi64>) {
  %a = memref.alloc() {alignment = 8 : i64} : memref<100xi64>
  %b = memref.alloc() : memref<3xi8>
  %c = memref.alloc() : memref<5xindex>
  %c0 = arith.constant 0 : index
  %v = memref.load %a[%c0] : memref<100xi64>
  memref.store %v, %out[%c0] : memref<4xi64>
  %w = memref.load %b[%c0] : memref<3xi8>
  %i = memref.load %c[%c0] : memref<5xindex>
  memref.dealloc %a : memref<100xi64>
  memref.dealloc %b : memref<3xi8>
  memref.dealloc %c : memref<5xindex>
  return
}

func.func @no_scratch(%out: memref<4xi64>) {
  return
}

func.func private @external(%out: memref<4xi64>)
