// NMS over the result of detect.decode_boxes decodes each box when it reads
// it: the decoded table is not read (it dies), the kept boxes' corners are
// stored once, when kept, and compared from there.
// RUN: detect-opt %s --split-input-file --convert-detect-nms-to-loops="index-bitwidth=32" | FileCheck %s

// CHECK-LABEL: func.func @decoded
// CHECK-SAME: (%[[ENC:.+]]: tensor<64x4xf32>, %[[ANC:.+]]: tensor<64x4xf32>
// CHECK-DAG: %[[ENCB:.+]] = bufferization.to_buffer %[[ENC]] read_only
// CHECK-DAG: %[[ANCB:.+]] = bufferization.to_buffer %[[ANC]] read_only
// CHECK-DAG: %[[CORNERS:.+]] = memref.alloc() : memref<10x4xf32>
// CHECK-NOT: bufferization.to_buffer %{{.+}} : tensor<64x4xf32>
// CHECK: scf.while
// The popped candidate is decoded: two exponentials.
// CHECK: memref.load %[[ENCB]]
// CHECK: memref.load %[[ANCB]]
// CHECK: math.exp
// CHECK: math.exp
// Kept boxes are read from the stored corners, not decoded again.
// CHECK: scf.while
// CHECK-NOT: math.exp
// CHECK: memref.load %[[CORNERS]]
// CHECK: scf.yield
// CHECK-NOT: math.exp
// CHECK: memref.store %{{.+}}, %[[CORNERS]]
func.func @decoded(%enc: tensor<64x4xf32>, %anc: tensor<64x4xf32>, %s: tensor<64xf32>)
    -> (tensor<10xi32>, i32) {
  %b = detect.decode_boxes %enc, %anc scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<64x4xf32>, tensor<64x4xf32> -> tensor<64x4xf32>
  %k, %n = detect.nms %b, %s iou_threshold(0.6) max_output(10) layout(yxyx)
      : tensor<64x4xf32>, tensor<64xf32> -> tensor<10xi32>, i32
  return %k, %n : tensor<10xi32>, i32
}

// -----

// With a valid count the rows past it are zero boxes, not decodings: the
// table is read.
// CHECK-LABEL: func.func @counted
// CHECK: %[[B:.+]] = detect.decode_boxes
// CHECK: bufferization.to_buffer %[[B]] read_only
// CHECK-NOT: math.exp
func.func @counted(%enc: tensor<64x4xf32>, %anc: tensor<64x4xf32>, %s: tensor<64xf32>, %v: i32)
    -> (tensor<10xi32>, i32) {
  %b = detect.decode_boxes %enc, %anc valid(%v : i32) scales(10.0, 10.0, 5.0, 5.0) layout(yxyx)
      : tensor<64x4xf32>, tensor<64x4xf32> -> tensor<64x4xf32>
  %k, %n = detect.nms %b, %s iou_threshold(0.6) max_output(10) layout(yxyx)
      : tensor<64x4xf32>, tensor<64xf32> -> tensor<10xi32>, i32
  return %k, %n : tensor<10xi32>, i32
}
