// Checks that --detect-to-llvm gives heap-free LLVM dialect with the bare-pointer C ABI, for each scratch placement and index width.
// RUN: detect-opt %s --detect-to-llvm | FileCheck %s --implicit-check-not=malloc --implicit-check-not=@free --implicit-check-not=llvm.alloca
// RUN: detect-opt %s --detect-to-llvm="index-bitwidth=32 scratch=stack" | FileCheck %s --check-prefix=STACK32 --implicit-check-not=malloc --implicit-check-not=@free --implicit-check-not=llvm.mlir.global --implicit-check-not='{{: i64 ?$}}' --implicit-check-not='x i64' --implicit-check-not='(i64)'
// RUN: detect-opt %s --detect-to-llvm="scratch=workspace" | FileCheck %s --check-prefix=WS --implicit-check-not=malloc --implicit-check-not=@free --implicit-check-not=llvm.mlir.global --implicit-check-not=llvm.alloca
// RUN: detect-opt %s --detect-to-llvm | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=IR --implicit-check-not=@malloc --implicit-check-not=@free
// RUN: detect-opt %s --detect-to-llvm="index-bitwidth=32 scratch=stack" | mlir-translate --mlir-to-llvmir | FileCheck %s --check-prefix=IR --implicit-check-not=@malloc --implicit-check-not=@free

// Default (scratch=static, 64-bit index): the NMS scratch is the candidate
// heap (box numbers < 64, so i16; 8 kept slots need no grid), as a private
// global.
// CHECK: llvm.mlir.global private @__detect_scratch_nms_{{[0-9]+}}() {addr_space = 0 : i32} : !llvm.array<64 x i16>
// Every buffer is a bare pointer: boxes, scores, then the results as
// out-pointers (indices, and the count as a one-element buffer).
// CHECK-LABEL: llvm.func @nms(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr)
// CHECK-SAME: no_unwind
// CHECK: llvm.mlir.addressof @__detect_scratch_nms_
// The kept indices are i32 stores into the out-pointer, the count too.
// CHECK: llvm.store {{%.+}}, {{%.+}} : i32, !llvm.ptr
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @area(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
// CHECK-SAME: no_unwind
// CHECK-NOT: llvm.mlir.addressof
// CHECK: llvm.return
// The 4-coordinate loop is unrolled: no select on the coordinate is left,
// and each coordinate computes one exp.
// CHECK-LABEL: llvm.func @decode(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr)
// CHECK-SAME: no_unwind
// CHECK-NOT: llvm.select
// CHECK-COUNT-4: llvm.intr.exp
// CHECK-NOT: llvm.select
// CHECK: llvm.return
// A scalar operand is passed by value.
// CHECK-LABEL: llvm.func @ciou(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i32, %arg3: !llvm.ptr)
// CHECK-SAME: no_unwind
// CHECK-COUNT-2: llvm.intr.atan
// CHECK: llvm.return

// scratch=stack with 32-bit index: allocas in the entry block, before any
// branch (a later alloca is a dynamic stack adjustment); counters, the
// candidate heap and the descriptors are i32; no i64 anywhere in the code.
// STACK32-LABEL: llvm.func @nms(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr)
// STACK32-SAME: no_unwind
// STACK32-NOT: llvm.br
// STACK32: llvm.alloca {{%.+}} x i16 : (i32) -> !llvm.ptr
// STACK32: llvm.br
// STACK32-NOT: llvm.alloca
// STACK32: llvm.icmp "slt" {{%.+}}, {{%.+}} : i32
// STACK32-LABEL: llvm.func @area(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
// STACK32-LABEL: llvm.func @decode(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr)
// STACK32-LABEL: llvm.func @ciou(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: i32, %arg3: !llvm.ptr)

// scratch=workspace: the caller's buffer is the last argument; its size is
// recorded; the buffer (the candidate heap) is a byte offset into it.
// WS-LABEL: llvm.func @nms(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr, %arg4: !llvm.ptr)
// WS-SAME: detect.workspace_size = 128 : i64
// WS-SAME: no_unwind
// WS: llvm.insertvalue %arg4
// WS: llvm.getelementptr {{%.+}}[{{%.+}}] : (!llvm.ptr, i64) -> !llvm.ptr, i8
// Functions without scratch get no workspace.
// WS-LABEL: llvm.func @area(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
// WS-NOT: detect.workspace_size
// WS-LABEL: llvm.func @ciou(

// Translated to LLVM IR, void functions of pointers, all nounwind, no heap.
// IR-LABEL: define void @nms(ptr %0, ptr %1, ptr %2, ptr %3)
// IR-SAME: #[[ATTRS:[0-9]+]]
// IR-LABEL: define void @area(ptr %0, ptr %1)
// IR-SAME: #[[ATTRS]]
// IR-LABEL: define void @decode(ptr %0, ptr %1, ptr %2)
// IR-SAME: #[[ATTRS]]
// IR-LABEL: define void @ciou(ptr %0, ptr %1, i32 %2, ptr %3)
// IR-SAME: #[[ATTRS]]
// IR: attributes #[[ATTRS]] = { {{.*}}nounwind{{.*}} }
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
