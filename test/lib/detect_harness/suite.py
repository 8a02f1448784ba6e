"""The shared main() of a differential suite.

A suite script declares what it tests and against what; `main(Suite(...))`
does the rest, the same way for every suite:

    command line  harness.add_common_arguments (route, --sanitize, workdir,
                  pipeline options, seed, random count) plus the suite's own;
    self-check    the suite's comparison must reject wrong answers (poison,
                  order, counts) before it is trusted to accept right ones;
    cases         random cases from the seed, then edge cases;
    oracle        the reference's answer for every case (a problem it
                  reports, e.g. a reference disagreeing with itself, fails
                  the run with status 2 before anything is compiled);
    compile, run  harness.compile on the route, harness.run_mixed on every
                  case in one process (once per variant, e.g. per lowering
                  strategy, when the suite has variants);
    compare       every case; on a mismatch the first failing case's inputs
                  are saved to failure-first.npz and the first few printed;
    after         what holds across variants or cases (optional);
    summary       one line, `<name>/<route>[+sanitize]: ... 0 mismatches`.

The route itself (LLVM or C, sanitized, 32-bit) comes from the command line:
test/lit.cfg.py spells each cell of the route matrix once.

Exit status: 0 pass, 1 a mismatch or a failure to build or run, 2 the test
itself is broken (a self-check failed).
"""

import argparse
import os
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from detect_harness import harness

np = harness.np


@dataclass
class Run:
    """One run of a suite: its arguments and what each step produced. The
    suite's hooks read it and may keep their own state on it."""
    args: argparse.Namespace
    tag: str
    problems: List[str]
    random: List[Any] = None
    edges: List[Any] = None
    expected: List[Any] = None
    results: List[Any] = None
    # label -> results, one per variant.
    results_by: Dict[str, List[Any]] = None

    @property
    def cases(self):
        return self.random + self.edges


def call_by_config(case):
    """The default call: the case's config names the function, its args()
    are the arguments."""
    return (case.cfg.name, list(case.args()))


def boxes_and_scores(case):
    """The default failure record: the case's boxes and scores."""
    return dict(boxes=case.boxes, scores=case.scores, function=case.cfg.name)


@dataclass
class Suite:
    # The name in the summary line and of the built module.
    name: str
    # The script's docstring: its --help.
    doc: str
    # (run) -> the MLIR module under test.
    module_text: Callable
    # (run, rng) -> (random cases, edge cases).
    cases: Callable
    # (run) -> the expected result of every case of run.cases; may append to
    # run.problems or raise harness.HarnessError.
    oracle: Callable
    # (case, result, expected) -> None, or what differs.
    compare: Callable
    # (run) -> the summary line after "<tag>: ", ending in "0 mismatches..."
    summary: Callable
    # (problems) -> appends what the comparison gets wrong.
    self_check: Optional[Callable] = None
    # (run) -> checks the oracle itself and keeps what the cases need on
    # run; appends to run.problems or raises harness.HarnessError.
    prepare: Optional[Callable] = None
    # (parser) -> adds the suite's own options.
    add_arguments: Optional[Callable] = None
    # (args) -> text appended to the tag, e.g. "+f32".
    tag_suffix: Callable = lambda args: ""
    # (case) -> (function name, argument list).
    call: Callable = call_by_config
    # (case) -> the arrays saved for the first failing case.
    failure_inputs: Callable = boxes_and_scores
    random_default: int = 10000
    random_help: str = "random cases"
    # The name of the built files (default: name).
    stem: Optional[str] = None
    # (args) -> [(label, pipeline options)]: the module is built once per
    # variant, in workdir/label, and every variant is compared (default: one
    # build with the --pipeline-options).
    variants: Optional[Callable] = None
    # (run) -> None, or a failure found once every variant passed (e.g. the
    # variants disagree with each other, the cases missed what they test).
    after: Optional[Callable] = None


