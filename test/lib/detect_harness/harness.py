"""Compile detect functions to native executables and run them on numpy data.

This is the execution side of the differential tests in test/Integration/:

    exe = compile(mlir_text, "llvm", workdir)          # or "c"
    results = run(exe, [[boxes, scores, n], ...])     # one process for all cases

The ABI that the detect pipelines implement for every public `func.func @name`
with static shapes:

    void name(<args>, <results>)

- each tensor argument: `const T *` to row-major contiguous data;
- each scalar argument (i32, i64, f32, f64; index = int64_t, i.e. the
  pipelines' index-bitwidth=64): passed by value;
- then each result, in order: `T *` out-pointer, to a buffer of the full static
  size for tensor results and to a single element for scalar results.

Element types: f32 -> float, f64 -> double, i8 -> int8_t (raw bytes), i32 -> int32_t, i64 -> int64_t.

The driver is C generated from the signatures parsed out of the input MLIR.
Its protocol on stdin/stdout, all raw little-endian:

    request  = uint32 function id (position among the module's public
               functions), then every argument in order at its full static size
    response = every result in order at its full static size

It loops until EOF. Before every call it fills every output buffer with the
poison byte 0xAB (so an output that is not written shows up as 0xABAB... in the
results, which no comparison accepts), it allocates every buffer with exactly
its size (so AddressSanitizer reports any access past the end), and it checks
after every call that the inputs were not modified.

Tools come from environment variables, with defaults:
    DETECT_OPT  the driver that runs the pipeline (default /work/main/build/bin/detect-opt)
    LLVM_BIN    mlir-translate and clang (default /usr/lib/llvm-22/bin)
"""

import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import sys

try:
    import numpy as np
except ImportError as _e:  # an environment problem, reported, never skipped
    sys.stderr.write("harness: error: cannot import numpy with %s (%s): install the Debian "
                     "package python3-numpy.\n" % (sys.executable, _e))
    sys.exit(2)


def require_torchvision(script):
    """torch and torchvision, the oracles of the differential tests, or exit 2
    naming the Debian packages: a missing oracle fails the test loudly."""
    try:
        import torch
        import torchvision
        import torchvision.ops
    except ImportError as e:
        sys.stderr.write(
            "%s: error: cannot import torch/torchvision with %s (%s).\n"
            "The oracle of this test is torchvision: install the Debian packages python3-torch and "
            "python3-torchvision (apt-get install python3-torchvision). The test is deliberately not "
            "skipped when the oracle is missing.\n" % (script, sys.executable, e))
        sys.exit(2)
    return torch, torchvision

DEFAULT_DETECT_OPT = "/work/main/build/bin/detect-opt"
DEFAULT_LLVM_BIN = "/usr/lib/llvm-22/bin"

# The pipelines of the two routes (detect-opt options).
ROUTE_PIPELINES = {
    "llvm": ["--detect-to-llvm=index-bitwidth=64"],
    "c": ["--detect-to-emitc"],
}


def add_common_arguments(parser, random_default, random_help):
    """The command line every differential test script shares."""
    parser.add_argument("--route", choices=["llvm", "c"], required=True)
    parser.add_argument("--sanitize", action="store_true",
                        help="ASan + UBSan build (see harness.py for what each route gets)")
    parser.add_argument("--detect-opt", default=detect_opt_path())
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--pipeline-options", default="",
                        help="options of the route's pipeline, e.g. \"index-bitwidth=32 scratch=stack\"")
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument("--random", type=int, default=random_default, help=random_help)


def route_pipeline(route, options=""):
    """The detect pipeline of `route` with extra pipeline options, e.g.
    "index-bitwidth=32 scratch=stack" (None: the route's default)."""
    if not options:
        return None
    name = {"llvm": "detect-to-llvm", "c": "detect-to-emitc"}[route]
    return ["--%s=%s" % (name, options)]

# Flags of every clang invocation. -ffp-contract=off: no fused multiply-add
# may change a result compared with the reference's separately rounded ops.
CFLAGS = ["-O2", "-ffp-contract=off"]
# Sanitized builds. Which checks reach the *generated* code differs by route:
# - route "c": the generated C is compiled by clang's front end, so both
#   AddressSanitizer and UndefinedBehaviorSanitizer instrument it. This is the
#   route where UBSan checks the generated code (signed overflow, shifts,
#   misaligned or null pointers, out-of-bounds array indices of emitted arrays).
# - route "llvm": clang only runs the back end on the .ll. UBSan checks are
#   inserted by the C front end, so the generated code gets none of them; only
#   the driver is UBSan-checked. ASan is an IR pass, but it instruments only
#   functions carrying the `sanitize_address` attribute, which mlir-translate
#   does not emit: we force it onto every function of the .ll with
#   `-mllvm -force-attribute=sanitize_address` (checked by harness_selftest.py:
#   without it an out-of-bounds store in a .ll goes unnoticed).
SANITIZE_FLAGS = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-g"]
LL_ASAN_FLAGS = ["-mllvm", "-force-attribute=sanitize_address"]

