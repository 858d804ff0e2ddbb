"""The pyperformance adapter runs a pyperf-style script in-process and prints a BENCH line."""

import subprocess
import sys

from innerpy.bench import pyperformance
from innerpy.bench.runner import parse_bench_output

SCRIPT = """\
import pyperf

def work(n):
    return sum(range(n))

def timed(loops, n):
    t0 = pyperf.perf_counter()
    for _ in range(loops):
        work(n)
    return pyperf.perf_counter() - t0

if __name__ == "__main__":
    runner = pyperf.Runner()
    runner.metadata["description"] = "test"
    runner.argparser.add_argument("--n", type=int, default=1000)
    args = runner.parse_args()
    runner.bench_func("work", work, args.n)
    runner.bench_time_func("timed", timed, args.n)
"""


def test_adapter_reports_each_benchmark(tmp_path):
    script = tmp_path / "run_benchmark.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run([sys.executable, pyperformance.ADAPTER, "quick", str(script)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH ")]
    assert len(lines) == 2
    seconds, checksum = parse_bench_output(lines[0])
    assert seconds >= 0 and checksum == repr(sum(range(1000)))


def test_available_names_only_installed_benchmarks():
    for name, path in pyperformance.available().items():
        assert name.startswith(pyperformance.PREFIX)
        assert path.endswith("run_benchmark.py")
