"""Run CPython 3.12's own test suite under innerpy and hold it to an expectations file.

Each test module runs in its own subprocess, `python -m innerpy driver.py
MODULE RESULT_FILE TESTDIR` (or `--interpreter CMD driver.py ...` for a
baseline under another interpreter). The driver streams one JSON line per
test, so a module that crashes or hangs still reports everything it got
through; a hung module is killed after `--timeout` seconds, with its whole
process group.

Outcomes are compared with `expectations.json` (next to this file):

    {"modules": {"test_x": {"test_x.Case.test_a": "pass",
                            "test_x.Case.test_b": {"expect": "fail", "reason": "..."},
                            "test_x.Case.test_c": {"expect": "skip", "reason": "..."}}}}

A *regression* is an expected pass that did not pass (failed, errored,
was skipped or never ran); any regression makes the exit status 1. An
*unexpected pass* is a pass not recorded as one; the runner lists them so
the file can move forward, which `--update` does. `--update` never turns a
recorded pass into anything else unless `--force` is given: conformance
only moves forward.

The summary table counts, per module, outcomes (passed, failed, errors,
skipped), `expected`: outcomes the file predicted (a recorded pass that
passed, a recorded fail or skip that did not pass), `regressions` and
`unexpected passes`. A module that cannot be imported, fails to load its
tests, crashes or times out without a test to blame is one entry named
after the module.
"""

import argparse
import concurrent.futures
import dataclasses
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

from ..reference import reference_python

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "driver.py")
DEFAULT_EXPECTATIONS = os.path.join(HERE, "expectations.json")
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))

#: `--quick`: small, language-core modules that say a lot about the
#: interpreter and finish fast. The one list CI and developers share.
QUICK_MODULES = (
    "test_augassign",
    "test_unpack",
    "test_opcodes",
    "test_bool",
    "test_contains",
    "test_unary",
    "test_raise",
    "test_scope",
    "test_with",
    "test_exception_variations",
    "test_keywordonlyarg",
    "test_int_literal",
    "test_global",
    "test_compare",
    "test_listcomps",
    "test_setcomps",
    "test_dictcomps",
    "test_genexps",
)

PASS, FAIL, ERROR, SKIP = "pass", "fail", "error", "skip"

#: Unexpected passes listed without -v; a baseline run can have thousands.
LIST_LIMIT = 40


# -- finding CPython 3.12's Lib/test -------------------------------------------

def _run_quiet(command):
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def reference_testdir():
    """The reference CPython's Lib/test directory, or None."""
    python = reference_python()
    if python is None:
        return None
    stdlib = _run_quiet([python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])
    testdir = os.path.join(stdlib, "test") if stdlib else ""
    return testdir if testdir and os.path.isdir(testdir) else None


def discover_modules(testdir):
    """Every test module and test package in `testdir`, as regrtest finds them."""
    names = []
    for entry in sorted(os.listdir(testdir)):
        path = os.path.join(testdir, entry)
        if not entry.startswith("test_"):
            continue
        if entry.endswith(".py"):
            names.append(entry[:-3])
        elif os.path.isdir(path) and os.path.exists(os.path.join(path, "__init__.py")):
            names.append(entry)
    return names


# -- running one module ---------------------------------------------------------

@dataclasses.dataclass
class ModuleRun:
    """What one module's subprocess produced."""
    module: str
    results: dict          # test id -> (outcome, reason)
    seconds: float
    note: str = ""         # why the module ended abnormally, if it did


def _describe_failure(returncode, log_path, innerpy, executable=""):
    """One line saying why the interpreter stopped, from its exit code and last output line."""
    last = ""
    try:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
        last = lines[-1] if lines else ""
    except OSError:
        pass
    # "/path/to/python: No module named ..." reads the same on every machine without the path.
    if executable and last.startswith(executable + ": "):
        last = last[len(executable) + 2:]
    who = "innerpy could not run the module" if innerpy else "the interpreter stopped"
    text = f"{who} (exit code {returncode})"
    if last:
        text += f": {last[:200]}"
    return text


def read_results(path):
    """Parse a driver result file: (finished results, started-but-unfinished ids, done flag)."""
    results, started, done = {}, [], False
    if not os.path.exists(path):
        return results, started, done
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a kill
            if "start" in record:
                started.append(record["start"])
            elif "done" in record:
                done = True
            elif "id" in record:
                results[record["id"]] = (record.get("outcome", ERROR), record.get("reason", ""))
    unfinished = [test_id for test_id in started if test_id not in results]
    return results, unfinished, done


