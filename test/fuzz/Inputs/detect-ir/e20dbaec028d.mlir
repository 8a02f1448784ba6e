func.func @infinite(%x: f64) -> i1 {
  %inf = arith.constant 0xFFF0000000000000 : f64
  %0 = arith.cmpf ogt, %x, %inf : f64
  return %0 : i1
}
