"""A script run by path is read as CPython's file tokenizer reads it: without
an encoding declaration, a byte that is not UTF-8 anywhere (a comment too)
is a SyntaxError naming the file and line."""

import pytest

from tests.support.differential import run_innerpy, run_reference

SCRIPTS = [
    b"\x89",
    b"x = 1\n\x89\n",
    b"# comment \x89\nprint('unreached')\n",
    b"# coding: latin-1\nprint('\x89')\n",
    b"\xef\xbb\xbfprint('bom')\n# \x89\n",
    b"print('fine')\n",
]


@pytest.mark.parametrize("index", range(len(SCRIPTS)))
def test_script_bytes_match_cpython(tmp_path, index):
    path = tmp_path / "script.py"
    path.write_bytes(SCRIPTS[index])
    expected = run_reference(path=str(path))
    actual = run_innerpy(path=str(path))
    assert (actual.returncode, actual.stdout, actual.stderr) == \
        (expected.returncode, expected.stdout, expected.stderr)
