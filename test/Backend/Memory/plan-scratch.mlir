// Checks that --detect-plan-scratch replaces static memref.alloc scratch by globals, allocas or views into a workspace argument.
// RUN: detect-opt %s --split-input-file --detect-plan-scratch=placement=static | FileCheck %s --check-prefix=STATIC
// RUN: detect-opt %s --split-input-file --detect-plan-scratch=placement=stack | FileCheck %s --check-prefix=STACK
// RUN: detect-opt %s --split-input-file --detect-plan-scratch=placement=workspace | FileCheck %s --check-prefix=WS
// RUN: detect-opt %s --split-input-file --detect-plan-scratch="placement=workspace index-bitwidth=32 alignment=16" | FileCheck %s --check-prefix=WS32
// RUN: detect-opt %s --split-input-file --detect-plan-scratch="for-c=true" | FileCheck %s --check-prefix=FORC

// Three buffers: 100 x i64 (800 bytes), 3 x i8 (3 bytes) and 5 x index
// (40 bytes at 64 bits, 20 at 32).

// static: one private, uninitialised, naturally aligned global per buffer.
// STATIC: memref.global "private" @__detect_scratch_scratch_0 : memref<100xi64>{{$}}
// STATIC-NEXT: memref.global "private" @__detect_scratch_scratch_1 : memref<3xi8>{{$}}
// STATIC-NEXT: memref.global "private" @__detect_scratch_scratch_2 : memref<5xindex>{{$}}
// STATIC-LABEL: func.func @scratch(
// STATIC-SAME: [[OUT:%[^:]+]]: memref<4xi64>) attributes {detect.scratch_size = 843 : i64} {
// STATIC-NEXT: [[A:%.+]] = memref.get_global @__detect_scratch_scratch_0 : memref<100xi64>
// STATIC-NEXT: [[B:%.+]] = memref.get_global @__detect_scratch_scratch_1 : memref<3xi8>
// STATIC-NEXT: [[C:%.+]] = memref.get_global @__detect_scratch_scratch_2 : memref<5xindex>
// STATIC: memref.load [[A]]
// STATIC: memref.load [[B]]
// STATIC: memref.load [[C]]
// STATIC-NOT: memref.dealloc
// STATIC: return
// STATIC-LABEL: func.func @no_scratch(
// STATIC-SAME: attributes {detect.scratch_size = 0 : i64}
// STATIC-NEXT: return
// STATIC-LABEL: func.func private @external(memref<4xi64>){{$}}
// STATIC-NOT: memref.alloc(

// stack: allocas at the top of the entry block (in any order), without the
// alloc's alignment.
// STACK-NOT: memref.global
// STACK-LABEL: func.func @scratch(
// STACK-SAME: [[OUT:%[^:]+]]: memref<4xi64>) attributes {detect.scratch_size = 843 : i64} {
// STACK-DAG: [[A:%.+]] = memref.alloca() : memref<100xi64>
// STACK-DAG: [[B:%.+]] = memref.alloca() : memref<3xi8>
// STACK-DAG: [[C:%.+]] = memref.alloca() : memref<5xindex>
// STACK-NEXT: arith.constant 0 : index
// STACK: memref.load [[A]]
// STACK: memref.load [[B]]
// STACK: memref.load [[C]]
// STACK-NOT: memref.dealloc
// STACK: return
// STACK-LABEL: func.func @no_scratch(
// STACK-NOT: memref.alloc(

// workspace: a memref<Bxi8> argument appended last; each buffer is a view at
// an offset aligned to 8 bytes: 0, 800, 808 (3 bytes padded to 8), total 848.
// WS-NOT: memref.global
// WS-LABEL: func.func @scratch(
// WS-SAME: [[OUT:%[^:]+]]: memref<4xi64>, [[BUF:%[^:]+]]: memref<848xi8>) attributes {detect.scratch_size = 0 : i64, detect.workspace_size = 848 : i64} {
// WS-NEXT: [[O0:%.+]] = arith.constant 0 : index
// WS-NEXT: [[A:%.+]] = memref.view [[BUF]][[[O0]]][] : memref<848xi8> to memref<100xi64>
// WS-NEXT: [[O1:%.+]] = arith.constant 800 : index
// WS-NEXT: [[B:%.+]] = memref.view [[BUF]][[[O1]]][] : memref<848xi8> to memref<3xi8>
// WS-NEXT: [[O2:%.+]] = arith.constant 808 : index
// WS-NEXT: [[C:%.+]] = memref.view [[BUF]][[[O2]]][] : memref<848xi8> to memref<5xindex>
// WS: memref.load [[A]]
// WS: memref.load [[B]]
// WS: memref.load [[C]]
// WS-NOT: memref.dealloc
// WS: return
// A function without scratch gets no workspace argument.
// WS-LABEL: func.func @no_scratch(
// WS-SAME: [[OUT:%[^:]+]]: memref<4xi64>) attributes {detect.scratch_size = 0 : i64} {
// WS-LABEL: func.func private @external(memref<4xi64>){{$}}

