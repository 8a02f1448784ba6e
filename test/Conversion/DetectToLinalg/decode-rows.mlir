// Decoded boxes read only element by element are decoded where they are read:
// no [N, 4] table (no linalg.generic), one decoding per row read.
// RUN: detect-opt %s --split-input-file --convert-detect-to-linalg --cse | FileCheck %s

// CHECK-LABEL: func.func @rows
// CHECK-SAME: (%[[ENC:.+]]: tensor<1917x4xf32>, %[[ANC:.+]]: tensor<1917x4xf32>, %[[I:.+]]: index)
// CHECK-NOT: linalg.generic
// CHECK-NOT: detect.decode_boxes
// CHECK: tensor.extract %[[ENC]][%[[I]], %{{.+}}]
// CHECK: tensor.extract %[[ANC]][%[[I]], %{{.+}}]
// CHECK-COUNT-2: math.exp
// CHECK-NOT: math.exp
// CHECK: %[[D:.+]] = tensor.dim %[[ENC]], %{{.+}}
// CHECK: return %{{.+}}, %{{.+}}, %[[D]]
func.func @rows(%enc: tensor<1917x4xf32>, %anc: tensor<1917x4xf32>, %i: index) -> (f32, f32, index) {
  %b = detect.decode_boxes %enc, %anc scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<1917x4xf32>, tensor<1917x4xf32> -> tensor<1917x4xf32>
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %y1 = tensor.extract %b[%i, %c0] : tensor<1917x4xf32>
  %x2 = tensor.extract %b[%i, %c3] : tensor<1917x4xf32>
  %n = tensor.dim %b, %c0 : tensor<1917x4xf32>
  return %y1, %x2, %n : f32, f32, index
}

// -----

// Any other reader gets the table.
// CHECK-LABEL: func.func @table
// CHECK: linalg.generic
func.func @table(%enc: tensor<8x4xf32>, %anc: tensor<8x4xf32>, %i: index) -> (f32, tensor<8x4xf32>) {
  %b = detect.decode_boxes %enc, %anc scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x4xf32>
  %c0 = arith.constant 0 : index
  %y1 = tensor.extract %b[%i, %c0] : tensor<8x4xf32>
  return %y1, %b : f32, tensor<8x4xf32>
}
