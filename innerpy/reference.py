"""Finding the CPython 3.12 that innerpy is compared with.

The reference is `INNERPY_REFERENCE_PYTHON` if set, else pyenv's 3.12.1,
else a `python3.12` on PATH -- and only ever an interpreter that really is
3.12. The conformance runner, the benchmark runner and the tests all use it.
"""

import functools
import os
import shutil
import subprocess


@functools.lru_cache(maxsize=None)
def reference_python():
    """Path of a CPython 3.12 executable, or None."""
    candidates = [os.environ.get("INNERPY_REFERENCE_PYTHON", "")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            prefix = subprocess.run([pyenv, "prefix", "3.12.1"], capture_output=True,
                                    text=True, timeout=60).stdout.strip()
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
