"""A sample of CPython 3.12's own Lib, compiled by innerpy and by CPython: identical code objects.

Runs tools/compile_parity.py under the reference interpreter (innerpy is
pure Python, so it runs there too), once with CPython's AST and once with
innerpy's parser. The whole Lib is `tools/compile_parity.py` without arguments.
"""

import os
import re
import subprocess

import pytest

from tests.support.reference import require_reference

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = ["typing.py", "dataclasses.py", "enum.py", "functools.py", "contextlib.py",
          "_pydecimal.py", "collections/__init__.py", "asyncio/tasks.py", "test/test_patma.py",
          "test/test_type_params.py", "test/test_except_star.py", "test/test_grammar.py"]


@pytest.mark.parametrize("parser", ["host", "innerpy"])
def test_stdlib_sample_is_identical(parser):
    python = require_reference()
    libdir = subprocess.run([python, "-c", "import os; print(os.path.dirname(os.__file__))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    files = [os.path.join(libdir, f) for f in SAMPLE if os.path.exists(os.path.join(libdir, f))]
    proc = subprocess.run([python, os.path.join(ROOT, "tools", "compile_parity.py"),
                           "--parser", parser, "-v", *files],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    match = re.search(r"code objects: (\d+)/(\d+) identical", proc.stdout)
    assert match, proc.stdout
    assert match.group(1) == match.group(2), proc.stdout