def run_module(module, *, command, testdir, workdir, timeout, innerpy):
    """Run `module` through the driver under `command`; never raises, never hangs."""
    result_path = os.path.join(workdir, module + ".jsonl")
    log_path = os.path.join(workdir, module + ".log")
    for path in (result_path, log_path):
        if os.path.exists(path):
            os.remove(path)
    # The environment is passed unchanged (beyond innerpy's import path):
    # tests such as test_c_locale_coercion check how PYTHON* variables act.
    env = dict(os.environ)
    if innerpy:
        env["PYTHONPATH"] = REPO_ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    argv = [*command, DRIVER, module, result_path, testdir]
    started = time.perf_counter()
    note = ""
    returncode = None
    scratch = tempfile.TemporaryDirectory(prefix=f"innerpy-{module}-", ignore_cleanup_errors=True)
    with scratch as cwd, open(log_path, "w", encoding="utf-8") as log:
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, cwd=cwd, env=env,
                                    start_new_session=True)
        except OSError as exc:
            note = f"could not start {command[0]!r}: {exc}"
        else:
            with _LIVE_LOCK:
                _LIVE.add(proc)
            try:
                returncode = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                note = f"timed out after {timeout:g}s"
            finally:
                # Also reaps what a finished module left running in its group.
                _kill_group(proc)
                with _LIVE_LOCK:
                    _LIVE.discard(proc)
    seconds = time.perf_counter() - started
    results, unfinished, done = read_results(result_path)
    if not note and not done:
        note = _describe_failure(returncode, log_path, innerpy, command[0])
    if note:
        for test_id in unfinished:
            results[test_id] = (ERROR, f"was running when the module stopped: {note}")
        if not unfinished:
            # Nothing to pin it on: the module itself carries the error.
            results.setdefault(module, (ERROR, note))
    return ModuleRun(module, results, seconds, note)


# Module processes now running, so that Ctrl-C can stop them all: they run in
# their own sessions and do not see the terminal's SIGINT themselves.
_LIVE = set()
_LIVE_LOCK = threading.Lock()


def kill_all():
    with _LIVE_LOCK:
        live = list(_LIVE)
    for proc in live:
        _kill_group(proc)


def _kill_group(proc):
    """Kill the module's process and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, AttributeError):
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


# -- expectations ----------------------------------------------------------------

def load_expectations(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return data.get("modules", {})


def save_expectations(path, modules):
    data = {
        "_about": ("Outcomes of CPython 3.12's Lib/test under innerpy. Per test id: "
                   "\"pass\", or {\"expect\": \"fail\"|\"skip\", \"reason\": ...}. "
                   "Maintained by `python -m innerpy.conformance --update`; only moves forward."),
        "modules": {m: dict(sorted(tests.items())) for m, tests in sorted(modules.items())},
    }
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def expected_outcome(entry):
    """'pass', 'fail' or 'skip' from an expectations entry (None: no entry)."""
    if entry is None:
        return None
    if entry == PASS:
        return PASS
    return entry.get("expect", FAIL)


@dataclasses.dataclass
class Comparison:
    counts: dict            # pass/fail/error/skip -> n
    matched: int            # outcomes the expectations predicted
    regressions: list       # (id, expected, outcome, reason)
    unexpected_passes: list  # (id, expected or None)


def compare(run, expectations):
    """Hold one module's outcomes against its expectations."""
    counts = {PASS: 0, FAIL: 0, ERROR: 0, SKIP: 0}
    matched = 0
    regressions, unexpected = [], []
    for test_id, (outcome, reason) in sorted(run.results.items()):
        counts[outcome] = counts.get(outcome, 0) + 1
        expected = expected_outcome(expectations.get(test_id))
        if expected == PASS:
            if outcome == PASS:
                matched += 1
            else:
                regressions.append((test_id, expected, outcome, reason))
        elif outcome == PASS:
            unexpected.append((test_id, expected))
        elif expected is not None:
            matched += 1
    # Why tests are missing: the module stopped, or its one entry (an import
    # or loading failure) says so.
    module_entry = run.results.get(run.module) or run.results.get(run.module + " (loading failed)")
    why = run.note or (module_entry[1] if module_entry else "") \
        or "did not run (no result reported)"
    for test_id, entry in sorted(expectations.items()):
        if expected_outcome(entry) == PASS and test_id not in run.results:
            regressions.append((test_id, PASS, "missing", why))
    return Comparison(counts, matched, regressions, unexpected)


