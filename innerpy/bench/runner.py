"""Time the benchmark programs under CPython 3.12 and under innerpy.

How time is measured: every program in `programs/` times its own workload
with `time.perf_counter()` and prints one line `BENCH <seconds> <checksum>`.
Interpreter startup, imports and compilation are therefore left out, and
the number measures what the eval loop does, which is what changes when
the VM changes. `--startup` adds a row with the wall time of `-c pass`, so
the part left out is visible too. The checksum is the workload's result: innerpy's must equal
CPython's, or its time is not reported (a fast wrong answer is no result).

Each program runs `--repeat` times per interpreter in a fresh process; the
table shows the best time (`--stat median` for the median) and the ratio
innerpy / CPython. Programs named `comprehensions*` also run under innerpy
with `-X no_inline_comprehensions`, and the table shows that time and the
speed-up PEP 709 inlining brings (not inlined / inlined).

A run that fails, times out or prints no BENCH line shows as
`n/a (error: ...)` in its cell; the runner itself never fails because
innerpy does.
"""

import argparse
import dataclasses
import json
import os
import shlex
import statistics
import subprocess
import sys
import time

from . import pyperformance
from ..reference import reference_python

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS_DIR = os.path.join(HERE, "programs")
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
NO_INLINE = ["-X", "no_inline_comprehensions"]
NO_SUPERBLOCKS = ["-X", "no_superblocks"]
STARTUP_ROW = "(startup)"
PYPERFORMANCE = pyperformance.available()   # pyperformance's benchmarks, when installed


def is_comprehension_program(name):
    """Programs whose point is comprehension inlining, timed with it on and off."""
    return name.split(":")[-1].startswith("comprehensions")


def list_programs(directory=PROGRAMS_DIR):
    return sorted(entry[:-3] for entry in os.listdir(directory)
                  if entry.endswith(".py") and not entry.startswith("_"))


# -- one measurement ---------------------------------------------------------------

@dataclasses.dataclass
class Measurement:
    """Times of one program under one interpreter, or why there are none."""
    times: list
    checksum: str = None
    error: str = None

    def value(self, stat):
        if not self.times:
            return None
        return min(self.times) if stat == "best" else statistics.median(self.times)

    def to_json(self):
        if self.error:
            return {"error": self.error, "times": self.times}
        return {"times": self.times, "best": min(self.times),
                "median": statistics.median(self.times), "checksum": self.checksum}


def parse_bench_output(stdout):
    """(seconds, checksum) from a program's output; the last BENCH line counts."""
    found = None
    for line in stdout.splitlines():
        if line.startswith("BENCH "):
            parts = line.split(None, 2)
            try:
                seconds = float(parts[1])
            except (IndexError, ValueError):
                continue
            found = (seconds, parts[2].strip() if len(parts) > 2 else "")
    if found is None:
        raise ValueError("no BENCH line in the output")
    return found


