"""The benchmark runner with fake interpreters, and the programs themselves on the host.

Fake interpreters print a BENCH line without running anything, so the
runner's parsing, error cells, checksum check and table are tested in a
fraction of a second and without innerpy's VM.
"""

import io
import json
import os
import subprocess
import sys
import textwrap

import pytest

from innerpy.bench import runner

FAKE = """
import sys
args = sys.argv[1:]
mode = args.pop(0)
no_inline = "no_inline_comprehensions" in args
no_superblocks = "no_superblocks" in args
if mode == "broken":
    sys.stderr.write("Traceback (most recent call last):\\nNotImplementedError: no VM yet\\n")
    sys.exit(1)
if mode == "silent":
    print("hello")
    sys.exit(0)
if mode == "hang":
    import time
    time.sleep(30)
seconds = {"fast": 0.010, "slow": 0.500, "wrong": 0.500}[mode] * (1.5 if no_inline else 1.0)
seconds *= 2.0 if no_superblocks else 1.0
checksum = "42" if mode != "wrong" else "41"
print("noise before")
print(f"BENCH {seconds:.6f} {checksum}")
"""


@pytest.fixture()
def fake(tmp_path):
    path = tmp_path / "fake.py"
    path.write_text(FAKE)

    def command(mode):
        return f"{sys.executable} {path} {mode}"
    return command


@pytest.fixture()
def programs(tmp_path):
    """Two stand-in programs: the fakes ignore their content, only names matter."""
    directory = tmp_path / "programs"
    directory.mkdir()
    for name in ("comprehensions_demo", "plain"):
        (directory / f"{name}.py").write_text("pass\n")
    (directory / "_helper.py").write_text("")
    return str(directory)


def run_main(argv):
    out = io.StringIO()
    assert runner.main(argv, out=out) == 0
    return out.getvalue()


def test_parse_bench_output():
    assert runner.parse_bench_output("x\nBENCH 0.25 1,2\n") == (0.25, "1,2")
    assert runner.parse_bench_output("BENCH 1 a\nBENCH 2 b\n") == (2.0, "b")
    with pytest.raises(ValueError):
        runner.parse_bench_output("nothing here\n")


def test_formatting():
    assert runner.format_seconds(0.0123) == "12.3 ms"
    assert runner.format_seconds(2.5) == "2.50 s"
    ok = runner.Measurement(times=[0.2, 0.1, 0.3], checksum="1")
    ref = runner.Measurement(times=[0.01], checksum="1")
    assert runner.format_ratio(ok, ref, "best") == "10.00x"
    assert runner.format_ratio(ok, ref, "median") == "20.00x"
    broken = runner.Measurement(times=[], error="exit code 1: boom")
    assert runner.format_cell(broken, "best") == "n/a (error: exit code 1: boom)"
    assert runner.format_ratio(broken, ref, "best") == "n/a"
    long = runner.Measurement(times=[], error="x" * 100)
    assert len(runner.format_cell(long, "best")) == 48


def test_table_with_working_fakes(fake, programs, tmp_path):
    json_path = tmp_path / "out.json"
    out = run_main(["--programs-dir", programs, "--reference", fake("fast"),
                    "--interpreter", fake("slow"), "--repeat", "2", "--json", str(json_path)])
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("program"))
    for column in runner.HEADERS:
        assert column in header
    comp = next(line for line in lines if line.startswith("comprehensions_demo "))
    assert comp.split() == ["comprehensions_demo", "10.0", "ms", "500.0", "ms", "50.00x",
                            "750.0", "ms", "1.50x"]
    plain = next(line for line in lines if line.startswith("plain "))
    assert plain.split() == ["plain", "10.0", "ms", "500.0", "ms", "50.00x"]
    data = json.loads(json_path.read_text())
    assert data["programs"]["plain"]["innerpy"]["times"] == [0.5, 0.5]
    assert data["programs"]["comprehensions_demo"]["no_inline"]["best"] == 0.75
    assert "no_inline" not in data["programs"]["plain"]
    assert "Errors:" not in out


