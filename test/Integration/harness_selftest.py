#!/usr/bin/python3
"""Self-test of harness.py that needs no detect pipeline.

    /usr/bin/python3 harness_selftest.py --workdir DIR [--opt-tool PATH]

- parses signatures of the forms the detect tests and the pipelines produce;
- lowers a small tensor module with an upstream-only pipeline (mlir-opt) on
  both routes (LLVM IR and EmitC), plain and sanitized, and checks the results
  against numpy exactly: so the ABI glue (argument order, scalars by value,
  out-pointers) is right before any detect pipeline exists;
- links hand-written code against the generated driver to check what the
  upstream pipeline cannot produce (scalar results through out-pointers, zero
  capacity results) and that the harness can fail: unwritten outputs show the
  poison, a modified input, a crash and sanitizer reports are caught and
  attributed to the right case, and ASan really instruments a .ll.
"""

import argparse
import os
import sys

sys.dont_write_bytecode = True

try:
    import numpy as np
except ImportError as _e:  # pragma: no cover - environment problem
    sys.stderr.write("harness_selftest.py: error: cannot import numpy with %s (%s): install the Debian "
                     "package python3-numpy.\n" % (sys.executable, _e))
    sys.exit(2)

from detect_harness import harness  # noqa: E402
from detect_harness.harness import HarnessError, RunError  # noqa: E402

UPSTREAM_MODULE = r"""
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#id1 = affine_map<(d0) -> (d0)>
// Two tensor arguments, one tensor result.
func.func @add(%a: tensor<4x3xf32>, %b: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %e = tensor.empty() : tensor<4x3xf32>
  %r = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<4x3xf32>, tensor<4x3xf32>) outs(%e : tensor<4x3xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  } -> tensor<4x3xf32>
  return %r : tensor<4x3xf32>
}
// A scalar between tensors (passed by value), two results.
func.func @axpy(%x: tensor<5xf64>, %alpha: f64, %y: tensor<5xf64>)
    -> (tensor<5xf64>, tensor<5xf64>) {
  %e0 = tensor.empty() : tensor<5xf64>
  %e1 = tensor.empty() : tensor<5xf64>
  %r:2 = linalg.generic {indexing_maps = [#id1, #id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<5xf64>, tensor<5xf64>) outs(%e0, %e1 : tensor<5xf64>, tensor<5xf64>) {
  ^bb0(%u: f64, %v: f64, %o0: f64, %o1: f64):
    %m = arith.mulf %alpha, %u : f64
    %s = arith.addf %m, %v : f64
    %d = arith.subf %u, %v : f64
    linalg.yield %s, %d : f64, f64
  } -> (tensor<5xf64>, tensor<5xf64>)
  return %r#0, %r#1 : tensor<5xf64>, tensor<5xf64>
}
// Integer element types and an i32 scalar.
func.func @iops(%x: tensor<6xi64>, %k: i32, %y: tensor<6xi32>) -> (tensor<6xi64>, tensor<6xi32>) {
  %e0 = tensor.empty() : tensor<6xi64>
  %e1 = tensor.empty() : tensor<6xi32>
  %kk = arith.extsi %k : i32 to i64
  %r:2 = linalg.generic {indexing_maps = [#id1, #id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<6xi64>, tensor<6xi32>) outs(%e0, %e1 : tensor<6xi64>, tensor<6xi32>) {
  ^bb0(%u: i64, %v: i32, %o0: i64, %o1: i32):
    %s = arith.addi %u, %kk : i64
    %t = arith.muli %v, %k : i32
    linalg.yield %s, %t : i64, i32
  } -> (tensor<6xi64>, tensor<6xi32>)
  return %r#0, %r#1 : tensor<6xi64>, tensor<6xi32>
}
"""

BUFFERIZE = ("one-shot-bufferize{bufferize-function-boundaries "
             "function-boundary-type-conversion=identity-layout-map},"
             "buffer-results-to-out-params{modify-public-functions=1 hoist-static-allocs=1}")
