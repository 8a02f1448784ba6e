#!/usr/bin/env python3
"""Runs code compiled by detect-compile on emulated microcontrollers.

For one .mlir file and one C `main` that prints its results, builds the host
reference (object route, clang), then for each chip and each route (`obj`:
detect-compile's object file; `c`: detect-compile --emit=c compiled by the
chip's gcc with -std=c99 -Werror -pedantic) links a picolibc program, runs it
under qemu with semihosting and compares its output with the host's byte for
byte. Exits non-zero naming the chip, route and first differing line.

The chip table below is the one place that knows each board's memory map and
each core's compiler flags (see ../shared/TOOLCHAIN.md for the qemu facts).
"""

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass

SEMIHOST = ["-nographic", "-semihosting-config", "enable=on,target=native",
            "-monitor", "none", "-serial", "none"]


@dataclass
class Chip:
    qemu: list      # emulator and machine
    cc: list        # cross compiler and core flags
    flash: tuple    # (origin, size) where the board has code memory
    ram: tuple      # (origin, size) of data memory


ARM = "arm-none-eabi-gcc"
RISCV = "riscv64-unknown-elf-gcc"
def cortex_m(board, cpu, fpu, flash, ram):
    """A Cortex-M core on one of qemu's Arm boards; fpu: None (soft float),
    "" (hard float, the core's default FPU) or the -mfpu name."""
    cc = [ARM, "-mcpu=" + cpu, "-mthumb"]
    if fpu is not None:
        cc += ["-mfloat-abi=hard"] + (["-mfpu=" + fpu] if fpu else [])
    return Chip(["qemu-system-arm", "-M", board], cc, flash, ram)


def rv32(march, mabi):
    """qemu's virt board: DRAM at 0x80000000, entered without firmware."""
    return Chip(["qemu-system-riscv32", "-M", "virt", "-bios", "none"],
                [RISCV, "-march=" + march, "-mabi=" + mabi],
                (0x80000000, 0x400000), (0x80400000, 0x400000))


MPS2_MEMORY = (0x0, 0x400000), (0x20000000, 0x400000)
CHIPS = {
    # BBC micro:bit (nRF51): 256 KiB flash, 16 KiB RAM.
    "cortex-m0plus": cortex_m("microbit", "cortex-m0plus", None,
                              (0x0, 0x40000), (0x20000000, 0x4000)),
    "cortex-m4": cortex_m("mps2-an386", "cortex-m4", "fpv4-sp-d16", *MPS2_MEMORY),
    "cortex-m7": cortex_m("mps2-an500", "cortex-m7", "fpv5-d16", *MPS2_MEMORY),
    # AN505 boots in the secure state: code in the secure alias of SSRAM1,
    # data in the secure alias of SSRAM2.
    "cortex-m33": cortex_m("mps2-an505", "cortex-m33", "fpv5-sp-d16",
                           (0x10000000, 0x400000), (0x38000000, 0x200000)),
    # AN547: 512 KiB ITCM at 0 and 512 KiB DTCM.
    "cortex-m55": cortex_m("mps3-an547", "cortex-m55", "",
                           (0x0, 0x80000), (0x20000000, 0x80000)),
    "riscv32": rv32("rv32imac", "ilp32"),
    "riscv32f": rv32("rv32imafc", "ilp32f"),
}

C_WARNINGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"]


