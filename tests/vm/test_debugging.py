"""Debugging tools work on guest code: pdb, the traceback module and logging print what they print on CPython.

The guest runs the host's standard library, and pdb's output changed in
3.13, so the oracle is CPython 3.12 on a 3.12 host and the host CPython
itself elsewhere (same pdb, same output expected).
"""

import subprocess
import sys
import textwrap

from tests.support.differential import _program_dir, run_innerpy, run_reference
from tests.support.reference import host_is_312

PROGRAM = textwrap.dedent("""\
    def f(n):
        x = n * 2
        breakpoint()
        y = x + 1
        return y
    print(f(20))
""")


LOGGING = textwrap.dedent("""\
    import logging, traceback, sys
    logging.basicConfig(format="%(filename)s:%(lineno)d %(funcName)s %(levelname)s %(message)s",
                        stream=sys.stdout)
    def work(d):
        logging.warning("working on %s", d)
        return d["k"] + 1
    try:
        work({"k": "x"})
    except TypeError:
        traceback.print_exc(file=sys.stdout)
        logging.exception("failed")
    print(traceback.format_stack()[-1])
""")


def _expected(source, stdin=None):
    return run_reference(source, stdin=stdin) if host_is_312() else _run_host(source, stdin)


def test_pdb_session_matches_cpython():
    commands = 'n\np x, y if "y" in dir() else None\nn\np y\nw\nc\n'
    expected = _expected(PROGRAM, commands)
    actual = run_innerpy(PROGRAM, stdin=commands)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 0


def test_traceback_module_and_logging_show_guest_frames():
    """Source lines, caret anchors (`~~~^~~`), function names and line numbers."""
    expected = _expected(LOGGING)
    actual = run_innerpy(LOGGING)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 0


def _run_host(source, stdin):
    import os
    path = os.path.join(_program_dir(source), "prog.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    proc = subprocess.run([sys.executable, path], input=stdin, capture_output=True, text=True,
                          timeout=120, cwd=os.path.dirname(path))
    return proc


def test_coverage_measures_guest_lines(tmp_path):
    """coverage.py (when installed) reports the guest program's lines through sys.settrace."""
    import importlib.util
    import os
    import pytest
    if importlib.util.find_spec("coverage") is None:
        pytest.skip("coverage.py is not installed on this host")
    program = tmp_path / "cov_prog.py"
    program.write_text("def f(x):\n    if x:\n        return 1\n    return 2\nprint(f(1))\n",
                       encoding="utf-8")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    run = subprocess.run([sys.executable, "-m", "innerpy", "-m", "coverage", "run", str(program)],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert run.returncode == 0, run.stderr
    report = subprocess.run([sys.executable, "-m", "innerpy", "-m", "coverage", "report", "-m"],
                            capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    line = next(l for l in report.stdout.splitlines() if l.startswith("cov_prog.py"))
    assert line.split()[1:] == ["5", "1", "80%", "4"]