POISON_BYTE = 0xAB

# MLIR element type -> (C type, numpy dtype)
ELEMENT_TYPES = {
    "f32": ("float", np.dtype("<f4")),
    "f64": ("double", np.dtype("<f8")),
    "i8": ("int8_t", np.dtype("i1")),
    "i32": ("int32_t", np.dtype("<i4")),
    "i64": ("int64_t", np.dtype("<i8")),
    # The pipelines are run with index-bitwidth=64.
    "index": ("int64_t", np.dtype("<i8")),
}


class HarnessError(Exception):
    """A tool failed, or the input is outside what the harness supports."""


class RunError(HarnessError):
    """The executable failed. `case_index` is the first case without a complete
    response (the case that crashed, or was reported by a sanitizer)."""

    def __init__(self, message, case_index=None, stderr=""):
        super().__init__(message)
        self.case_index = case_index
        self.stderr = stderr


# ----------------------------------------------------------------------------
# Signatures
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueType:
    """A tensor (or memref) with a static shape, or a scalar (shape None)."""

    elem: str
    shape: Optional[Tuple[int, ...]]

    @property
    def is_scalar(self):
        return self.shape is None

    @property
    def ctype(self):
        return ELEMENT_TYPES[self.elem][0]

    @property
    def dtype(self):
        return ELEMENT_TYPES[self.elem][1]

    @property
    def count(self):
        if self.shape is None:
            return 1
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def nbytes(self):
        return self.count * self.dtype.itemsize

    def __str__(self):
        if self.shape is None:
            return self.elem
        return "tensor<" + "".join("%dx" % d for d in self.shape) + self.elem + ">"


@dataclass
class Signature:
    name: str
    args: List[ValueType]
    results: List[ValueType]

    def __str__(self):
        return "@%s(%s) -> (%s)" % (
            self.name,
            ", ".join(map(str, self.args)),
            ", ".join(map(str, self.results)),
        )


_OPEN = "(<[{"
_CLOSE = ")>]}"


def _strip_comments(text):
    out = []
    for line in text.splitlines():
        # `//` never occurs inside the types and names we read here.
        i = line.find("//")
        out.append(line if i < 0 else line[:i])
    return "\n".join(out)


