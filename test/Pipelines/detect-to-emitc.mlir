// Checks that --detect-to-emitc | mlir-translate --mlir-to-cpp prints self-contained, heap-free C with plain array parameters.
// RUN: detect-opt %s --detect-to-emitc | mlir-translate --mlir-to-cpp | FileCheck %s --implicit-check-not=malloc --implicit-check-not='free('
// RUN: detect-opt %s --detect-to-emitc="index-bitwidth=32 scratch=stack" | mlir-translate --mlir-to-cpp | FileCheck %s --check-prefix=STACK32 --implicit-check-not=malloc --implicit-check-not='free(' --implicit-check-not=static --implicit-check-not=int64_t
// RUN: detect-opt %s --detect-to-emitc | FileCheck %s --check-prefix=EMITC --implicit-check-not=memref. --implicit-check-not=func.func --implicit-check-not=scf. --implicit-check-not=arith. --implicit-check-not=' math.'
// RUN: not detect-opt %s --detect-to-emitc="scratch=workspace" 2>&1 | FileCheck %s --check-prefix=WORKSPACE

// The headers first (math.h for expf and atanf), then the libm
// declarations and the static scratch of NMS.
// CHECK: #include <stdint.h>
// CHECK-NEXT: #include <stdbool.h>
// CHECK-NEXT: #include <stddef.h>
// CHECK-NEXT: #include <math.h>
// CHECK-DAG: extern float atanf(float);
// CHECK-DAG: extern float expf(float);
// CHECK: static int16_t __detect_scratch_nms_{{[0-9]+}}[64];
// Tensors are C arrays of their static shape; results are out-parameters.
// CHECK-LABEL: void nms(float v1[64][4], float v2[64], int32_t v3[8], int32_t v4[1]) {
// CHECK-DAG: float [[ST:v[0-9]+]] = 2.500000000e-01f;
// CHECK-DAG: int32_t [[MINUS1:v[0-9]+]] = -1;
// Unused result slots hold -1 ...
// CHECK: v3[{{.+}}] = [[MINUS1]];
// ... the score test against the threshold; candidates go to the static
// scratch (the heap of box numbers) ...
// CHECK: bool {{v[0-9]+}} = {{v[0-9]+}} > [[ST]];
// CHECK: __detect_scratch_nms_0[{{.+}}] = {{v[0-9]+}};
// ... the heap and the greedy loop are do/while loops ...
// CHECK: do {
// CHECK: } while (
// ... and the count is written through its out-pointer.
// CHECK: v4[{{.+}}] = {{v[0-9]+}};
// CHECK-NEXT: return;
// CHECK-LABEL: void area(float v1[64][4], float v2[64]) {
// Unrolled coordinate loop: four stores into the [N][4] result, one expf each.
// CHECK-LABEL: void decode(float v1[64][4], float v2[64][4], float v3[64][4]) {
// CHECK-COUNT-4: expf(
// CHECK-NOT: expf(
// Scalars are passed by value.
// CHECK-LABEL: void ciou(float v1[8][4], float v2[8][4], int32_t v3, float v4[8][8]) {
// CHECK-COUNT-2: atanf(

// scratch=stack, 32-bit index: the scratch is a local array (the candidate
// heap, int16_t), the counters are int32_t; no static storage and no
// int64_t at all.
// STACK32: #include <stdint.h>
// STACK32-LABEL: void nms(float v1[64][4], float v2[64], int32_t v3[8], int32_t v4[1]) {
// STACK32: int16_t {{v[0-9]+}}[64];
// STACK32: do {
// STACK32-LABEL: void ciou(float v1[8][4], float v2[8][4], int32_t v3, float v4[8][8]) {

// The EmitC module: includes as ops, functions with array types, nothing
// left of memref, func, scf, arith or math.
// EMITC: emitc.include <"stdint.h">
// EMITC: emitc.func private @{{atanf|expf}}(f32) -> f32
// EMITC: emitc.func @nms(%arg0: !emitc.array<64x4xf32>, %arg1: !emitc.array<64xf32>, %arg2: !emitc.array<8xi32>, %arg3: !emitc.array<1xi32>)
// EMITC: emitc.func @ciou(%arg0: !emitc.array<8x4xf32>, %arg1: !emitc.array<8x4xf32>, %arg2: i32, %arg3: !emitc.array<8x8xf32>)

// EmitC has no memref.view: scratch=workspace is refused, naming the function.
// WORKSPACE: error: function 'nms' needs scratch memory, and scratch=workspace is not available on the C route (EmitC has no memref.view); use scratch=static or scratch=stack
func.func @nms(%b: tensor<64x4xf32>, %s: tensor<64xf32>) -> (tensor<8xi32>, i32) {
  %k, %c = detect.nms %b, %s iou_threshold(0.5) score_threshold(0.25) max_output(8) : tensor<64x4xf32>, tensor<64xf32> -> tensor<8xi32>, i32
  return %k, %c : tensor<8xi32>, i32
}

func.func @area(%b: tensor<64x4xf32>) -> tensor<64xf32> {
  %0 = detect.box_area %b layout(cxcywh) : tensor<64x4xf32> -> tensor<64xf32>
  return %0 : tensor<64xf32>
}

func.func @decode(%e: tensor<64x4xf32>, %a: tensor<64x4xf32>) -> tensor<64x4xf32> {
  %0 = detect.decode_boxes %e, %a scales(10.0, 10.0, 5.0, 5.0) layout(yxyx) : tensor<64x4xf32>, tensor<64x4xf32> -> tensor<64x4xf32>
  return %0 : tensor<64x4xf32>
}

func.func @ciou(%a: tensor<8x4xf32>, %b: tensor<8x4xf32>, %n: i32) -> tensor<8x8xf32> {
  %0 = detect.iou %a, %b lhs_valid(%n : i32) kind(ciou) : tensor<8x4xf32>, tensor<8x4xf32> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}