def _parse(suite: Suite, argv):
    ap = argparse.ArgumentParser(description=suite.doc,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_common_arguments(ap, suite.random_default, suite.random_help)
    ap.add_argument("--self-check-only", action="store_true",
                    help="build the cases and run the self-checks and the oracle, do not compile")
    if suite.add_arguments:
        suite.add_arguments(ap)
    return ap.parse_args(argv)


def _report_mismatches(run: Run, suite: Suite, bad):
    case, msg = bad[0]
    path = os.path.join(run.args.workdir, "failure-first.npz")
    np.savez(path, **suite.failure_inputs(case))
    print("%s: FAIL: %d of %d cases mismatch. First: %s\n  %s\n  inputs saved to %s" % (
        run.tag, len(bad), len(run.cases), case.describe(), msg, path))
    for case, msg in bad[1:6]:
        print("  also: %s: %s" % (case.describe(), msg))


def _variants(suite: Suite, args):
    if suite.variants is None:
        return [(None, args.pipeline_options)]
    return [(label, ("%s %s" % (options, args.pipeline_options)).strip())
            for label, options in suite.variants(args)]


def _compile_and_run(run: Run, suite: Suite, label, options):
    """The results of every case, or None after printing why there are none."""
    args = run.args
    workdir = os.path.join(args.workdir, label) if label else args.workdir
    try:
        exe = harness.compile(suite.module_text(run), args.route, workdir,
                              sanitize=args.sanitize,
                              pipeline=harness.route_pipeline(args.route, options),
                              opt_tool=args.detect_opt, stem=suite.stem or suite.name)
    except harness.HarnessError as e:
        print("%s: error: could not build the module under test:\n%s" % (run.tag, e))
        return None
    cases = run.cases
    try:
        return harness.run_mixed(exe, [suite.call(c) for c in cases])
    except harness.RunError as e:
        k = e.case_index
        where = cases[k].describe() if k is not None and k < len(cases) else "?"
        print("%s: error: the compiled code failed on case %s\n%s" % (run.tag, where, e))
        return None


def main(suite: Suite, argv=None) -> int:
    args = _parse(suite, argv)
    tag = "%s/%s%s%s" % (suite.name, args.route, "+sanitize" if args.sanitize else "",
                         suite.tag_suffix(args))
    run = Run(args, tag, [])
    os.makedirs(args.workdir, exist_ok=True)
    if suite.self_check:
        suite.self_check(run.problems)
    if suite.prepare and not run.problems:
        try:
            suite.prepare(run)
        except harness.HarnessError as e:
            run.problems.append(str(e))
    if run.problems:
        print("%s: error: self-check of the test failed:\n  %s" % (
            tag, "\n  ".join(run.problems)))
        return 2
    run.random, run.edges = suite.cases(run, np.random.default_rng(args.seed))
    try:
        run.expected = suite.oracle(run)
    except harness.HarnessError as e:
        print("%s: error: %s" % (tag, e))
        return 1
    if run.problems:
        print("%s: error: oracle self-check failed:\n  %s" % (
            tag, "\n  ".join(run.problems[:10])))
        return 2
    if args.self_check_only:
        print("%s: self-checks passed: %d random + %d edge cases; not compiled" % (
            tag, len(run.random), len(run.edges)))
        return 0
    run.results_by = {}
    for label, options in _variants(suite, args):
        run.results = _compile_and_run(run, suite, label, options)
        if run.results is None:
            return 1
        run.results_by[label] = run.results
        bad = []
        for case, got, want in zip(run.cases, run.results, run.expected):
            msg = suite.compare(case, got, want)
            if msg:
                bad.append((case, msg if label is None else "%s: %s" % (label, msg)))
        if bad:
            _report_mismatches(run, suite, bad)
            return 1
    failure = suite.after(run) if suite.after else None
    if failure:
        print("%s: error: %s" % (tag, failure))
        return 1
    print("%s: %s" % (tag, suite.summary(run)))
    return 0


def compare_indices(indices, count, want, capacity):
    """None if `indices` (capacity slots) and `count` hold the first
    `capacity` of the expected indices `want`, -1 in the slots past them;
    else what differs."""
    want = list(want)[:capacity]
    if int(count) != len(want):
        return "count: got %d, expected %d (expected %s)" % (int(count), len(want), want[:10])
    return index_slots(indices, want, capacity)


def index_slots(indices, want, capacity, fill=-1):
    """None if the `capacity` slots of `indices` hold `want`, then `fill`;
    else the first slot that differs."""
    want = np.asarray(want, np.int64)
    expect = np.full(capacity, fill, np.int64)
    expect[: len(want)] = want
    got = np.asarray(indices, np.int64)
    bad = np.nonzero(got != expect)[0]
    if len(bad):
        i = int(bad[0])
        return "index slot %d: got %d, expected %d (got %s, expected %s)" % (
            i, int(got[i]), int(expect[i]), got[:10].tolist(), want[:10].tolist())
    return None


def kept_scores(scores, want_s, rel_tol, equal_infinities=False):
    """None if the first len(want_s) of `scores` are within rel_tol of
    want_s (equal infinities too, if asked) and the rest 0; else the first
    that is not."""
    n = len(want_s)
    got_s = scores[:n]
    with np.errstate(invalid="ignore"):  # inf - inf
        diff = np.abs(got_s.astype(np.float64) - want_s.astype(np.float64))
    close = diff <= rel_tol * np.abs(want_s.astype(np.float64))
    if equal_infinities:
        close |= got_s == want_s
    badly = np.nonzero(~close)[0]
    if len(badly):
        i = int(badly[0])
        return "score of slot %d: got %r, expected %r" % (i, float(got_s[i]), float(want_s[i]))
    if np.any(scores[n:] != 0):
        return "unused score slots are not 0: %s" % scores[n:][:8].tolist()
    return None


def index_comparison_self_check(compare, problems, right=(0, 2)):
    """`compare(indices, count, want, capacity)` accepts the two indices
    `right` in three slots and rejects them swapped, a wrong count, padding
    other than -1 and poison."""
    a, b = right
    good = np.array([a, b, -1], np.int64)
    if compare(good, 2, [a, b], 3) is not None:
        problems.append("compare rejects a right answer")
    for what, got, cnt in [("order", np.array([b, a, -1]), 2), ("count", good, 1),
                           ("padding", np.array([a, b, 0]), 2),
                           ("poison", np.full(3, harness.poison_value(np.int64)), 2)]:
        if compare(got, cnt, [a, b], 3) is None:
            problems.append("compare accepts a wrong answer: " + what)


def strategies(option):
    """The variants of a suite that builds every lowering strategy of an op
    (`option`, e.g. "nms-strategy") and compares both with the oracle."""
    return lambda args: [(s, "%s=%s" % (option, s)) for s in ("fixed-point", "float")]


def expected_of_cases(run):
    """The oracle of suites whose cases carry their expected result."""
    return [c.expected for c in run.cases]