def _balanced_end(text, start):
    """Index just past the bracket group opened at text[start]."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            j = text.find('"', i + 1)
            if j < 0:
                break
            i = j + 1
            continue
        if c == "-" and text.startswith("->", i):
            i += 2  # the '>' of '->' is not a bracket
            continue
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise HarnessError("unbalanced brackets in function signature near: %r" % text[start : start + 80])


def _split_top(text, sep=","):
    parts, depth, cur = [], 0, []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "-" and text.startswith("->", i):
            cur.append("->")
            i += 2
            continue
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur))
    return [p.strip() for p in parts]


def _first_type_token(text):
    """The type at the start of `text` (stops at top-level blank or '{')."""
    text = text.strip()
    depth = 0
    for i, c in enumerate(text):
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        elif depth == 0 and (c.isspace() or c == "{"):
            return text[:i]
    return text


def parse_type(text, where="") -> ValueType:
    t = text.strip()
    if t in ELEMENT_TYPES:
        return ValueType(t, None)
    m = re.fullmatch(r"(tensor|memref)<([^<>]*)>", t)
    if not m:
        raise HarnessError("unsupported type %r%s (the driver handles tensor<...>/memref<...> of "
                           "f32/f64/i8/i32/i64 and those scalars)" % (t, where))
    inner = m.group(2)
    if "," in inner:
        raise HarnessError("unsupported type %r%s: encodings and layouts are not part of the ABI" % (t, where))
    dims = inner.split("x")
    elem = dims[-1]
    if elem not in ELEMENT_TYPES:
        raise HarnessError("unsupported element type %r in %r%s" % (elem, t, where))
    shape = []
    for d in dims[:-1]:
        if not d.isdigit():
            raise HarnessError("dynamic or malformed dimension %r in %r%s: the ABI needs static shapes" % (d, t, where))
        shape.append(int(d))
    return ValueType(elem, tuple(shape))


def parse_signatures(mlir_text) -> List[Signature]:
    """Signatures of the public functions with a body, in textual order."""
    text = _strip_comments(mlir_text)
    sigs = []
    for m in re.finditer(r"\bfunc\.func\s+(?:(public|private|nested)\s+)?@([\w$.\-]+|\"[^\"]*\")\s*(?=\()", text):
        visibility, name = m.group(1), m.group(2).strip('"')
        lpar = m.end()
        rpar = _balanced_end(text, lpar)
        arg_text = text[lpar + 1 : rpar - 1]
        rest = text[rpar:]
        pos = 0
        results_text = []
        s = rest.lstrip()
        pos = len(rest) - len(s)
        if s.startswith("->"):
            s2 = s[2:].lstrip()
            off = pos + 2 + (len(s[2:]) - len(s2))
            if s2.startswith("("):
                end = _balanced_end(s2, 0)
                results_text = _split_top(s2[1 : end - 1])
                pos = off + end
            else:
                tok = _first_type_token(s2)
                results_text = [tok]
                pos = off + len(tok)
        tail = rest[pos:].lstrip()
        if tail.startswith("attributes"):
            brace = tail.find("{")
            tail = tail[_balanced_end(tail, brace):].lstrip()
        has_body = tail.startswith("{")
        if visibility == "private" or not has_body:
            continue
        where = " in the signature of @%s" % name
        args = []
        for a in _split_top(arg_text):
            if ":" not in a:
                raise HarnessError("cannot read argument %r%s" % (a, where))
            args.append(parse_type(_first_type_token(a.split(":", 1)[1]), where))
        results = [parse_type(_first_type_token(r), where) for r in results_text]
        sigs.append(Signature(name, args, results))
    if not sigs:
        raise HarnessError("no public func.func with a body found in the input")
    return sigs


# ----------------------------------------------------------------------------
# Driver generation
# ----------------------------------------------------------------------------


def generate_driver(sigs: Sequence[Signature]) -> str:
    out = []
    w = out.append
    w("/* Generated by test/lib/detect_harness/harness.py: stdin/stdout driver of the")
    w("   compiled functions. Request: uint32 function id, then the arguments; response:")
    w("   the results. Raw little-endian, full static sizes, until EOF. */")
    w("#define _POSIX_C_SOURCE 200112L")
    w("#include <stdint.h>")
    w("#include <stdio.h>")
    w("#include <stdlib.h>")
    w("#include <string.h>")
    w("")
    w("/* The functions under test. */")
    for s in sigs:
        params = ["const %s *" % a.ctype if not a.is_scalar else a.ctype for a in s.args]
        params += ["%s *" % r.ctype for r in s.results]
        w("void %s(%s);" % (s.name, ", ".join(params) if params else "void"))
    w("")
    w("static unsigned long long dh_case;")
    w("")
    w("static void dh_die(const char *what, const char *fn) {")
    w('  fprintf(stderr, "detect-harness driver: %s%s%s (case %llu)\\n", what, fn ? ": " : "", fn ? fn : "", dh_case);')
    w("  exit(3);")
    w("}")
    w("")
    w("/* Exactly n bytes, so that AddressSanitizer sees any access past the end. */")
    w("static void *dh_alloc(size_t n) {")
    w("  void *p = NULL;")
    w("  if (posix_memalign(&p, 64, n) != 0 || (p == NULL && n != 0))")
    w('    dh_die("out of memory", NULL);')
    w("  return p;")
    w("}")
    w("")
    w("/* 1: read n bytes; 0: clean EOF before the first byte (only if allow_eof). */")
    w("static int dh_read(void *p, size_t n, int allow_eof) {")
    w("  size_t got = n ? fread(p, 1, n, stdin) : 0;")
    w("  if (got == n) return 1;")
    w("  if (got == 0 && allow_eof && feof(stdin)) return 0;")
    w('  dh_die("truncated input", NULL);')
    w("  return 0;")
    w("}")
    w("")
    w("static void dh_write(const void *p, size_t n) {")
    w("  if (n && fwrite(p, 1, n, stdout) != n)")
    w('    dh_die("write failed", NULL);')
    w("}")
    w("")
    for fi, s in enumerate(sigs):
        w("/* %s */" % s)
        w("static void dh_call_%d(void) {" % fi)
        w("  static int init;")
        for i, a in enumerate(s.args):
            if not a.is_scalar:
                w("  static %s *a%d, *a%d_copy;" % (a.ctype, i, i))
        for i, r in enumerate(s.results):
            w("  static %s *r%d;" % (r.ctype, i))
        w("  if (!init) {")
        for i, a in enumerate(s.args):
            if not a.is_scalar:
                w("    a%d = dh_alloc(%d);" % (i, a.nbytes))
                w("    a%d_copy = dh_alloc(%d);" % (i, a.nbytes))
        for i, r in enumerate(s.results):
            w("    r%d = dh_alloc(%d);" % (i, r.nbytes))
        w("    init = 1;")
        w("  }")
        for i, a in enumerate(s.args):
            if a.is_scalar:
                w("  %s a%d;" % (a.ctype, i))
                w("  dh_read(&a%d, sizeof a%d, 0);" % (i, i))
            else:
                w("  dh_read(a%d, %d, 0);" % (i, a.nbytes))
                if a.nbytes:
                    w("  memcpy(a%d_copy, a%d, %d);" % (i, i, a.nbytes))
        for i, r in enumerate(s.results):
            if r.nbytes:
                w("  memset(r%d, 0x%02X, %d);  /* poison */" % (i, POISON_BYTE, r.nbytes))
        call_args = ["a%d" % i for i in range(len(s.args))] + ["r%d" % i for i in range(len(s.results))]
        w("  %s(%s);" % (s.name, ", ".join(call_args)))
        for i, a in enumerate(s.args):
            if not a.is_scalar and a.nbytes:
                w("  if (memcmp(a%d, a%d_copy, %d) != 0)" % (i, i, a.nbytes))
                w('    dh_die("the function modified its input argument %d", "%s");' % (i, s.name))
        for i, r in enumerate(s.results):
            w("  dh_write(r%d, %d);" % (i, r.nbytes))
        w("}")
        w("")
    w("int main(void) {")
    w("  for (;;) {")
    w("    uint32_t id;")
    w("    if (!dh_read(&id, sizeof id, 1)) break;")
    w("    switch (id) {")
    for fi in range(len(sigs)):
        w("    case %d: dh_call_%d(); break;" % (fi, fi))
    w('    default: dh_die("unknown function id", NULL);')
    w("    }")
    w("    /* One flush per case: after a crash, the complete responses tell which case failed. */")
    w("    if (fflush(stdout) != 0)")
    w('      dh_die("flush failed", NULL);')
    w("    ++dh_case;")
    w("  }")
    w("  return 0;")
    w("}")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------
# Compilation
# ----------------------------------------------------------------------------


@dataclass
class Executable:
    path: str
    signatures: List[Signature]
    route: str
    sanitize: bool
    workdir: str
    files: Dict[str, str] = field(default_factory=dict)

    def function(self, name=None) -> Tuple[int, Signature]:
        if name is None:
            if len(self.signatures) != 1:
                raise HarnessError("the module has %d public functions (%s): name one" % (
                    len(self.signatures), ", ".join(s.name for s in self.signatures)))
            return 0, self.signatures[0]
        for i, s in enumerate(self.signatures):
            if s.name == name:
                return i, s
        raise HarnessError("no public function @%s in the module (have: %s)" % (
            name, ", ".join(s.name for s in self.signatures)))


def node_script(name):
    """The path of one of the package's Node.js oracle runners."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), name)