# The pipeline of the brief, plus the options that buffer-results-to-out-params
# needs in MLIR 22 to touch public functions (without modify-public-functions
# the result stays a returned pointer to a malloc'ed buffer).
UPSTREAM_LLVM = [
    "--one-shot-bufferize=bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map",
    "--buffer-results-to-out-params=modify-public-functions=1 hoist-static-allocs=1",
    "--convert-linalg-to-loops", "--convert-scf-to-cf", "--finalize-memref-to-llvm",
    "--convert-arith-to-llvm", "--convert-cf-to-llvm",
    "--convert-func-to-llvm=use-bare-ptr-memref-call-conv=1", "--reconcile-unrealized-casts",
]
UPSTREAM_C = ["--pass-pipeline=builtin.module(" + BUFFERIZE +
              ",convert-linalg-to-loops,canonicalize,func.func(arith-expand),convert-to-emitc)"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def expect_raises(fn, exc, text, what):
    try:
        fn()
    except exc as e:
        check(text in str(e), "%s: error should mention %r, got: %s" % (what, text, e))
        return e
    check(False, "%s: expected %s" % (what, exc.__name__))
    return None


def test_parser():
    sigs = harness.parse_signatures(r"""
      module {
        // func.func @commented(%a: tensor<2xf32>) -> tensor<2xf32>
        func.func private @decl(%a: tensor<2xf32>) -> tensor<2xf32>
        func.func private @helper(%a: i32) -> i32 { return %a : i32 }
        func.func @nms(%b: tensor<64x4xf32>, %s: tensor<64xf32>, %n: i32)
            -> (tensor<64xi64>, i64) attributes {llvm.emit_c_interface} {
          return
        }
        func.func public @one(%a: tensor<8x4xf64> {foo.bar}, %x: f64, %i: index) -> tensor<0xi64> { return }
        func.func @none(%a: tensor<f32>) { return }
      }""")
    got = [str(s) for s in sigs]
    want = ["@nms(tensor<64x4xf32>, tensor<64xf32>, i32) -> (tensor<64xi64>, i64)",
            "@one(tensor<8x4xf64>, f64, index) -> (tensor<0xi64>)",
            "@none(tensor<f32>) -> ()"]
    check(got == want, "parse_signatures: got %s" % got)
    expect_raises(lambda: harness.parse_signatures("func.func @d(%a: tensor<?x4xf32>) { return }"),
                  HarnessError, "static shapes", "dynamic shape rejected")
    expect_raises(lambda: harness.parse_signatures("func.func @d(%a: tensor<4xf16>) { return }"),
                  HarnessError, "f16", "f16 rejected")


def test_upstream(workdir, opt_tool, route, sanitize):
    tag = "%s%s" % (route, "-san" if sanitize else "")
    pipeline = UPSTREAM_LLVM if route == "llvm" else UPSTREAM_C
    extra = [] if route == "llvm" else ["-include", "stddef.h", "-include", "stdint.h"]  # upstream EmitC includes nothing
    exe = harness.compile(UPSTREAM_MODULE, route, os.path.join(workdir, "upstream-" + tag), sanitize=sanitize,
                          pipeline=pipeline, opt_tool=opt_tool, extra_cflags=extra)
    rng = np.random.default_rng(1)
    calls, expect = [], []
    for _ in range(50):
        a = rng.standard_normal((4, 3)).astype(np.float32)
        b = rng.standard_normal((4, 3)).astype(np.float32)
        calls.append(("add", [a, b]))
        expect.append((a + b,))
        x = rng.standard_normal(5)
        y = rng.standard_normal(5)
        alpha = float(rng.standard_normal())
        calls.append(("axpy", [x, alpha, y]))
        expect.append((alpha * x + y, x - y))
        xi = rng.integers(-1000, 1000, 6).astype(np.int64)
        yi = rng.integers(-1000, 1000, 6).astype(np.int32)
        k = np.int32(rng.integers(-100, 100))
        calls.append(("iops", [xi, k, yi]))
        expect.append((xi + np.int64(k), yi * k))
    results = harness.run_mixed(exe, calls)
    bad = 0
    for (fname, _), got, exp in zip(calls, results, expect):
        for g, e in zip(got, exp):
            if g.dtype != e.dtype or g.shape != e.shape or g.tobytes() != e.tobytes():
                bad += 1
                if bad < 3:
                    print("mismatch in @%s: got %s expected %s" % (fname, g, e))
    check(bad == 0, "upstream %s: %d mismatching results" % (tag, bad))
    print("harness self-test: upstream pipeline, route %s: %d calls, %d mismatches" % (tag, len(calls), bad))


COUNT_SIG = "func.func @count_pos(%x: tensor<8xf32>, %n: i32) -> (tensor<8xi64>, i64) { return }"
COUNT_C = r"""
#include <stdint.h>
#include <stdlib.h>
void count_pos(const float *x, int32_t n, int64_t *idx, int64_t *count) {
  int64_t c = 0;
  if (x[0] == 42.0f) abort();                     /* crash on demand */
  for (int32_t i = 0; i < n; ++i)
    if (x[i] > 0) idx[c++] = i;
#ifndef FORGET_PADDING
  for (int64_t j = c; j < 8; ++j) idx[j] = -1;
#endif
#ifdef OOB_WRITE
  if (n == 8) idx[8] = 0;                         /* one past the end */
#endif
#ifdef SIGNED_OVERFLOW
  { volatile int32_t big = 2147483647; if (n == 7) c += (int32_t)(big + n); }
#endif
#ifdef WRITE_INPUT
  if (n == 3) ((float *)x)[1] = 0.0f;
#endif
  *count = c;
}
"""

ZERO_SIG = "func.func @zero(%x: tensor<4xf32>) -> (tensor<0xi64>, i64) { return }"
ZERO_C = r"""
#include <stdint.h>
void zero(const float *x, int64_t *idx, int64_t *count) { (void)idx; *count = (int64_t)x[0]; }
"""

OOB_LL = r"""
define void @oob(ptr %0, ptr %1) {
  %p = getelementptr float, ptr %1, i64 4
  store float 1.0, ptr %p, align 4
  ret void
}
"""
OOB_SIG = "func.func @oob(%x: tensor<4xf32>) -> tensor<4xf32> { return }"


def hand_built(workdir, stem, sig_text, source, kind, sanitize=False, defines=()):
    d = os.path.join(workdir, "hand")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, stem + (".ll" if kind == "ll" else ".c"))
    with open(path, "w") as f:
        f.write(source)
    return harness.build_executable(path, kind, harness.parse_signatures(sig_text), d, stem=stem,
                                    sanitize=sanitize, extra_cflags=["-D" + x for x in defines])


