"""Find and run the reference CPython 3.12, the oracle for every behaviour.

The reference is `INNERPY_REFERENCE_PYTHON` if set, else pyenv's 3.12, else a
`python3.12` on PATH. Tests that need it skip, with this reason, when none is
found; they never fall back to a different version silently.
"""

import json
import subprocess
import sys

import pytest

from innerpy.reference import reference_python  # noqa: F401  (re-exported for tests)

NO_REFERENCE = "no CPython 3.12 found (set INNERPY_REFERENCE_PYTHON)"


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
