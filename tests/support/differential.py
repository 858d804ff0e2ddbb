"""Run one program under innerpy and under CPython 3.12 and compare them.

The comparison covers what a user sees: stdout, stderr (tracebacks
included) and the exit code. Both interpreters run the same file at the same
path, so file names in tracebacks agree. On a mismatch the assertion message
shows both sides and innerpy's disassembly of the program, byterun-style, so
the failing instruction is easy to find.
"""

import dataclasses
import hashlib
import os
import subprocess
import sys
import tempfile
import textwrap

from .reference import require_reference

INNERPY = [sys.executable, "-m", "innerpy"]


@dataclasses.dataclass
class Outcome:
    stdout: str
    stderr: str
    returncode: int


def run_innerpy(source=None, *, args=(), options=(), stdin=None, path=None, env=None, timeout=120):
    """Run innerpy on `source` (written to a temp file) or on `path`."""
    return _run(INNERPY, source, args, options, stdin, path, env, timeout)


def run_reference(source=None, *, args=(), options=(), stdin=None, path=None, env=None, timeout=120):
    return _run([require_reference()], source, args, options, stdin, path, env, timeout)


def _program_dir(source):
    """A directory named after the program's text, so both interpreters run it at one path."""
    digest = hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"innerpy-diff-{digest}")
    os.makedirs(path, exist_ok=True)
    return path


def _run(command, source, args, options, stdin, path, env, timeout):
    if path is None:
        tmp = _program_dir(source)
        path = os.path.join(tmp, "prog.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
    else:
        tmp = os.path.dirname(os.path.abspath(path))
    full_env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    full_env.pop("PYTHONPATH", None)
    full_env.update(env or {})
    proc = subprocess.run([*command, *options, path, *args], input=stdin,
                          capture_output=True, text=True, timeout=timeout,
                          env=full_env, cwd=tmp)
    return Outcome(proc.stdout, proc.stderr, proc.returncode)


def assert_same(source, *, args=(), stdin=None, options=()):
    """Assert innerpy and CPython 3.12 print the same and exit alike."""
    source = textwrap.dedent(source)
    expected = run_reference(source, args=args, stdin=stdin, options=options)
    actual = run_innerpy(source, args=args, stdin=stdin, options=options)
    if actual != expected:
        raise AssertionError(
            "innerpy and CPython 3.12 differ\n"
            f"--- program\n{source}\n"
            f"--- CPython 3.12 (exit {expected.returncode})\n{expected.stdout}{expected.stderr}\n"
            f"--- innerpy (exit {actual.returncode})\n{actual.stdout}{actual.stderr}\n"
            f"--- innerpy disassembly\n{_disassembly(source)}"
        )
    return actual


def _disassembly(source):
    try:
        from innerpy.compiler import compile as innerpy_compile
        from innerpy.dis import dis
        import io
        out = io.StringIO()
        dis(innerpy_compile(source, "prog.py", "exec"), file=out)
        return out.getvalue()
    except Exception as exc:  # the disassembly is a debugging aid; never mask the real failure
        return f"(no disassembly: {type(exc).__name__}: {exc})"