def test_superblocks_columns(fake, programs):
    out = run_main(["--programs-dir", programs, "--reference", fake("fast"),
                    "--interpreter", fake("slow"), "--repeat", "1", "--superblocks"])
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("program"))
    for column in runner.SUPERBLOCK_HEADERS:
        assert column in header
    plain = next(line for line in lines if line.startswith("plain "))
    assert plain.split() == ["plain", "10.0", "ms", "500.0", "ms", "50.00x",
                             "1.00", "s", "2.00x"]
    comp = next(line for line in lines if line.startswith("comprehensions_demo "))
    assert comp.split()[-6:] == ["750.0", "ms", "1.50x", "1.00", "s", "2.00x"]


def test_broken_innerpy_gives_na_cells(fake, programs):
    out = run_main(["--programs-dir", programs, "--reference", fake("fast"),
                    "--interpreter", fake("broken"), "--quick", "--programs", "plain"])
    row = next(line for line in out.splitlines() if line.startswith("plain "))
    assert "n/a (error: exit code 1: NotImplementedError...)" in row
    assert row.endswith("n/a")
    assert "plain under innerpy: exit code 1: NotImplementedError: no VM yet" in out


def test_wrong_result_and_missing_output(fake, programs):
    out = run_main(["--programs-dir", programs, "--reference", fake("fast"),
                    "--interpreter", fake("wrong"), "--repeat", "1", "--programs", "plain"])
    assert "wrong result: 41 (CPython: 42)" in out
    out = run_main(["--programs-dir", programs, "--reference", fake("fast"),
                    "--interpreter", fake("silent"), "--repeat", "1", "--programs", "plain"])
    assert "no BENCH line in the output" in out


def test_timeout_is_an_error_cell(fake, programs):
    out = run_main(["--programs-dir", programs, "--reference", fake("fast"),
                    "--interpreter", fake("hang"), "--repeat", "1", "--programs", "plain",
                    "--timeout", "1"])
    assert "timed out after 1s" in out


def test_unknown_program_is_a_usage_error(programs):
    with pytest.raises(SystemExit):
        runner.main(["--programs-dir", programs, "--programs", "nope", "--reference", "x"],
                    out=io.StringIO())


def test_program_list():
    names = runner.list_programs()
    assert len(names) >= 8
    assert {"fib", "comprehensions_list", "comprehensions_dict_set"} <= set(names)
    assert [n for n in names if runner.is_comprehension_program(n)] == [
        "comprehensions_dict_set", "comprehensions_list", "comprehensions_small"]


# Checksums of the quick workloads: the same on every host CPython, so innerpy
# (whose values are host values) must print them too.
QUICK_CHECKSUMS = {
    "comprehensions_dict_set": "120240",
    "comprehensions_list": "24070020",
    "comprehensions_small": "18039000",
    "containers": "141785",
    "fib": "987",
    "generators": "17627336875",
    "loops": "-264980",
    "nbody": "-0.169075164,-0.169013342",
    "objects": "41609",
    "strings": "211875",
}


def test_programs_run_on_the_host_and_agree():
    """Each program is self-contained and gives the recorded answer (quick size)."""
    for name in runner.list_programs():
        proc = subprocess.run([sys.executable, os.path.join(runner.PROGRAMS_DIR, name + ".py"),
                               "quick"], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        seconds, checksum = runner.parse_bench_output(proc.stdout)
        assert seconds >= 0
        assert checksum == QUICK_CHECKSUMS[name], name


def test_startup_row(programs, tmp_path):
    """--startup times `-c pass`; here both interpreters are the host Python."""
    out = run_main(["--programs-dir", programs, "--reference", sys.executable,
                    "--interpreter", sys.executable, "--repeat", "1", "--programs", "plain",
                    "--startup", "--timeout", "60"])
    row = next(line for line in out.splitlines() if line.startswith(runner.STARTUP_ROW))
    assert row.split()[2] == "ms" and row.split()[-1].endswith("x")