def updated_expectations(run, old, force):
    """The module's new expectations: observed outcomes, never moving a pass backward.

    Without `force`, a recorded pass stays a pass even if it failed now (it
    is still reported as a regression); entries that did not pass and were
    not seen are dropped, since they described a state that no longer is.
    """
    new = {}
    for test_id, (outcome, reason) in run.results.items():
        if outcome == PASS:
            new[test_id] = PASS
        elif not force and expected_outcome(old.get(test_id)) == PASS:
            new[test_id] = PASS
        else:
            new[test_id] = {"expect": SKIP if outcome == SKIP else FAIL,
                            "reason": reason or outcome}
    if not force:
        for test_id, entry in old.items():
            if expected_outcome(entry) == PASS and test_id not in new:
                new[test_id] = PASS
    return new


# -- reporting -----------------------------------------------------------------------

COLUMNS = ("module", "passed", "failed", "errors", "skipped", "expected", "regressions",
           "unexpected passes")


def format_table(rows):
    """A plain-text table; the first column left-aligned, numbers right-aligned."""
    table = [COLUMNS] + [tuple(str(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary_row(module, comparison):
    c = comparison.counts
    return (module, c[PASS], c[FAIL], c[ERROR], c[SKIP], comparison.matched,
            len(comparison.regressions), len(comparison.unexpected_passes))


def progress_line(index, total, run, comparison):
    c = comparison.counts
    width = len(str(total))
    text = (f"[{index:{width}d}/{total}] {run.module:<32} {c[PASS]:4d} passed {c[FAIL]:4d} failed "
            f"{c[ERROR]:4d} errors {c[SKIP]:4d} skipped  {run.seconds:6.1f}s")
    if comparison.regressions:
        text += f"  {len(comparison.regressions)} REGRESSIONS"
    if comparison.unexpected_passes:
        text += f"  {len(comparison.unexpected_passes)} unexpected passes"
    if run.note:
        note = run.note if len(run.note) <= 90 else run.note[:87] + "..."
        text += f"  ({note})"
    return text


def regression_lines(module, regressions, everything=False):
    """One line per regression, except that many tests missing for the same
    reason (the module did not run) become one line: a module that breaks
    should not bury the few real failures elsewhere."""
    missing = [r for r in regressions if r[2] == "missing"]
    others = [r for r in regressions if r[2] != "missing"]
    lines = [f"{test_id}: {outcome}" + (f": {reason}" if reason else "")
             for test_id, _expected, outcome, reason in others]
    if len(missing) > 3 and not everything:
        lines.append(f"{module}: {len(missing)} expected passes did not run: {missing[0][3]}")
    else:
        lines.extend(f"{test_id}: missing: {reason}"
                     for test_id, _expected, _outcome, reason in missing)
    return lines


# -- command line ----------------------------------------------------------------------

def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m innerpy.conformance",
        description="Run CPython 3.12's Lib/test modules under innerpy and compare the "
                    "outcomes with the expectations file.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  python -m innerpy.conformance --quick              the CI subset under innerpy
  python -m innerpy.conformance test_scope -v        one module, list every unexpected pass
  python -m innerpy.conformance --quick --update     record progress (only forward)
  python -m innerpy.conformance --reference -j 4 --json baseline.json
                                                     what CPython 3.12 itself passes here
exit status: 0 without regressions, 1 with regressions, 130 when interrupted""")
    parser.add_argument("modules", nargs="*", help="test modules to run (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="run the small CI subset: " + ", ".join(QUICK_MODULES))
    parser.add_argument("--interpreter", metavar="CMD",
                        help="run the driver under CMD instead of innerpy "
                             "(e.g. a CPython 3.12, to measure a baseline)")
    parser.add_argument("--reference", action="store_true",
                        help="shorthand for --interpreter <the reference CPython 3.12>")
    parser.add_argument("--testdir", metavar="DIR",
                        help="directory of the test package (default: CPython 3.12's Lib/test)")
    parser.add_argument("--expectations", metavar="FILE",
                        help=f"expectations file (default: {os.path.relpath(DEFAULT_EXPECTATIONS)})")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds before a module is killed (default: 300)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="modules run in parallel")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the expectations of the modules run (only forward)")
    parser.add_argument("--force", action="store_true",
                        help="with --update, also record passes that turned into failures")
    parser.add_argument("--results-dir", metavar="DIR",
                        help="keep per-module result and log files here (default: a temporary dir)")
    parser.add_argument("--json", metavar="FILE", help="write every outcome to FILE as JSON")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every unexpected pass (default: the first %d) and every "
                             "missing test" % LIST_LIMIT)
    return parser


def main(argv=None, out=None):
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)

    def say(text=""):
        print(text, file=out, flush=True)

    testdir = args.testdir or reference_testdir()
    if testdir is None:
        parser.error("CPython 3.12's Lib/test not found: pass --testdir or set "
                     "INNERPY_REFERENCE_PYTHON")
    testdir = os.path.abspath(testdir)
    if not os.path.isdir(testdir):
        parser.error(f"--testdir {testdir!r} is not a directory")

    if args.reference:
        python = reference_python()
        if python is None:
            parser.error("no reference CPython 3.12 found (set INNERPY_REFERENCE_PYTHON)")
        args.interpreter = shlex.quote(python)
    innerpy = args.interpreter is None
    command = [sys.executable, "-m", "innerpy"] if innerpy else shlex.split(args.interpreter)

    if args.update and not innerpy and not args.expectations:
        parser.error("--update with --interpreter would record another interpreter's outcomes "
                     "as innerpy's; name the file with --expectations")
    expectations_path = args.expectations or DEFAULT_EXPECTATIONS

    if args.modules:
        modules = list(dict.fromkeys(args.modules))
    elif args.quick:
        modules = list(QUICK_MODULES)
    else:
        modules = discover_modules(testdir)
    if not modules:
        parser.error(f"no test modules found in {testdir}")

    all_expectations = load_expectations(expectations_path)
    workdir = args.results_dir or tempfile.mkdtemp(prefix="innerpy-conformance-")
    os.makedirs(workdir, exist_ok=True)

    who = "innerpy" if innerpy else args.interpreter
    say(f"Running {len(modules)} module(s) from {testdir} under {who}"
        f" (timeout {args.timeout:g}s, {args.jobs} job(s))")

    lock = threading.Lock()
    done = {}

    def one(module):
        run = run_module(module, command=command, testdir=testdir, workdir=workdir,
                         timeout=args.timeout, innerpy=innerpy)
        comparison = compare(run, all_expectations.get(module, {}))
        with lock:
            done[module] = (run, comparison)
            say(progress_line(len(done), len(modules), run, comparison))
        return run

    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        list(pool.map(one, modules))
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        kill_all()
        pool.shutdown(wait=True)
        say(f"\nInterrupted after {len(done)} of {len(modules)} module(s); nothing was updated.")
        return 130
    finally:
        pool.shutdown(wait=True)
        if not args.results_dir:
            shutil.rmtree(workdir, ignore_errors=True)

    rows, regressions, unexpected = [], [], []
    totals = [0] * 7
    for module in modules:
        run, comparison = done[module]
        row = summary_row(module, comparison)
        rows.append(row)
        totals = [t + v for t, v in zip(totals, row[1:])]
        regressions.extend(comparison.regressions)
        unexpected.extend(comparison.unexpected_passes)
    rows.append(("TOTAL", *totals))
    say()
    say(format_table(rows))

    stopped = [(m, done[m][0].note) for m in modules if done[m][0].note]
    if stopped:
        say()
        say(f"Modules that did not finish ({len(stopped)}):")
        for module, note in stopped:
            say(f"  {module}: {note}")
    if unexpected:
        say()
        say(f"Unexpected passes ({len(unexpected)}), record them with --update:")
        shown = unexpected if args.verbose else unexpected[:LIST_LIMIT]
        for test_id, expected in shown:
            say(f"  {test_id}  (expected {expected or 'nothing recorded'})")
        if len(shown) < len(unexpected):
            say(f"  ... and {len(unexpected) - len(shown)} more (-v lists them all)")
    if regressions:
        say()
        say(f"REGRESSIONS ({len(regressions)}): expected to pass, but")
        for module in modules:
            for line in regression_lines(module, done[module][1].regressions,
                                         everything=args.verbose):
                say("  " + line)

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({
                "interpreter": who, "testdir": testdir,
                "modules": {m: {"seconds": round(done[m][0].seconds, 3), "note": done[m][0].note,
                                "results": {t: {"outcome": o, "reason": r}
                                            for t, (o, r) in sorted(done[m][0].results.items())}}
                            for m in modules},
            }, f, indent=1)

    if args.update:
        for module in modules:
            run, _ = done[module]
            all_expectations[module] = updated_expectations(
                run, all_expectations.get(module, {}), args.force)
        save_expectations(expectations_path, all_expectations)
        say()
        say(f"Updated {expectations_path} for {len(modules)} module(s).")

    if args.update and args.force:
        return 0  # the regressions were just accepted into the file
    return 1 if regressions else 0