def detect_opt_path():
    return os.environ.get("DETECT_OPT", DEFAULT_DETECT_OPT)


def llvm_bin():
    return os.environ.get("LLVM_BIN", DEFAULT_LLVM_BIN)


def _run_tool(cmd, log_path, what):
    with open(log_path, "w") as log:
        log.write("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        log.flush()
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
        except FileNotFoundError:
            raise HarnessError("%s: tool not found: %s" % (what, cmd[0]))
        except subprocess.TimeoutExpired:
            raise HarnessError("%s: timed out: %s" % (what, " ".join(cmd)))
        out = p.stdout.decode(errors="replace")
        log.write(out)
    if p.returncode != 0:
        tail = "\n".join(out.splitlines()[-40:])
        raise HarnessError("%s failed (exit %d)\n  command: %s\n  log: %s\n%s" % (
            what, p.returncode, " ".join(shlex.quote(c) for c in cmd), log_path, tail))
    return out


def _as_args(pipeline):
    if pipeline is None:
        return None
    if isinstance(pipeline, str):
        return shlex.split(pipeline)
    return list(pipeline)


def build_executable(generated_path, kind, sigs, workdir, stem="module", sanitize=False,
                     extra_cflags=(), driver_text=None) -> Executable:
    """Links generated code (kind "ll" or "c") with the generated driver.

    Exposed separately so that harness_selftest.py can link hand-written code
    against the driver (scalar results, poison detection, sanitizer checks)."""
    clang = os.path.join(llvm_bin(), "clang")
    san = list(SANITIZE_FLAGS) if sanitize else []
    driver_c = os.path.join(workdir, stem + ".driver.c")
    with open(driver_c, "w") as f:
        f.write(driver_text if driver_text is not None else generate_driver(sigs))
    gen_o = os.path.join(workdir, stem + ".gen.o")
    drv_o = os.path.join(workdir, stem + ".driver.o")
    exe = os.path.join(workdir, stem + (".san" if sanitize else "") + ".exe")
    if kind == "ll":
        cmd = [clang] + CFLAGS + san + (LL_ASAN_FLAGS if sanitize else []) + [
            "-Wno-override-module"] + list(extra_cflags) + ["-c", generated_path, "-o", gen_o]
    elif kind == "c":
        cmd = [clang] + CFLAGS + san + ["-std=c99"] + list(extra_cflags) + [
            "-x", "c", "-c", generated_path, "-o", gen_o]
    else:
        raise HarnessError("unknown generated-code kind %r" % kind)
    _run_tool(cmd, os.path.join(workdir, stem + ".clang-gen.log"), "clang (generated code %s)" % generated_path)
    _run_tool([clang] + CFLAGS + san + ["-std=c99", "-Wall", "-c", driver_c, "-o", drv_o],
              os.path.join(workdir, stem + ".clang-driver.log"), "clang (driver)")
    _run_tool([clang] + san + [gen_o, drv_o, "-lm", "-o", exe],
              os.path.join(workdir, stem + ".link.log"), "link")
    return Executable(exe, list(sigs), "llvm" if kind == "ll" else "c", sanitize, workdir,
                      {"generated": generated_path, "driver": driver_c})


def compile(mlir_text, route, workdir, sanitize=False, pipeline=None, opt_tool=None,
            stem="module", extra_cflags=()) -> Executable:
    """Lowers `mlir_text` by `route` ("llvm" or "c") and builds an executable.

    pipeline: options of the opt tool, a string or a list (default: the detect
      pipeline of the route, ROUTE_PIPELINES). With a pipeline, the same route
      steps follow: "llvm" expects LLVM dialect (mlir-translate --mlir-to-llvmir),
      "c" expects EmitC (mlir-translate --mlir-to-cpp).
    opt_tool: the tool that runs the pipeline (default $DETECT_OPT).
    sanitize: ASan + UBSan, see SANITIZE_FLAGS for what each route gets.
    extra_cflags: added when compiling the generated code (the self-test uses
      it to include stddef.h for upstream EmitC output, which includes nothing).
    """
    if route not in ROUTE_PIPELINES:
        raise HarnessError("route must be 'llvm' or 'c', not %r" % (route,))
    os.makedirs(workdir, exist_ok=True)
    sigs = parse_signatures(mlir_text)
    tool = opt_tool or detect_opt_path()
    passes = _as_args(pipeline) or ROUTE_PIPELINES[route]
    base = os.path.join(workdir, stem)
    src = base + ".mlir"
    with open(src, "w") as f:
        f.write(mlir_text)
    lowered = base + "." + route + ".lowered.mlir"
    _run_tool([tool, src] + passes + ["-o", lowered], base + ".opt.log",
              "%s %s" % (os.path.basename(tool), " ".join(passes)))
    translate = os.path.join(llvm_bin(), "mlir-translate")
    if route == "llvm":
        gen = base + ".ll"
        _run_tool([translate, "--mlir-to-llvmir", lowered, "-o", gen], base + ".translate.log",
                  "mlir-translate --mlir-to-llvmir")
        kind = "ll"
    else:
        gen = base + ".gen.c"
        _run_tool([translate, "--mlir-to-cpp", lowered, "-o", gen], base + ".translate.log",
                  "mlir-translate --mlir-to-cpp")
        kind = "c"
    exe = build_executable(gen, kind, sigs, workdir, stem=stem, sanitize=sanitize, extra_cflags=extra_cflags)
    exe.route = route
    exe.files.update({"input": src, "lowered": lowered})
    return exe


# ----------------------------------------------------------------------------
# Running
# ----------------------------------------------------------------------------


def _pack(value, vt: ValueType, where):
    if vt.is_scalar:
        arr = np.asarray(value)
        if arr.shape != ():
            raise HarnessError("%s: expected a scalar %s, got shape %s" % (where, vt.elem, arr.shape))
        if isinstance(value, np.ndarray) or isinstance(value, np.generic):
            if arr.dtype.kind != vt.dtype.kind:
                raise HarnessError("%s: expected %s, got numpy %s" % (where, vt.elem, arr.dtype))
        with np.errstate(all="ignore"):
            conv = arr.astype(vt.dtype)
            same = bool(conv == arr)
        if vt.dtype.kind == "f" and np.isnan(arr):
            same = True
        if not same:
            # Exactly representable only: a Python 0.3 would reach an f32
            # argument as 0.30000001 while the reference used 0.3.
            raise HarnessError("%s: value %r is not exactly representable as %s" % (where, value, vt.elem))
        return conv.tobytes()
    if isinstance(value, np.ndarray):
        if value.dtype != vt.dtype:
            # Refuse silent conversions (a float64 array rounded to float32
            # here would make the reference and the code see different data).
            raise HarnessError("%s: expected dtype %s for %s, got %s" % (where, vt.dtype, vt, value.dtype))
        arr = value
    else:
        arr = np.asarray(value, dtype=vt.dtype)
    if tuple(arr.shape) != vt.shape:
        raise HarnessError("%s: expected shape %s for %s, got %s" % (where, vt.shape, vt, tuple(arr.shape)))
    return np.ascontiguousarray(arr, dtype=vt.dtype).tobytes()


def run_mixed(exe: Executable, calls, timeout=900) -> List[tuple]:
    """calls: list of (function name or None, [args]). One process for all."""
    chunks, plan = [], []
    for ci, (fname, args) in enumerate(calls):
        fid, sig = exe.function(fname)
        args = list(args)
        if len(args) != len(sig.args):
            raise HarnessError("case %d: @%s takes %d arguments, got %d" % (ci, sig.name, len(sig.args), len(args)))
        chunks.append(np.uint32(fid).astype("<u4").tobytes())
        for ai, (v, vt) in enumerate(zip(args, sig.args)):
            chunks.append(_pack(v, vt, "case %d (@%s) argument %d" % (ci, sig.name, ai)))
        plan.append(sig)
    payload = b"".join(chunks)
    env = dict(os.environ)
    # The sanitized build's lit configuration sends the compiler's own
    # reports to files (log_path); the generated code's reports belong on
    # stderr, where the caller reads them.
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        if name in env:
            env[name] = ":".join(o for o in env[name].split(":") if not o.startswith("log_path="))
    # Sanitizer reports must fail the run, with a stack trace.
    env.setdefault("ASAN_OPTIONS", "abort_on_error=0:detect_leaks=1:halt_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    try:
        p = subprocess.run([exe.path], input=payload, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise RunError("%s timed out after %d s on %d cases" % (exe.path, timeout, len(calls)))
    out = p.stdout
    results, off = [], 0
    for ci, sig in enumerate(plan):
        size = sum(r.nbytes for r in sig.results)
        if off + size > len(out):
            break
        res = []
        for r in sig.results:
            a = np.frombuffer(out, dtype=r.dtype, count=r.count, offset=off).copy()
            off += r.nbytes
            res.append(a[0] if r.is_scalar else a.reshape(r.shape))
        results.append(tuple(res))
    stderr = p.stderr.decode(errors="replace")
    if p.returncode != 0 or len(results) != len(plan) or off != len(out):
        failing = len(results)
        where = ("case %d (@%s)" % (failing, plan[failing].name)) if failing < len(plan) else "after the last case"
        raise RunError("%s exited with status %d at %s; %d of %d cases completed\n%s" % (
            exe.path, p.returncode, where, len(results), len(plan),
            "\n".join(stderr.splitlines()[-60:])), failing, stderr)
    return results


def run(exe: Executable, cases, func=None, timeout=900) -> List[tuple]:
    """Runs every case (a list of arguments: numpy arrays of the exact dtype and
    shape, or scalars) through one process. Returns one tuple per case with the
    results: numpy arrays of the static shape; scalar results as numpy scalars."""
    return run_mixed(exe, [(func, c) for c in cases], timeout=timeout)


def poison_value(dtype) -> np.ndarray:
    """The value an output element has when the function did not write it."""
    dt = np.dtype(dtype)
    return np.frombuffer(bytes([POISON_BYTE]) * dt.itemsize, dtype=dt)[0]
