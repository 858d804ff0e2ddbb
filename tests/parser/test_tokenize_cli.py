"""innerpy.parser.tokenize_main prints what `python3.12 -m tokenize FILE` prints."""

import contextlib
import io
import os
import subprocess
import tempfile

import pytest

from innerpy.parser import tokenize_main
from tests.support.reference import require_reference

SOURCES = [
    'x = f"a{{b}}c{d!r:>{w}}" rb"x"\ndef f():\n    pass  # c\n\n(1,\n 2)\nif x:\n\ty\n',
    "x = (1,\n",
    "x = 1\n  y\n",
    'x = """abc\n',
    "if x:\n    y\n  z\n",
    "x = 0777 + 1abc + 0b12\n",
    "x = `a` $ ?\n\u20ac = 1\n",
    "s = '''a\n\u00e9\u00e9'''; t = f'{x!r:}' f'\\N{BULLET}z'\n",
    "# coding: latin-1\nx = 1 <> 2\n",
    "x = 1",
    "",
    'x = 1\r\nif x:\r\n    y = (1,\r\n 2)\r\n\r\n# c\r\nz = """a\r\nb"""\r\n',
]


def _run_mine(path, exact=False):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = tokenize_main.main((["-e"] if exact else []) + [path])
    return out.getvalue(), err.getvalue(), rc


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("index", range(len(SOURCES)))
def test_tokenize_cli_matches_312(index, exact):
    ref = require_reference()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "t.py")
        with open(path, "w", encoding="latin-1" if "latin-1" in SOURCES[index] else "utf-8",
                  newline="") as f:
            f.write(SOURCES[index])
        proc = subprocess.run([ref, "-m", "tokenize"] + (["-e"] if exact else []) + [path],
                              capture_output=True, text=True)
        assert _run_mine(path, exact) == (proc.stdout, proc.stderr, proc.returncode)
