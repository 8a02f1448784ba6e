"""The marked sections of docs/Benchmarks.md.

bench/bench.py writes the page; bench/tflm_ssd.py, bench/fixed_point_mcu.py and bench/yolo_mcu.py
each own a section (and host-profile is written by hand) between `<!-- NAME:begin -->` and `<!-- NAME:end -->`,
which they rewrite in place and bench.py carries over when it rewrites the
rest.
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "Benchmarks.md")
# Every section a script owns, in page order.
# host-profile is written by hand: where the host NMS spends its time.
SECTIONS = ("host-profile", "tflm-ssd", "fixed-point", "yolo-st")


def markers(name):
    """The first and last line of section `name`."""
    return "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name


def write_section(name, text):
    """Puts `text` (which starts and ends with the markers) in place of
    section `name`, or at the end of the page."""
    begin, end = markers(name)
    doc = open(DOC).read() if os.path.exists(DOC) else "# Benchmarks\n"
    if begin in doc and end in doc:
        doc = doc[:doc.index(begin)] + text + doc[doc.index(end) + len(end):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    with open(DOC, "w") as f:
        f.write(doc)


def carry_sections(text, old):
    """`text` (a new page) followed by the sections of `old` (the page it
    replaces)."""
    for name in SECTIONS:
        begin, end = markers(name)
        if begin in old and end in old:
            text = text.rstrip("\n") + "\n\n" + old[old.index(begin):old.index(end) + len(end)] + "\n"
    return text
