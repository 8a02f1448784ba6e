memref.global "private" constant @table : memref<4xf32> = dense<1.0> {alignment = 64 : i64}

func.func @empty_result(%in: memref<4xf32>, %unused: memref<0xi32>, %used: memref<0xi32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %used, %c0 : memref<0xi32>
  return
}