def _last_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def measure(command, program_path, size, repeat, timeout, env=None):
    """Run `command program size` `repeat` times; stop at the first failure."""
    result = Measurement(times=[])
    arguments = [program_path, size]
    if program_path in PYPERFORMANCE.values():
        arguments = [pyperformance.ADAPTER, size, program_path]
    for _ in range(repeat):
        try:
            proc = subprocess.run([*command, *arguments], capture_output=True,
                                  text=True, timeout=timeout, env=env,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            result.error = f"timed out after {timeout:g}s"
            return result
        except OSError as exc:
            result.error = f"could not start {command[0]!r}: {exc}"
            return result
        if proc.returncode != 0:
            detail = _last_line(proc.stderr) or _last_line(proc.stdout)
            # "/path/to/python: No module named ..." says no more without the path.
            if detail.startswith(command[0] + ": "):
                detail = detail[len(command[0]) + 2:]
            result.error = f"exit code {proc.returncode}" + (f": {detail}" if detail else "")
            return result
        try:
            seconds, checksum = parse_bench_output(proc.stdout)
        except ValueError as exc:
            result.error = str(exc)
            return result
        if result.checksum is not None and checksum != result.checksum:
            result.error = f"result changed between runs: {result.checksum} then {checksum}"
            return result
        result.checksum = checksum
        result.times.append(seconds)
    return result


def measure_startup(command, repeat, timeout, env=None):
    """Wall time of `command -c pass`: what every program pays before its own timer starts."""
    result = Measurement(times=[], checksum="")
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            proc = subprocess.run([*command, "-c", "pass"], capture_output=True, text=True,
                                  timeout=timeout, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            result.error = f"timed out after {timeout:g}s"
            return result
        except OSError as exc:
            result.error = f"could not start {command[0]!r}: {exc}"
            return result
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            detail = _last_line(proc.stderr) or _last_line(proc.stdout)
            result.error = f"exit code {proc.returncode}" + (f": {detail}" if detail else "")
            return result
        result.times.append(elapsed)
    return result


def check_against(measurement, reference):
    """innerpy's answer must be CPython's; a different checksum voids the times."""
    if (measurement.error is None and reference.error is None
            and measurement.checksum != reference.checksum):
        measurement.error = (f"wrong result: {measurement.checksum} "
                             f"(CPython: {reference.checksum})")
    return measurement


# -- formatting ------------------------------------------------------------------------

def format_seconds(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def format_cell(measurement, stat, limit=48):
    if measurement is None:
        return ""
    if measurement.error:
        text = f"n/a (error: {measurement.error})"
        return text if len(text) <= limit else text[:limit - 4] + "...)"
    return format_seconds(measurement.value(stat))


def format_ratio(numerator, denominator, stat):
    if numerator is None or denominator is None or numerator.error or denominator.error:
        return "" if numerator is None or denominator is None else "n/a"
    bottom = denominator.value(stat)
    if not bottom:
        return "n/a"
    return f"{numerator.value(stat) / bottom:.2f}x"


HEADERS = ("program", "CPython 3.12", "innerpy", "innerpy/CPython",
           "innerpy no-inline", "inlining speed-up")
SUPERBLOCK_HEADERS = ("innerpy no-superblocks", "superblocks speed-up")


def table_rows(results, stat, superblocks=False):
    """One row per program; with `superblocks`, also the time without them and the gain."""
    rows = []
    for name, row in results.items():
        cells = [
            name,
            format_cell(row["cpython"], stat),
            format_cell(row["innerpy"], stat),
            format_ratio(row["innerpy"], row["cpython"], stat),
        ]
        variants = ("no_inline", "no_superblocks") if superblocks else ("no_inline",)
        for key in variants:
            other = row.get(key)
            cells.append(format_cell(other, stat))
            cells.append(format_ratio(other, row["innerpy"], stat) if other else "")
        rows.append(tuple(cells))
    return rows


def format_table(rows, headers=HEADERS):
    table = [headers] + list(rows)
    widths = [max(len(r[i]) for r in table) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(table):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# -- command line ----------------------------------------------------------------------

def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m innerpy.bench",
        description="Time innerpy against CPython 3.12 on small programs "
                    "(in-process timing; startup excluded).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  python -m innerpy.bench --quick                    a fast look at every program
  python -m innerpy.bench --programs fib,loops --repeat 3
  python -m innerpy.bench --json bench-results.json  keep the numbers
each program prints "BENCH <seconds> <checksum>"; innerpy's checksum must equal CPython's""")
    parser.add_argument("--quick", action="store_true",
                        help="smaller workloads and fewer repeats (for CI)")
    parser.add_argument("--programs", metavar="A,B",
                        help="comma-separated program names (default: all in programs/)")
    parser.add_argument("--repeat", type=int, help="runs per program and interpreter "
                        "(default: 5, or 2 with --quick)")
    parser.add_argument("--stat", choices=("best", "median"), default="best",
                        help="which of the repeated times the table shows (default: best)")
    parser.add_argument("--interpreter", metavar="CMD",
                        help="command that runs innerpy (default: this python -m innerpy)")
    parser.add_argument("--reference", metavar="CMD",
                        help="command that runs CPython 3.12 (default: the reference python3.12)")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds before one run is abandoned (default: 600)")
    parser.add_argument("--json", metavar="FILE", help="also write all times to FILE")
    parser.add_argument("--superblocks", action="store_true",
                        help="also time every program with -X no_superblocks and show "
                             "what translating hot code gains")
    parser.add_argument("--startup", action="store_true",
                        help=f"add a row '{STARTUP_ROW}': wall time of `-c pass`, which the "
                             "program timings leave out")
    parser.add_argument("--programs-dir", metavar="DIR", default=PROGRAMS_DIR,
                        help=argparse.SUPPRESS)
    return parser


def main(argv=None, out=None):
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)

    def say(text=""):
        print(text, file=out, flush=True)

    available = list_programs(args.programs_dir) + sorted(PYPERFORMANCE)
    if args.programs:
        names = [n.strip() for n in args.programs.split(",") if n.strip()]
        unknown = [n for n in names if n not in available]
        if unknown:
            parser.error(f"unknown program(s): {', '.join(unknown)} "
                         f"(available: {', '.join(available)})")
    else:
        names = available
    size = "quick" if args.quick else "normal"
    repeat = args.repeat or (2 if args.quick else 5)

    if args.reference:
        reference = shlex.split(args.reference)
    else:
        python = reference_python()
        if python is None:
            parser.error("no CPython 3.12 found: set INNERPY_REFERENCE_PYTHON or pass --reference")
        reference = [python]
    innerpy_env = None
    if args.interpreter:
        innerpy = shlex.split(args.interpreter)
    else:
        innerpy = [sys.executable, "-m", "innerpy"]
        innerpy_env = dict(os.environ)
        innerpy_env["PYTHONPATH"] = REPO_ROOT + (
            os.pathsep + innerpy_env["PYTHONPATH"] if innerpy_env.get("PYTHONPATH") else "")

    say(f"{len(names)} program(s), {size} size, {repeat} run(s) each, showing the {args.stat} time")
    say(f"CPython 3.12: {' '.join(reference)}")
    say(f"innerpy:      {' '.join(innerpy)}")
    results = {}
    if args.startup:
        results[STARTUP_ROW] = {
            "cpython": measure_startup(reference, repeat, args.timeout),
            "innerpy": measure_startup(innerpy, repeat, args.timeout, env=innerpy_env),
        }
    for name in names:
        path = PYPERFORMANCE.get(name) or os.path.join(args.programs_dir, name + ".py")
        row = {"cpython": measure(reference, path, size, repeat, args.timeout)}
        row["innerpy"] = check_against(
            measure(innerpy, path, size, repeat, args.timeout, env=innerpy_env), row["cpython"])
        if is_comprehension_program(name):
            row["no_inline"] = check_against(
                measure([*innerpy, *NO_INLINE], path, size, repeat, args.timeout,
                        env=innerpy_env), row["cpython"])
        if args.superblocks:
            row["no_superblocks"] = check_against(
                measure([*innerpy, *NO_SUPERBLOCKS], path, size, repeat, args.timeout,
                        env=innerpy_env), row["cpython"])
        results[name] = row
        say(f"  {name}: CPython {format_cell(row['cpython'], args.stat, limit=200)}, "
            f"innerpy {format_cell(row['innerpy'], args.stat, limit=200)}")

    say()
    headers = HEADERS + SUPERBLOCK_HEADERS if args.superblocks else HEADERS
    say(format_table(table_rows(results, args.stat, args.superblocks), headers))
    errors = [(name, label, m.error) for name, row in results.items()
              for label, m in (("CPython 3.12", row["cpython"]), ("innerpy", row["innerpy"]),
                               ("innerpy no-inline", row.get("no_inline")),
                               ("innerpy no-superblocks", row.get("no_superblocks")))
              if m is not None and m.error]
    if errors:
        say()
        say("Errors:")
        for name, label, error in errors:
            say(f"  {name} under {label}: {error}")

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({
                "size": size, "repeat": repeat, "stat": args.stat,
                "reference": reference, "innerpy": innerpy,
                "programs": {name: {key: m.to_json() for key, m in row.items()}
                             for name, row in results.items()},
            }, f, indent=1)
    return 0