// 32-bit index and 16-byte alignment: offsets 0, 800 and 816 (3 bytes
// padded to 16); 5 x index is 20 bytes, padded to 32: total 848.
// WS32-LABEL: func.func @scratch(
// WS32-SAME: [[BUF:%[^:]+]]: memref<848xi8>) attributes {detect.scratch_size = 0 : i64, detect.workspace_size = 848 : i64} {
// WS32-NEXT: arith.constant 0 : index
// WS32-NEXT: memref.view [[BUF]]{{.+}} to memref<100xi64>
// WS32-NEXT: arith.constant 800 : index
// WS32-NEXT: memref.view [[BUF]]{{.+}} to memref<3xi8>
// WS32-NEXT: arith.constant 816 : index
// WS32-NEXT: memref.view [[BUF]]{{.+}} to memref<5xindex>

// The default placement is static.
// FORC: memref.global "private" @__detect_scratch_scratch_0 : memref<100xi64>
// FORC-LABEL: func.func @scratch(
// FORC-NEXT: memref.get_global @__detect_scratch_scratch_0
func.func @scratch(%out: memref<4xi64>) {
  %a = memref.alloc() {alignment = 8 : i64} : memref<100xi64>
  %b = memref.alloc() : memref<3xi8>
  %c = memref.alloc() : memref<5xindex>
  %c0 = arith.constant 0 : index
  %v = memref.load %a[%c0] : memref<100xi64>
  memref.store %v, %out[%c0] : memref<4xi64>
  %w = memref.load %b[%c0] : memref<3xi8>
  %i = memref.load %c[%c0] : memref<5xindex>
  memref.dealloc %a : memref<100xi64>
  memref.dealloc %b : memref<3xi8>
  memref.dealloc %c : memref<5xindex>
  return
}

func.func @no_scratch(%out: memref<4xi64>) {
  return
}

func.func private @external(%out: memref<4xi64>)

// -----

// A global name already in use is made unique.
// STATIC: memref.global "private" @[[G:__detect_scratch_clash_0_[0-9]+]] : memref<4xf32>
// STATIC-LABEL: func.func @clash(
// STATIC-NEXT: memref.get_global @[[G]] : memref<4xf32>
// STATIC-LABEL: func.func @__detect_scratch_clash_0(
func.func @clash() {
  %a = memref.alloc() : memref<4xf32>
  return
}

func.func @__detect_scratch_clash_0() {
  return
}

// -----

// for-c: C has no zero-length arrays, so an unused memref<0xT> argument is
// declared with one element (a used one is left alone), and constant
// globals lose their over-alignment.
// FORC: memref.global "private" constant @table : memref<4xf32> = dense<1.000000e+00>{{$}}
// FORC-LABEL: func.func @empty_result(
// FORC-SAME: {{%[^:]+}}: memref<4xf32>, {{%[^:]+}}: memref<1xi32>, [[USED:%[^:]+]]: memref<0xi32>)
// FORC: memref.dim [[USED]], {{%.+}} : memref<0xi32>
// Without for-c, nothing is widened and the alignment stays.
// STATIC: memref.global "private" constant @table : memref<4xf32> = dense<1.000000e+00> {alignment = 64 : i64}
// STATIC-LABEL: func.func @empty_result(
// STATIC-SAME: memref<4xf32>, {{%[^:]+}}: memref<0xi32>, {{%[^:]+}}: memref<0xi32>)
memref.global "private" constant @table : memref<4xf32> = dense<1.0> {alignment = 64 : i64}

func.func @empty_result(%in: memref<4xf32>, %unused: memref<0xi32>, %used: memref<0xi32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %used, %c0 : memref<0xi32>
  return
}
