"""Find and run the reference CPython 3.12, the oracle for every behaviour.

The reference is `INNERPY_REFERENCE_PYTHON` if set, else pyenv's 3.12, else a
`python3.12` on PATH. Tests that need it skip, with this reason, when none is
found; they never fall back to a different version silently.
"""

import functools
import json
import os
import shutil
import subprocess
import sys

import pytest

NO_REFERENCE = "no CPython 3.12 found (set INNERPY_REFERENCE_PYTHON)"


@functools.lru_cache(maxsize=None)
def reference_python():
    """Path of a CPython 3.12 executable, or None."""
    candidates = []
    if os.environ.get("INNERPY_REFERENCE_PYTHON"):
        candidates.append(os.environ["INNERPY_REFERENCE_PYTHON"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            prefix = subprocess.run([pyenv, "prefix", "3.12.1"], capture_output=True,
                                    text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            prefix = ""
        if prefix:
            candidates.append(os.path.join(prefix, "bin", "python3.12"))
    candidates.append(shutil.which("python3.12") or "")
    for path in candidates:
        if path and os.path.exists(path) and _is_312(path):
            return path
    return None


def _is_312(path):
    try:
        out = subprocess.run([path, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return out.strip() == "(3, 12)"


def require_reference():
    """The reference interpreter's path; skips the calling test if there is none."""
    path = reference_python()
    if path is None:
        pytest.skip(NO_REFERENCE)
    return path


def host_is_312():
    return sys.version_info[:2] == (3, 12)


def reference_json(program):
    """Run `program` (which prints one JSON document) under CPython 3.12 and decode it."""
    path = require_reference()
    proc = subprocess.run([path, "-c", program], capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise AssertionError(f"reference CPython failed:\n{proc.stderr}")
    return json.loads(proc.stdout)
