"""pyperformance's pure-Python benchmarks, timed the way the runner times its own programs.

When the `pyperformance` package is installed on the host, its
richards, nbody, comprehensions, fannkuch and float benchmarks join the
table. Their scripts are written for `pyperf`, which times a function in
worker processes of `sys.executable` -- the host CPython, not innerpy -- so
`adapter.py` runs each script with a small stand-in `pyperf` instead: the
benchmark function runs in the same process, once per loop, and the time is
printed as the runner's `BENCH <seconds> <checksum>` line (the checksum is
the function's result, where it has a stable repr).
"""

import os

BENCHMARKS = ("richards", "nbody", "comprehensions", "fannkuch", "float")
PREFIX = "pyperformance:"
ADAPTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adapter.py")


def available():
    """{program name: benchmark script} for the benchmarks installed on this host."""
    try:
        import pyperformance
    except ImportError:
        return {}
    root = os.path.join(os.path.dirname(pyperformance.__file__), "data-files", "benchmarks")
    found = {}
    for name in BENCHMARKS:
        script = os.path.join(root, f"bm_{name}", "run_benchmark.py")
        if os.path.exists(script):
            found[PREFIX + name] = script
    return found
