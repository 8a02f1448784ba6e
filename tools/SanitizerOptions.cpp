//===- SanitizerOptions.cpp - built-in options of the sanitized tools -----===//
//
// Part of detect-mlir. Linked into every tool of a -DLLVM_USE_SANITIZER build
// (tools/CMakeLists.txt), so that the tools behave the same under lit, in a
// shell and under libFuzzer; ASAN_OPTIONS and UBSAN_OPTIONS still override.
//
// allow_user_poisoning=0: LLVM's BumpPtrAllocator (llvm/Support/Allocator.h,
// inline code) poisons each new slab and unpoisons each allocation when it is
// compiled with ASan. Our code is; Debian's libMLIR.so is not. Both halves
// allocate from the same allocators (the context's attribute and type
// uniquer), so a slab started by our instrumented copy is poisoned, then
// handed out piecewise by libMLIR's copy, which never unpoisons: the next read
// of such an attribute from our code is a "use-after-poison" although the
// memory is live. With user poisoning off, both copies agree (none poisons);
// ASan's own checks (heap, stack and global redzones, use after free, leaks)
// are untouched. docs/Reliability.md has the details.
//
// abort_on_error=1: a report kills the tool with SIGABRT instead of exit
// status 1, which a test expecting an error would take for a clean refusal.
//
//===----------------------------------------------------------------------===//

extern "C" {

__attribute__((visibility("default"), used)) const char *
__asan_default_options() {
  return "allow_user_poisoning=0:abort_on_error=1:detect_leaks=1";
}

__attribute__((visibility("default"), used)) const char *
__ubsan_default_options() {
  return "halt_on_error=1:abort_on_error=1:print_stacktrace=1";
}

} // extern "C"
