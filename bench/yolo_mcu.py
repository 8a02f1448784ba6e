#!/usr/bin/env python3
"""YOLOv8n post-processing on emulated cores against STMicroelectronics'
hand-written `od_yolov8_pp` (lib_vision_models_pp).

The workload is ../shared/workloads/yolov8: a YOLOv8n-like head [1, 84, N]
(N = 8400 at 640, 2100 at 320), generated on the core itself, int8 (scale
1/255, zero point -128) or float. The post-processing is ST's, stated as
`detect.yolo_postprocess` attributes: the best class per anchor, candidates
`score >= threshold`, one NMS per class (`IoU > 0.5`) keeping at most 10
boxes, boxes returned as read (cxcywh); `max_candidates(256)` bounds the
candidate list (configs A and B have 74 and 10 candidates at 640). Per
configuration and core:

- executed instructions of one call (qemu + ../shared/tools/qemu-icount);
- RAM: static scratch + stack frame from `detect-compile --report`;
- flash: what linking the function adds to the same picolibc program;
- that the detections equal ST's recorded ones as sets of (class, score,
  box) bit patterns; a figure is only reported with its check.

Prints the table with the ratios to ST's figures (README of the workload)
and rewrites the `yolo-st` section of docs/Benchmarks.md.
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# test/lib on PYTHONPATH (bench/run.sh sets it).
import doc_sections  # noqa: E402
from detect_harness import chips  # noqa: E402

SHARED = os.path.join(ROOT, "..", "shared")
WORKLOAD = os.path.join(SHARED, "workloads", "yolov8")
ICOUNT = os.path.join(SHARED, "tools", "qemu-icount", "icount-run")
MAIN = os.path.join(HERE, "mcu", "main_yolo.c")
SECTION = "yolo-st"
BEGIN, END = doc_sections.markers(SECTION)

# (img, config, int8, score threshold): the rows of ST's table we reproduce.
# Config C makes every anchor a candidate: the candidate list then holds all
# N (max_candidates(N)), and the RAM grows with it.
CASES = [(640, "A", True, 0.25), (320, "A", True, 0.25), (640, "B", True, 0.6),
         (640, "A", False, 0.25), (320, "A", False, 0.25),
         (640, "C", True, 0.05), (640, "C", False, 0.05)]
CANDIDATES = {"A": 256, "B": 256, "C": None}
# ST's instructions per call (workload README): (img, config, int8) -> core -> -O2 figure.
ST = {(640, "A", False): {"Cortex-M4": 9776736, "Cortex-M7": 8515610, "Cortex-M55": 2610141},
      (640, "A", True): {"Cortex-M4": 6985140, "Cortex-M7": 5713144, "Cortex-M55": 814117},
      (320, "A", False): {"Cortex-M4": 2546503, "Cortex-M7": 2230959, "Cortex-M55": 752012},
      (320, "A", True): {"Cortex-M4": 1848629, "Cortex-M7": 1530707, "Cortex-M55": 304228},
      (640, "B", True): {"Cortex-M4": 6815308, "Cortex-M7": 5543180, "Cortex-M55": 648953},
      (640, "C", False): {"Cortex-M4": 102214474, "Cortex-M7": 102999552, "Cortex-M55": 94376011},
      (640, "C", True): {"Cortex-M4": 100371912, "Cortex-M7": 107053896, "Cortex-M55": 95468398}}
ST_FLASH = {False: 2008, True: 3528}  # linked, M4 -O2
ST_RAM_640 = 201600 + 50400 + 36 + 224  # caller buffers + parameters + stack
# The AN547's 512 KiB DTCM cannot hold the 2.8 MB tensor of the generator:
# data goes to its DDR at 0x60000000 (code stays in the ITCM).
chips.CHIPS["cortex-m55-ddr"] = chips.Chip(
    chips.CHIPS["cortex-m55"].qemu, chips.CHIPS["cortex-m55"].cc,
    chips.CHIPS["cortex-m55"].flash, (0x60000000, 0x1000000))
# (label, chip table entry, detect-compile target, qemu machine)
CORES = [("Cortex-M4", "cortex-m4", "cortex-m4", "mps2-an386"),
         ("Cortex-M55", "cortex-m55-ddr", "cortex-m55", "mps3-an547"),
         ("rv32imafc", "riscv32f", "riscv32f", "virt")]
# Espressif's published ESP-DL YOLO11n post-processing on the ESP32-P4 (360 MHz), int8, in cycles.
ESPDL_CYCLES = {640: 6.0e6, 320: 2.45e6}
# The issue's goals: fractions of the peers' figures.
GOALS = {"int8_m4": 1 / 10, "int8_m55": 1 / 4, "float_m4": 1 / 5, "ram": 1 / 20, "espdl": 1 / 10}


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("bench: command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r


def mlir(img, int8, thr, candidates):
    n = (img // 8) ** 2 + (img // 16) ** 2 + (img // 32) ** 2
    candidates = candidates or n
    elem = "i8" if int8 else "f32"
    quant = " quantization(si8, 0.00392156886, -128)" if int8 else ""
    rt = "tensor<800x4xf32>, tensor<800xf32>, tensor<800xi32>, i32"
    return ("func.func @yolo(%%p: tensor<1x84x%dx%s>) -> (%s) {\n"
            "  %%b, %%s, %%c, %%n = detect.yolo_postprocess %%p score_threshold(%r) iou_threshold(0.5)\n"
            "      max_det(800) class_nms(per_class) max_per_class(10) score_compare(ge)\n"
            "      max_candidates(%d) output_layout(cxcywh)%s\n"
            "      : tensor<1x84x%dx%s> -> %s\n"
            "  return %%b, %%s, %%c, %%n : %s\n}\n") % (n, elem, rt, thr, candidates, quant, n, elem, rt, rt)


def st_detections(img, config, int8):
    path = os.path.join(WORKLOAD, "st_detections", "%d_m%d_%s.txt" % (img, 1 if int8 else 0, config))
    return {tuple(m) for m in re.findall(r"DET\s+\d+ cls\s+(\d+) .* bits (\w+) (\w+) (\w+) (\w+) (\w+)",
                                          open(path).read())}


def ours(text):
    return {tuple(m) for m in re.findall(r"DET cls (\d+) bits (\w+) (\w+) (\w+) (\w+) (\w+)", text)}


def tie_swaps(ours_only, st_only):
    """Whether the two differences hold, class by class, the same scores:
    boxes of equal score swapped (ST's qsort orders equal scores as it
    likes, and a per-class limit then keeps different ones)."""
    per_class = lambda dets: sorted((d[0], d[1]) for d in dets)
    return per_class(ours_only) == per_class(st_only)


def size(elf):
    return int(run(["arm-none-eabi-size", "-B", elf]).stdout.splitlines()[1].split()[0])


def build(chip, work, defines, code=None):
    c = chips.CHIPS[chip]
    elf = os.path.join(work, "yolo%s.elf" % ("" if code else "-none"))
    gen = os.path.join(work, "gen.o")
    run(c.cc + ["-O2", "--specs=picolibc.specs", "-c", os.path.join(WORKLOAD, "gen.c"), "-o", gen])
    run(c.cc + chips.link_flags(c) + ["-std=c99", "-Wall", "-Werror"] + defines +
        ["-I" + work, "-I" + WORKLOAD, MAIN, gen] + ([code] if code else ["-DNONE"]) + ["-o", elf, "-lm"])
    return elf


def measure(core, chip, target, machine, img, config, int8, thr, work):
    os.makedirs(work, exist_ok=True)
    src = os.path.join(work, "yolo.mlir")
    open(src, "w").write(mlir(img, int8, thr, CANDIDATES[config]))
    obj = os.path.join(work, "yolo.o")
    rep = run(["detect-compile", src, "--target=" + target, "-o", obj, "--header=" + os.path.join(work, "yolo.h"),
               "--report"])
    text = rep.stdout + rep.stderr
    _, t, s, k = re.search(r"^\s*(yolo)\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M).groups()
    defines = ["-DIMG=%d" % img] + (["-DINT8"] if int8 else [])
    elf = build(chip, work, defines, obj)
    none = build(chip, work, defines)
    # qemu's virt board is entered without firmware.
    extra = ["-bios", "none"] if machine == "virt" else []
    r = subprocess.run([ICOUNT, "--machine", machine, elf] + extra, capture_output=True, text=True, timeout=600)
    out = r.stdout + r.stderr
    count = int(re.search(r"ICOUNT region \d+: (\d+)", out).group(1))
    got, want = ours(out), st_detections(img, config, int8)
    if got == want:
        same = "yes (%d)" % len(want)
    elif tie_swaps(got - want, want - got):
        same = "ties: %d of %d differ only in which equally scored box of a class is kept" % (
            len(got - want), len(want))
    else:
        same = "NO: %d ours not ST's, %d ST's not ours" % (len(got - want), len(want - got))
    return dict(core=core, img=img, config=config, int8=int8, instructions=count, text=int(t),
                ram=int(s) + int(k), linked=size(elf) - size(none), same=same)


def table(rows):
    lines = ["| core | img (N) | config | input | instructions | ST -O2 | ST / ours | RAM: scratch + stack (B) "
             "| flash linked (B) | detections as ST's (sets) |",
             "|---|---|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        st = ST[(r["img"], r["config"], r["int8"])].get(r["core"])
        ok = r["same"].startswith(("yes", "ties"))
        lines.append("| %s | %d (%d) | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["core"], r["img"], (r["img"] // 8) ** 2 + (r["img"] // 16) ** 2 + (r["img"] // 32) ** 2,
            r["config"], "int8" if r["int8"] else "float", format(r["instructions"], ","),
            format(st, ",") if st else "-", ("%.2f" % (st / r["instructions"])) if st and ok else "-",
            format(r["ram"], ","), format(r["linked"], ","), r["same"]))
    return "\n".join(lines)


def goals(rows):
    def find(core, img, config, int8):
        for r in rows:
            if (r["core"], r["img"], r["config"], r["int8"]) == (core, img, config, int8):
                return r
        return None

    out = ["| goal | target | measured | |", "|---|---|---|---|"]

    def ratio_row(what, r, peer, goal, unit="ST"):
        if r is None:
            return
        ok = r["same"].startswith("yes")
        frac = r["instructions"] / peer
        share = ("1/%.2f" % (1 / frac)) if frac <= 1 else ("%.2f times" % frac)
        out.append("| %s | <= 1/%g of %s | %s (%s vs %s) | %s |" % (
            what, 1 / goal, unit, share, format(r["instructions"], ","), format(int(peer), ","),
            "met" if ok and frac <= goal else ("not met" if ok else "detections differ")))

    ratio_row("int8, 640, config A, Cortex-M4 (instructions)", find("Cortex-M4", 640, "A", True),
              ST[(640, "A", True)]["Cortex-M4"], GOALS["int8_m4"])
    ratio_row("int8, 640, config A, Cortex-M55 (ST with Helium)", find("Cortex-M55", 640, "A", True),
              ST[(640, "A", True)]["Cortex-M55"], GOALS["int8_m55"])
    ratio_row("float, 640, config A, Cortex-M4", find("Cortex-M4", 640, "A", False),
              ST[(640, "A", False)]["Cortex-M4"], GOALS["float_m4"])
    for img in (640, 320):
        ratio_row("int8, %d, rv32imafc instructions vs ESP-DL's ESP32-P4 cycles" % img,
                  find("rv32imafc", img, "A", True), ESPDL_CYCLES[img], GOALS["espdl"], "ESP-DL")
    m4 = [r for r in rows if r["core"] == "Cortex-M4"]
    if m4:
        ram = max(r["ram"] for r in m4 if r["config"] != "C")
        out.append("| RAM (scratch + stack), Cortex-M4, configs A and B (`max_candidates(256)`) "
                   "| <= 1/20 of ST's %s B | 1/%.1f (%s B) | %s |" % (
                       format(ST_RAM_640, ","), ST_RAM_640 / ram, format(ram, ","),
                       "met" if ram <= ST_RAM_640 * GOALS["ram"] else "not met"))
        full = [r["ram"] for r in m4 if r["config"] == "C"]
        if full:
            out.append("| RAM, config C (`max_candidates(8400)`: every anchor a candidate) | - | %.2f times "
                       "ST's (%s B) | the list of all candidates (12 B each), their corners (16 B) and "
                       "per-class scores (4 B) |" % (max(full) / ST_RAM_640, format(max(full), ",")))
        for int8 in (True, False):
            linked = max(r["linked"] for r in m4 if r["int8"] == int8)
            out.append("| flash linked, %s, Cortex-M4 | <= ST's %s B | %s B | %s |" % (
                "int8" if int8 else "float", format(ST_FLASH[int8], ","), format(linked, ","),
                "met" if linked <= ST_FLASH[int8] else "not met"))
        same = all(r["same"].startswith("yes") for r in rows if r["config"] != "C")
        out.append("| same detections as ST's, configs A and B | as sets | %s | %s |" % (
            "every row above" if same else "see the table", "met" if same else "not met"))
    return "\n".join(out)


def section(rows):
    return "\n".join([
        BEGIN,
        "## YOLOv8n post-processing against STMicroelectronics' od_yolov8_pp",
        "",
        "`bench/yolo_mcu.py`: the YOLOv8n-like heads of `../shared/workloads/yolov8` (generated on the "
        "core), post-processed by `detect.yolo_postprocess` with ST's rules as attributes (`class_nms(per_class) "
        "max_per_class(10) score_compare(ge) output_layout(cxcywh)`, IoU 0.5, `max_candidates(256)` for configs A and B, `max_candidates(N)` for C), "
        "compiled by `detect-compile` (-Os) and run on the emulated cores. Instructions are executed guest "
        "instructions of one call (qemu-icount, exact); instructions are not cycles. ST's figures are those "
        "of the workload's README (arm-none-eabi-gcc 12.2 -O2; the Cortex-M55 figure with Helium). RAM is "
        "our static scratch plus stack frame; ST's caller provides %s B at N = 8400. Flash is what linking "
        "the function adds to the same picolibc program (ST: %s B float, %s B int8 on the M4). A ratio is "
        "given only where the detections equal ST's recorded ones as sets of (class, score bits, box bits), "
        "or (config C, where every anchor is a candidate and int8 scores tie often) differ only by boxes "
        "of equal score swapped within a class: ST sorts each class with the C library's qsort, which "
        "orders equal scores as it likes, and its limit of 10 per class then keeps other boxes of the same "
        "score than our lower-anchor-first rule does." % (
            format(ST_RAM_640, ","), format(ST_FLASH[False], ","), format(ST_FLASH[True], ",")),
        "",
        "ESP-DL's figures are Espressif's published YOLO11n post-processing times on the ESP32-P4 "
        "(360 MHz RISC-V), converted to cycles (16.6 ms and 6.8 ms: about 6.0 M and 2.45 M cycles), for "
        "its own raw-head decode; our rv32imafc figures are executed instructions of the YOLOv8 head "
        "post-processing on qemu's virt board: instructions are not cycles, and the work differs.",
        "",
        goals(rows),
        "",
        table(rows),
        "",
        "What limits the figures: on the Cortex-M4 the scan of the 80 x N int8 scores is about 5 "
        "instructions per 4 scores (a 32-bit load, BIC, ADD, ORN, ORR) plus the class loop's 3 per "
        "row of a block: about 0.97 M of the 1.38 M at 640, more than 1/10 of ST's figure on its own; "
        "the Arm DSP extension's byte-wise USUB8/SEL would need target intrinsics, which the "
        "target-neutral decomposition does not emit. The rest is the exact visit of the anchors that "
        "pass (maximum and first class over 80 rows each) and one NMS per class. On the Cortex-M55 "
        "LLVM does not vectorize the scan for Helium (the class loop is strided and carries the OR "
        "reduction), while ST's Helium build vectorizes its scan: a layout with the anchors of a block "
        "in the inner loop would let the loop vectorizer use MVE. Float scores cost one load, one "
        "subtraction and one OR each (no four-lane trick for 32-bit scores). On rv32imafc the four "
        "bytes of a word are four byte loads and three shifts and ORs (the core has no unaligned "
        "32-bit loads and the input's alignment is not known), so the int8 scan costs more than the "
        "float one there.",
        END])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    build_dir = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
    p.add_argument("--work", default=os.path.join(build_dir, "bench", "yolo"))
    p.add_argument("--cores", default="Cortex-M4,Cortex-M55,rv32imafc")
    p.add_argument("--no-docs", action="store_true")
    a = p.parse_args()
    os.environ["PATH"] = os.path.join(build_dir, "bin") + os.pathsep + os.environ["PATH"]
    rows = []
    for core, chip, target, machine in CORES:
        if core not in a.cores.split(","):
            continue
        for img, config, int8, thr in CASES:
            rows.append(measure(core, chip, target, machine, img, config, int8, thr, os.path.join(
                a.work, chip, "%d_%s_%s" % (img, config, "int8" if int8 else "f32"))))
            print(rows[-1], flush=True)
    text = section(rows)
    print(text)
    if not a.no_docs:
        doc_sections.write_section(SECTION, text)
        print("wrote the yolo-st section of docs/Benchmarks.md")
    # Configs A and B must match ST's detections; C may differ by ties.
    return 0 if all(r["same"].startswith("yes") or (r["config"] == "C" and r["same"].startswith("ties"))
                    for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
