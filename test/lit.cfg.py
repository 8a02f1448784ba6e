# -*- Python -*-
# lit configuration of the detect-mlir test suite.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "DETECT"
# A build with -DLLVM_USE_SANITIZER runs the tools under ASan/UBSan; its
# results are reported under their own name. A sanitizer report aborts the
# tool, so even a test that expects an error (`not tool ...`) fails on it.
if config.detect_sanitizers:
    config.name = "DETECT-" + config.detect_sanitizers.replace(";", "-").upper()
    # The tools carry the same options (tools/SanitizerOptions.cpp, which
    # says why user poisoning is off); these also reach the programs that
    # the execution tests build with -fsanitize. Every report is also
    # written to sanitizer-reports/ in the build tree: scripts/test.sh fails
    # the run on any file there, whatever the exit status the test saw.
    reports = os.path.join(config.detect_obj_root, "sanitizer-reports", "report")
    common = "abort_on_error=1:print_stacktrace=1:log_path=" + reports
    config.environment["ASAN_OPTIONS"] = "allow_user_poisoning=0:detect_leaks=1:" + common
    config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:" + common
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.detect_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%detect_src_root", config.detect_src_root))
config.substitutions.append(("%detect_obj_root", config.detect_obj_root))
# qemu with semihosting: the program's stdout arrives on qemu's stderr.
config.substitutions.append(("%{semihost}",
    "-nographic -semihosting-config enable=on,target=native -monitor none -serial none"))
# Debian's interpreter: the oracles (python3-torch, python3-torchvision,
# python3-numpy) are installed for it, and another python3 may come first.
config.substitutions.append(("%python", "/usr/bin/python3"))
# clang-22 (/usr/bin/clang may be an older clang).
config.substitutions.append(("%clang", os.path.join(config.llvm_tools_dir, "clang")))
# A program linked against the sanitized build's libDetectMLIR.so needs the
# sanitizer runtimes that the library calls into.
config.substitutions.append(("%detect_sanitize_flags",
    "-fsanitize=address,undefined" if config.detect_sanitizers else ""))
# MLIR's headers (the C API programs include mlir-c/).
config.substitutions.append(("%llvm_include_dir",
    os.path.normpath(os.path.join(config.llvm_tools_dir, "..", "include"))))

llvm_config.use_default_substitutions()
llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
# The npm oracles (onnxruntime-node, tfjs) that scripts/setup.sh installs.
config.environment["NODE_PATH"] = os.path.join(config.detect_obj_root, "oracles", "node_modules")
config.substitutions.append(("%node", "node"))
# The execution tests find mlir-translate and clang here.
config.environment["LLVM_BIN"] = config.llvm_tools_dir

# The Python test scripts import the test harness package (test/lib/
# detect_harness: compile, run, the shared main of a differential suite, the
# emulated chips), the model generators of test/Import and one another's
# oracles (test/Integration) from here, so that none edits sys.path.
config.environment["PYTHONPATH"] = os.pathsep.join(
    os.path.join(config.detect_src_root, "test", d)
    for d in ["lib", "Integration", "Import/Onnx", "Import/Tflite"])
# ... and none writes __pycache__ into the source tree.
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"

# The route matrix of the differential suites: each cell is the arguments
# that select a route (the LLVM or the C one), the sanitized build of the
# generated code (-fsanitize=address,undefined on the C route, ASan on the
# LLVM one; see test/lib/detect_harness/harness.py), and the 32-bit
# configuration of a microcontroller (on the host), each with its own work
# directory. A RUN line names its cell, e.g.
#   RUN: %python %S/nms_torchvision.py %{c-san} --random 500
ROUTE_CELLS = {
    "llvm": "--route llvm",
    "c": "--route c",
    "llvm-san": "--route llvm --sanitize",
    "c-san": "--route c --sanitize",
    "llvm32": "--route llvm --pipeline-options 'index-bitwidth=32 scratch=stack'",
    "c32": "--route c --pipeline-options 'index-bitwidth=32 scratch=stack'",
    # The 32-bit index alone, with the default (static) scratch.
    "llvm-i32": "--route llvm --pipeline-options index-bitwidth=32",
    "c-i32": "--route c --pipeline-options index-bitwidth=32",
}
for cell, route in ROUTE_CELLS.items():
    config.substitutions.append(
        ("%{" + cell + "}",
         route + " --detect-opt detect-opt --workdir %t/" + cell))

# The project's tools come first, then LLVM's (FileCheck, not, count).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.detect_tools_dir, append_path=True)

tool_dirs = [config.detect_tools_dir, config.llvm_tools_dir]
tools = ["detect-opt", "detect-compile", "detect-import-onnx", "detect-import-tflite"]
# The libFuzzer targets (-DDETECT_ENABLE_FUZZERS=ON, test/fuzz).
if config.detect_fuzzers:
    config.available_features.add("fuzzers")
    tools += ["fuzz-detect-ir", "fuzz-import-onnx", "fuzz-import-tflite"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
