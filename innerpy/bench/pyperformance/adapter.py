"""Run a pyperformance benchmark script with a stand-in `pyperf`: `adapter.py SIZE SCRIPT`.

Plain Python, run under CPython 3.12 and under innerpy alike (see __init__.py).
"""

import argparse
import runpy
import sys
import time
import types

LOOPS = {"quick": 1, "normal": 3}
_loops = 1


class Runner:
    """The parts of `pyperf.Runner` the benchmark scripts use."""

    def __init__(self, *args, add_cmdline_args=None, **kwargs):
        self.metadata = {}
        self.argparser = argparse.ArgumentParser()
        self.loops = _loops

    def parse_args(self, args=None):
        return self.argparser.parse_args([])

    def bench_func(self, name, func, *args, inner_loops=None, **kwargs):
        best = None
        result = None
        for _ in range(self.loops):
            start = time.perf_counter()
            result = func(*args)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        _report(best, result)

    def bench_time_func(self, name, func, *args, inner_loops=None, **kwargs):
        best = min(func(1, *args) for _ in range(self.loops))
        _report(best, None)


def _report(seconds, result):
    checksum = repr(result) if isinstance(result, (int, float, str, bool, type(None))) else "-"
    print(f"BENCH {seconds:.6f} {checksum.replace(' ', '_')}")


def main():
    global _loops
    size, script = sys.argv[1], sys.argv[2]
    _loops = LOOPS[size]
    pyperf = types.ModuleType("pyperf")
    pyperf.Runner = Runner
    pyperf.perf_counter = time.perf_counter
    sys.modules["pyperf"] = pyperf
    sys.argv = [script]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
