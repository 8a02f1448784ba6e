func.func @finite(%x: f64) -> i1 {
  %c = arith.constant 0.5 : f64
  %0 = arith.cmpf ogt, %x, %c : f64
  return %0 : i1
}
