#!/usr/bin/env python3
"""SSD post-processing on emulated Cortex-M cores against TFLite Micro.

TFLite_Detection_PostProcess on TFLite Micro's SSD-MobileNet workload (1917
anchors, background + 90 classes; test/Integration/Inputs/ssd_mobilenet), as
detect.detection_postprocess compiled by detect-compile (float32 decoding),
for the four option sets whose TFLite Micro outputs and costs are recorded in
tflm_expected.txt. Per case and core:

- executed instructions of one call (qemu + qemu-icount, exact, repeatable);
- scratch RAM: static scratch + stack frame from `detect-compile --report`;
- flash: .text + .rodata from --report, and what linking the case adds to the
  same picolibc program without it (arm-none-eabi-size), the same measure as
  TFLite Micro's figure;
- that the outputs equal TFLite Micro's (classes, scores, counts exact; boxes
  within a few ulps: test/lib/detect_harness/tflm_ssd.py's rule).

Prints the table with the ratios to TFLite Micro's figures and rewrites the
`tflm-ssd` section of docs/Benchmarks.md. The Cortex-M0+ code runs on the
mps2-an385 board (a Cortex-M3 board; v6-M code runs unchanged) because the
micro:bit's 16 KiB of RAM cannot hold the 760 KB of inputs; its inputs are
generated without fused multiply-add, so only its counts are reported.
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# test/lib on PYTHONPATH (bench/run.sh sets it); doc_sections is beside
# this script.
import doc_sections  # noqa: E402
from detect_harness import chips, tflm_ssd  # noqa: E402

ICOUNT = os.path.join(ROOT, "..", "shared", "tools", "qemu-icount", "icount-run")
EXPECTED = os.path.join(tflm_ssd.WORKLOAD, "tflm_expected.txt")
SECTION = "tflm-ssd"
BEGIN, END = doc_sections.markers(SECTION)

# (case name in tflm_expected.txt, function, SSD_CASES bit)
CASES = [("ssd_fast_thr1e-8", "ssd_fast_thr1e_8", 1),
         ("ssd_regular_thr1e-8", "ssd_regular_thr1e_8", 2),
         ("ssd_fast_thr0.5", "ssd_fast_thr0_5", 4),
         ("ssd_regular_thr0.5", "ssd_regular_thr0_5", 8)]
TFLM_SCRATCH, TFLM_FLASH = 1750221, 13424
# Goals of the comparison: at most these fractions of TFLite Micro's figures.
GOALS = {"fast": 1 / 5, "regular_thr1e-8": 1 / 20, "scratch": 1 / 100, "flash": 1 / 3}

# Cores: (label, chip table entry, qemu machine). The M0+ runs on an385.
chips.CHIPS["cortex-m0plus-an385"] = chips.Chip(
    ["qemu-system-arm", "-M", "mps2-an385"], chips.CHIPS["cortex-m0plus"].cc,
    (0x0, 0x400000), (0x20000000, 0x400000))
# (label, chip, detect-compile target, qemu machine)
CORES = [("Cortex-M4", "cortex-m4", "cortex-m4", "mps2-an386"),
         ("Cortex-M7", "cortex-m7", "cortex-m7", "mps2-an500"),
         ("Cortex-M0+", "cortex-m0plus-an385", "cortex-m0plus", "mps2-an385")]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("bench: command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r


def tflm_instructions():
    text = open(EXPECTED).read()
    figures = {}
    for kind, thr, value in re.findall(r"ssd (fast|regular)\s+thr ([0-9.e-]+):\s+([0-9,]+)", text):
        figures["ssd_%s_thr%s" % (kind, thr)] = int(value.replace(",", ""))
    return figures


def report(target, work):
    """name -> (.text, scratch, stack) and the shared .rodata, from --report."""
    out = run(["detect-compile", tflm_ssd.MLIR, "--target=" + target,
               "-o", os.path.join(work, "report.o"), "--report"])
    text = out.stdout + out.stderr
    funcs = {}
    for name, t, s, k in re.findall(r"^\s*(ssd_\w+)\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M):
        funcs[name] = (int(t), int(s), int(k))
    ro = re.search(r"\.rodata \(shared constants\): (\d+) bytes", text)
    return funcs, int(ro.group(1)) if ro else 0, text


def size(elf):
    return int(run(["arm-none-eabi-size", "-B", elf]).stdout.splitlines()[1].split()[0])


def measure(label, chip, target, machine, work):
    os.makedirs(work, exist_ok=True)
    funcs, rodata, _ = report(target, work)
    # Every case in one program: instruction counts and outputs.
    elf = tflm_ssd.build(chip, "obj", work, target=target)
    r = subprocess.run([ICOUNT, "--machine", machine, elf], capture_output=True, text=True)
    counts = [int(x) for x in re.findall(r"ICOUNT region \d+: (\d+)", r.stdout + r.stderr)]
    actual = tflm_ssd.parse_actual(r.stderr)
    expected = tflm_ssd.parse_expected(EXPECTED)
    # Flash added by linking one case, against the program without any.
    empty = tflm_ssd.build(chip, "obj", os.path.join(work, "none"), ["-DSSD_CASES=0"], target)
    rows = []
    for k, (name, func, bit) in enumerate(CASES):
        alone = tflm_ssd.build(chip, "obj", os.path.join(work, "only%d" % bit),
                               ["-DSSD_CASES=%d" % bit], target)
        text, scratch, stack = funcs[func]
        if target == "cortex-m0plus":
            same = "n/a"
        else:
            errors, worst = tflm_ssd.compare(expected[name], actual[name])
            same = ("yes (boxes within %d ulps)" % worst) if not errors else "NO: " + errors[0]
        rows.append(dict(core=label, case=name, instructions=counts[k], text=text + rodata,
                         linked=size(alone) - size(empty), scratch=scratch, stack=stack,
                         same=same))
    return rows


def table(rows, tflm):
    lines = ["| core | case | instructions | TFLM / ours | scratch + stack (B) | TFLM / ours "
             "| flash: code + rodata (B) | linked (B) | TFLM / ours (linked) | outputs as TFLM's |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        ram = r["scratch"] + r["stack"]
        # TFLite Micro's figures are Cortex-M4 figures: ratios on that core.
        m4 = r["core"] == "Cortex-M4"
        ratio = lambda a, b, f: (f % (a / b)) if m4 else "-"
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["core"], r["case"], format(r["instructions"], ","),
            ratio(tflm[r["case"]], r["instructions"], "%.1f"), format(ram, ","),
            ratio(TFLM_SCRATCH, ram, "%.0f"), format(r["text"], ","), format(r["linked"], ","),
            ratio(TFLM_FLASH, r["linked"], "%.1f"), r["same"]))
    return "\n".join(lines)


def goals(rows, tflm):
    m4 = {r["case"]: r for r in rows if r["core"] == "Cortex-M4"}
    out = []
    for name in ("ssd_fast_thr1e-8", "ssd_fast_thr0.5"):
        ratio = m4[name]["instructions"] / tflm[name]
        out.append("| instructions, %s | <= 1/5 | 1/%.1f | %s |" % (
            name, 1 / ratio, "met" if ratio <= GOALS["fast"] else "not met"))
    name = "ssd_regular_thr1e-8"
    ratio = m4[name]["instructions"] / tflm[name]
    out.append("| instructions, %s | <= 1/20 | 1/%.1f | %s |" % (
        name, 1 / ratio, "met" if ratio <= GOALS["regular_thr1e-8"] else "not met"))
    ram = max(r["scratch"] + r["stack"] for r in m4.values())
    out.append("| scratch + stack, worst case | <= 1/100 | 1/%.0f (%s B) | %s |" % (
        TFLM_SCRATCH / ram, format(ram, ","), "met" if ram <= TFLM_SCRATCH * GOALS["scratch"] else "not met"))
    linked = max(r["linked"] for r in m4.values())
    out.append("| flash linked, worst case | <= 1/3 | 1/%.1f (%s B) | %s |" % (
        TFLM_FLASH / linked, format(linked, ","), "met" if linked <= TFLM_FLASH * GOALS["flash"] else "not met"))
    return "\n".join(["| goal (Cortex-M4) | target | measured | |", "|---|---|---|---|"] + out)


def section(rows, tflm, env):
    return "\n".join([
        BEGIN,
        "## SSD post-processing against TFLite Micro",
        "",
        "`bench/tflm_ssd.py` (run by `bench/run.sh`): TFLite_Detection_PostProcess on TFLite Micro's "
        "SSD-MobileNet workload (1917 anchors, background + 90 classes, max_detections 10, IoU 0.6) "
        "as `detect.detection_postprocess` with `decode_type(f32)`, compiled by `detect-compile` "
        "and run on the emulated cores. TFLite Micro's figures (its own kernel on the emulated "
        "Cortex-M4, measured the same way): instructions per case as in the table's ratio, "
        "%s B of scratch, %s B of flash linked. Instructions are executed guest instructions of "
        "one call (exact and repeatable); scratch is the static scratch of the function plus its "
        "stack frame; flash linked is what linking the case adds to the same picolibc program "
        "(including `expf` from the C library). The outputs rule: classes, scores and "
        "num_detections bit-identical to TFLite Micro's, each box coordinate within 4 ulps "
        "(TFLite Micro decodes in double and rounds once; float32 decoding rounds each step). "
        "The Cortex-M0+ code runs on the mps2-an385 board (its inputs are made without fused "
        "multiply-add, so its outputs are not compared)." % (
            format(TFLM_SCRATCH, ","), format(TFLM_FLASH, ",")),
        "",
        "Environment: " + env,
        "",
        goals(rows, tflm),
        "",
        table(rows, tflm),
        END])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--work", default=os.path.join(os.environ.get("BUILD_DIR", os.path.join(ROOT, "build")),
                                                  "bench", "tflm_ssd"))
    p.add_argument("--no-docs", action="store_true")
    a = p.parse_args()
    build = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
    os.environ["PATH"] = os.path.join(build, "bin") + os.pathsep + os.environ["PATH"]
    tflm = tflm_instructions()
    rows = []
    for label, chip, target, machine in CORES:
        rows += measure(label, chip, target, machine, os.path.join(a.work, chip))
    env = "; ".join([
        run(["arm-none-eabi-gcc", "--version"]).stdout.splitlines()[0],
        run(["qemu-system-arm", "--version"]).stdout.splitlines()[0],
        run(["detect-compile", "--version"]).stdout.strip().splitlines()[0]
        if subprocess.run(["detect-compile", "--version"], capture_output=True).returncode == 0
        else "detect-compile"])
    text = section(rows, tflm, env)
    print(text)
    if not a.no_docs:
        doc_sections.write_section(SECTION, text)
        print("wrote the tflm-ssd section of docs/Benchmarks.md")
    return 0 if all(r["same"].startswith(("yes", "n/a")) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
