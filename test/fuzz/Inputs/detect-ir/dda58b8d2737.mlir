func.func @decode_dynamic(%e: tensor<?x4xf32>, %a: tensor<?x4xf32>) -> tensor<16x4xf32> {
  %c = tensor.cast %e : tensor<?x4xf32> to tensor<16x4xf32>
  return %c : tensor<16x4xf32>
}