def count_cases():
    cases = []
    for n in range(9):
        x = np.array([1, -1, 2, -2, 3, -3, 4, -4], dtype=np.float32)
        cases.append([x, np.int32(n)])
    return cases


def test_hand_written(workdir, sanitize_too):
    # Scalar results through out-pointers, padding, exact outputs.
    exe = hand_built(workdir, "count", COUNT_SIG, COUNT_C, "c")
    res = harness.run(exe, count_cases())
    ok = True
    for n, (idx, cnt) in enumerate(res):
        exp = [i for i in range(n) if i % 2 == 0]
        ok &= idx.dtype == np.int64 and int(cnt) == len(exp) and list(idx[: len(exp)]) == exp
        ok &= bool((idx[len(exp):] == -1).all())
    check(ok, "scalar out-pointer results")

    # An output that is not written is visible as the poison value.
    exe = hand_built(workdir, "count-forget", COUNT_SIG, COUNT_C, "c", defines=["FORGET_PADDING"])
    idx, cnt = harness.run(exe, [count_cases()[2]])[0]
    poison = harness.poison_value(np.int64)
    check(int(cnt) == 1 and idx[0] == 0 and bool((idx[1:] == poison).all()),
          "unwritten outputs carry the poison pattern (got %s)" % idx)

    # A modified input is reported, naming the case.
    exe = hand_built(workdir, "count-wi", COUNT_SIG, COUNT_C, "c", defines=["WRITE_INPUT"])
    e = expect_raises(lambda: harness.run(exe, count_cases()), RunError, "modified its input argument 0",
                      "input modification")
    check(e is not None and e.case_index == 3, "input modification attributed to case 3")

    # A crash is attributed to its case.
    exe = hand_built(workdir, "count", COUNT_SIG, COUNT_C, "c")
    cases = count_cases()
    cases[5][0] = cases[5][0].copy()
    cases[5][0][0] = 42.0
    e = expect_raises(lambda: harness.run(exe, cases), RunError, "case 5", "crash")
    check(e is not None and e.case_index == 5, "crash attributed to case 5")

    # Zero-capacity result.
    exe = hand_built(workdir, "zero", ZERO_SIG, ZERO_C, "c")
    res = harness.run(exe, [[np.array([3, 0, 0, 0], dtype=np.float32)]])
    check(res[0][0].shape == (0,) and int(res[0][1]) == 3, "zero-size result")

    # Wrong argument dtype / shape is refused instead of converted.
    expect_raises(lambda: harness.run(exe, [[np.zeros(4)]]), HarnessError, "dtype", "float64 refused")
    expect_raises(lambda: harness.run(exe, [[np.zeros(5, np.float32)]]), HarnessError, "shape", "shape checked")
    exe = hand_built(workdir, "count", COUNT_SIG, COUNT_C, "c")
    expect_raises(lambda: harness.run(exe, [[np.zeros(8, np.float32), 0.5]]), HarnessError,
                  "not exactly representable", "scalar conversion checked")

    if not sanitize_too:
        return
    # ASan catches an out-of-bounds write of C code, at the right case.
    exe = hand_built(workdir, "count-oob", COUNT_SIG, COUNT_C, "c", sanitize=True, defines=["OOB_WRITE"])
    e = expect_raises(lambda: harness.run(exe, count_cases()), RunError, "heap-buffer-overflow", "ASan on C")
    check(e is not None and e.case_index == 8, "ASan report attributed to case 8")
    # UBSan catches signed overflow in C code.
    exe = hand_built(workdir, "count-ub", COUNT_SIG, COUNT_C, "c", sanitize=True, defines=["SIGNED_OVERFLOW"])
    e = expect_raises(lambda: harness.run(exe, count_cases()), RunError, "signed integer overflow", "UBSan on C")
    check(e is not None and e.case_index == 7, "UBSan report attributed to case 7")
    # ASan instruments a .ll (the -force-attribute=sanitize_address trick).
    exe = hand_built(workdir, "oob-ll", OOB_SIG, OOB_LL, "ll", sanitize=True)
    expect_raises(lambda: harness.run(exe, [[np.zeros(4, np.float32)]]), RunError, "heap-buffer-overflow",
                  "ASan on .ll")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--opt-tool", default=os.path.join(harness.llvm_bin(), "mlir-opt"),
                    help="tool for the upstream pipeline (default $LLVM_BIN/mlir-opt)")
    ap.add_argument("--no-sanitize", action="store_true", help="skip the sanitized builds")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    try:
        test_parser()
        for route in ("llvm", "c"):
            for san in ((False,) if args.no_sanitize else (False, True)):
                test_upstream(args.workdir, args.opt_tool, route, san)
        test_hand_written(args.workdir, not args.no_sanitize)
    except HarnessError as e:
        print("harness self-test: error: %s" % e)
        return 1
    if failures:
        print("harness self-test: %d failures" % len(failures))
        return 1
    print("harness self-test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
