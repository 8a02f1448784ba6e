func.func @dynamic_argument(%b: tensor<?x4xf32>) -> index {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %b, %c0 : tensor<?x4xf32>
  return %n : index
}
