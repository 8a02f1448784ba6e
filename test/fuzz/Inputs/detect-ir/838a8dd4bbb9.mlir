func.func @in_branch(%p: i1) {
  scf.if %p {
    %a = memref.alloc() : memref<4xi64>
  }
  return
}
