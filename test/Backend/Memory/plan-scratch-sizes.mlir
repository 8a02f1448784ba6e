// Checks that --detect-plan-scratch refuses scratch whose size, total or
// workspace offsets do not fit the target's index, instead of wrapping them
// (a buffer of 2^62 index slots used to report a scratch of 0 bytes, one of
// 2^63 - 1 slots -8).
// RUN: detect-opt %s --allow-unregistered-dialect --split-input-file --verify-diagnostics --detect-plan-scratch
// RUN: detect-opt %s --allow-unregistered-dialect --split-input-file --verify-diagnostics --detect-plan-scratch=placement=stack
// RUN: not detect-opt %s --allow-unregistered-dialect --split-input-file --detect-plan-scratch=index-bitwidth=32 2>&1 | FileCheck %s --check-prefix=I32
// RUN: not detect-opt %s --allow-unregistered-dialect --split-input-file --detect-plan-scratch="placement=workspace index-bitwidth=32" 2>&1 | FileCheck %s --check-prefix=WS32
// RUN: not detect-opt %s --allow-unregistered-dialect --detect-plan-scratch=alignment=0 2>&1 | FileCheck %s --check-prefix=ALIGN

// ALIGN: error: detect-plan-scratch: alignment must be positive and index-bitwidth in [8, 64], got 0 and 64

func.func @index_2_62() {
  // expected-error @below {{'memref.alloc' op allocates scratch 'memref<4611686018427387904xindex>' for function 'index_2_62': the buffer takes more than the 9223372036854775807 bytes that the target's 64-bit index addresses}}
  %a = memref.alloc() : memref<4611686018427387904xindex>
  "test.use"(%a) : (memref<4611686018427387904xindex>) -> ()
  return
}

// -----

func.func @i64_2_63_minus_1() {
  // expected-error @below {{'memref.alloc' op allocates scratch 'memref<9223372036854775807xi64>' for function 'i64_2_63_minus_1': the buffer takes more than}}
  %a = memref.alloc() : memref<9223372036854775807xi64>
  "test.use"(%a) : (memref<9223372036854775807xi64>) -> ()
  return
}

// -----

// Each buffer fits at 64 bits (2^62 bytes, of two types so that they do not
// share a slot), their total does not.
func.func @total() {
  %a = memref.alloc() : memref<576460752303423488xi64>
  // expected-error @below {{'memref.alloc' op allocates scratch 'memref<576460752303423488xf64>' for function 'total': with it, the scratch takes more than the 9223372036854775807 bytes}}
  %b = memref.alloc() : memref<576460752303423488xf64>
  "test.use"(%a, %b) : (memref<576460752303423488xi64>, memref<576460752303423488xf64>) -> ()
  return
}

// -----

// 2^31 bytes: fine at 64 bits, refused at 32.
// I32: error: 'memref.alloc' op allocates scratch 'memref<268435456xi64>' for function 'small': the buffer takes more than the 2147483647 bytes that the target's 32-bit index addresses
// WS32: error: 'memref.alloc' op allocates scratch 'memref<268435456xi64>' for function 'small': the buffer takes more than the 2147483647 bytes
func.func @small() {
  %a = memref.alloc() : memref<268435456xi64>
  "test.use"(%a) : (memref<268435456xi64>) -> ()
  return
}

// -----

// Two buffers of 2^30 - 4 bytes: 2^31 - 8 in all (fits at 32 bits as
// static or stack scratch), but the second one's offset in the workspace is
// aligned to 8, which makes 2^31.
// WS32: error: 'memref.alloc' op allocates scratch 'memref<268435455xf32>' for function 'aligned': with it and its alignment, the workspace takes more than the 2147483647 bytes
func.func @aligned() {
  %a = memref.alloc() : memref<268435455xi32>
  %b = memref.alloc() : memref<268435455xf32>
  "test.use"(%a, %b) : (memref<268435455xi32>, memref<268435455xf32>) -> ()
  return
}