def run(cmd, allow_failure=False, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0 and not allow_failure:
        sys.exit(f"chips: command failed ({result.returncode}): {' '.join(cmd)}\n"
                 f"{result.stdout}{result.stderr}")
    return result


def link_flags(chip):
    return ["-O2", "--specs=picolibc.specs", "--oslib=semihost", "--crt0=semihost",
            f"-Wl,--defsym=__flash={chip.flash[0]:#x}",
            f"-Wl,--defsym=__flash_size={chip.flash[1]:#x}",
            f"-Wl,--defsym=__ram={chip.ram[0]:#x}",
            f"-Wl,--defsym=__ram_size={chip.ram[1]:#x}"]


def first_difference(expected, actual):
    a, b = expected.splitlines(), actual.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: host {x!r}, chip {y!r}"
    return f"host printed {len(a)} lines, chip {len(b)}"


def add_run_arguments(ap, cases, seed):
    """The options every script running generated cases on the chips takes."""
    ap.add_argument("--work", required=True)
    ap.add_argument("--host-cc", default="clang")
    ap.add_argument("--node", default="node")
    ap.add_argument("--chips", default="cortex-m4")
    ap.add_argument("--cases", type=int, default=cases)
    ap.add_argument("--seed", type=int, default=seed)


def print_results_c(sig, case, indent):
    """C that prints every result of one call of `sig` (in out0, out1, ...)
    as a line `case K result I: ...`, f32 as bit patterns, integers in
    decimal; `case` is a C expression of the case number. parse_results reads
    it back."""
    out = []
    for i, r in enumerate(sig.results):
        out.append(indent + 'printf("case %%d result %d:", %s);\n' % (i, case))
        out.append(indent + "for (int j = 0; j < %d; ++j) {\n" % r.count)
        if r.elem == "f32":
            out.append(indent + "  uint32_t bits; memcpy(&bits, &out%d[j], 4);\n" % i)
            out.append(indent + '  printf(" %08lx", (unsigned long)bits);\n')
        else:
            out.append(indent + '  printf(" %%ld", (long)out%d[j]);\n' % i)
        out.append(indent + "}\n" + indent + 'printf("\\n");\n')
    return out


def parse_results(text, sig):
    """case -> list of result arrays, from the lines of print_results_c."""
    import numpy as np  # only the scripts that print results need it
    res = {}
    for line in text.splitlines():
        head, _, vals = line.partition(":")
        _, k, _, i = head.split()
        r = sig.results[int(i)]
        toks = vals.split()
        if r.elem == "f32":
            a = np.array([int(t, 16) for t in toks], np.uint32).view(np.float32)
        else:
            a = np.array([int(t) for t in toks], np.int64)
        res.setdefault(int(k), []).append(a[0] if r.is_scalar else a.reshape(r.shape))
    return res


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mlir")
    parser.add_argument("main_c")
    parser.add_argument("--header", required=True,
                        help="name main.c includes, e.g. nms.h")
    parser.add_argument("--chips", default=",".join(CHIPS))
    parser.add_argument("--routes", default="obj,c")
    parser.add_argument("--work", required=True)
    parser.add_argument("--host-cc", default="clang")
    args = parser.parse_args()

    os.makedirs(args.work, exist_ok=True)
    w = lambda name: os.path.join(args.work, name)
    libm = ["-lm"]

    # The reference: the host object, built and run natively.
    run(["detect-compile", args.mlir, "--target=host", "-o", w("host.o"),
         f"--header={w(args.header)}"])
    run([args.host_cc, "-O2", f"-I{args.work}", args.main_c, w("host.o"),
         "-o", w("host")] + libm)
    expected = run([w("host")]).stdout
    with open(w("host.txt"), "w") as f:
        f.write(expected)
    if not expected:
        sys.exit("chips: the host program printed nothing")

    failures = 0
    for name in args.chips.split(","):
        chip = CHIPS[name]
        for route in args.routes.split(","):
            tag = f"{name}-{route}"
            if route == "obj":
                code = w(f"{tag}.o")
                run(["detect-compile", args.mlir, f"--target={name}", "-o", code])
            else:
                code = w(f"{tag}.c")
                run(["detect-compile", args.mlir, f"--target={name}", "--emit=c",
                     "-o", code])
            run(chip.cc + link_flags(chip) + C_WARNINGS +
                [f"-I{args.work}", args.main_c, code, "-o", w(f"{tag}.elf")] + libm)
            # Semihosted stdout arrives on qemu's stderr.
            result = run(chip.qemu + SEMIHOST + ["-kernel", w(f"{tag}.elf")],
                         allow_failure=True, timeout=120)
            actual = result.stderr
            if result.returncode != 0 or actual != expected:
                failures += 1
                print(f"{tag}: MISMATCH (exit {result.returncode}): "
                      f"{first_difference(expected, actual)}")
            else:
                print(f"{tag}: {len(expected.splitlines())} lines identical to the host")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
