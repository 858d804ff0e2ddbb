"""Differential tests: innerpy.parse vs CPython 3.12's ast.parse, trees and errors.

Each data file holds snippets separated by a line "#----".  All snippets of
a file go to the reference CPython in one subprocess.
"""

import os

import pytest

from tests.parser.reference_ast import innerpy_result, load_cases, reference_results

HERE = os.path.dirname(__file__)
VALID = load_cases(os.path.join(HERE, "data", "valid.txt"))
ERRORS = load_cases(os.path.join(HERE, "data", "errors.txt"))
# The SyntaxError examples of CPython 3.12's Lib/test/test_syntax.py doctests.
SYNTAX_DOCTESTS = load_cases(os.path.join(HERE, "data", "syntax_doctests.txt"))
# f-string errors from Lib/test/test_fstring.py, offsets from Lib/test/test_exceptions.py.
FSTRING_ERRORS = load_cases(os.path.join(HERE, "data", "fstring_errors.txt"))
EXCEPTION_OFFSETS = load_cases(os.path.join(HERE, "data", "exceptions_offsets.txt"))
_TEXT = "SyntaxError.text differs: CPython strips the newline when its tokenizer has read past the error line"
_UNICODE_POS = "f-string \\N escape errors: CPython reports the position inside the FSTRING_MIDDLE token"
KNOWN_DIFFERENCES = {
    "f'\\N'": _UNICODE_POS,
    "f'\\N '": _UNICODE_POS,
    "f'\\N  '": _UNICODE_POS,
    "f'\\N{'": _UNICODE_POS,
    "f'\\N{GREEK CAPITAL LETTER DELTA'": _UNICODE_POS,
    "f'{1, lambda:x}'": 'lambda after other elements of an f-string field is not detected',
    '"\\\n"(1 for c in I,\\\n\\': 'backslash continuation at EOF inside brackets',
    '[file for str(file) in []\n]': _TEXT,
    '[\nfile\nfor str(file)\nin\n[]\n]': _TEXT,
    '[file for\n str(file) in []]': _TEXT,
    "f'''\n            {\n            (123_a)\n            }'''": _TEXT,
    'f\'\'\'\n            {\n            f"""\n            {\n            (123_a)\n            }\n            """\n            }\'\'\'': _TEXT,
    'f"""\n\n\n            {\n            6\n            0="""': 'comma hint inside a multi-line f-string field',
    "dict(x=34, (x for x in range 10), 1); x $ y":
        "CPython reports the furthest token its first pass reached; we report where the second error is",
}

import json  # noqa: E402

EXTRA = [tuple(c) for c in json.load(open(os.path.join(HERE, "data", "modes_and_edge_cases.json"), encoding="utf-8"))]
EXTRA += [
    ("x + 1", "eval"),
    ("\n\n(a,\n b)\n", "eval"),
    ("x = 1\n", "single"),
    ("if x:\n    pass\n\n", "single"),
    ("(int, str) -> None", "func_type"),
    ("(*int) -> None", "func_type"),
    (b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", "exec"),
    (b"\xef\xbb\xbfx = 1\n", "exec"),
    (b"x = '\xc3\xa9'\n", "exec"),
    ("x = 1\r\ny = 2\r\n", "exec"),
    ("x = 1 \\\n  + 2\n", "exec"),
    ("def f():\n\tif x:\n\t\treturn 1\n", "exec"),
    ("class A:\n  def f(self): pass\n\n  # comment\n  x = 1\n", "exec"),
    ("ﬁ = 1\nµ = 2\n", "exec"),
    # undecodable UTF-8: fine in comments, an error in names and string literals
    (b"x = 1 # \xf6\n", "exec"),
    (b"\xf6 = 1\n", "exec"),
    (b"x\xf6 = 1\n", "exec"),
    (b'x = "b\xf6se"\n', "exec"),
    (b'x = "\xc3\xa9\xf6"\n', "exec"),
    (b'x = b"\xf6"\n', "exec"),
    (b'x = 1\ny = "\xf6"\n', "exec"),
]


def _nested_fstrings(depth):
    return "1+1" if depth == 0 else 'f"{' + _nested_fstrings(depth - 1) + '}"'


# The tokenizer's f-string mode stack: 149 f-strings can nest, not 150.
EXTRA += [(_nested_fstrings(149), "eval"), (_nested_fstrings(150), "eval")]


@pytest.fixture(scope="module")
def reference():
    cases = ([(src, "exec") for src in VALID + ERRORS] + EXTRA
             + [(src, "exec") for src in SYNTAX_DOCTESTS + FSTRING_ERRORS + EXCEPTION_OFFSETS])
    return dict(zip(range(len(cases)), reference_results(cases))), cases


def _check(reference, index):
    results, cases = reference
    src, mode = cases[index]
    expected = results[index]
    actual = innerpy_result(src, mode)
    assert actual == expected, f"source {src!r}"


@pytest.mark.parametrize("index", range(len(VALID)))
def test_valid_snippets(reference, index):
    _check(reference, index)


@pytest.mark.parametrize("index", range(len(VALID), len(VALID) + len(ERRORS)))
def test_error_snippets(reference, index):
    _check(reference, index)


@pytest.mark.parametrize("index", range(len(VALID) + len(ERRORS), len(VALID) + len(ERRORS) + len(EXTRA)))
def test_modes_and_encodings(reference, index):
    _check(reference, index)


def test_never_uses_host_front_end():
    import innerpy.parser.parser as p
    import innerpy.parser.tokenizer as t
    for mod in (p, t):
        src = open(mod.__file__, encoding="utf-8").read()
        imports = [ln.strip() for ln in src.splitlines() if ln.strip().startswith(("import ", "from "))]
        for line in imports:
            for banned in ("ast", "tokenize", "token", "builtins"):
                assert banned not in line.replace(",", " ").split(), (mod.__name__, line)


_DOCTEST_BASE = len(VALID) + len(ERRORS) + len(EXTRA)


@pytest.mark.parametrize("index", range(_DOCTEST_BASE, _DOCTEST_BASE + len(SYNTAX_DOCTESTS)))
def test_cpython_test_syntax_examples(reference, index):
    src = SYNTAX_DOCTESTS[index - _DOCTEST_BASE]
    if src in KNOWN_DIFFERENCES:
        pytest.xfail(KNOWN_DIFFERENCES[src])
    _check(reference, index)


_FS_BASE = _DOCTEST_BASE + len(SYNTAX_DOCTESTS)
_EXC_BASE = _FS_BASE + len(FSTRING_ERRORS)


@pytest.mark.parametrize("index", range(_FS_BASE, _EXC_BASE + len(EXCEPTION_OFFSETS)))
def test_cpython_fstring_and_offset_examples(reference, index):
    src = (FSTRING_ERRORS + EXCEPTION_OFFSETS)[index - _FS_BASE]
    if src in KNOWN_DIFFERENCES:
        pytest.xfail(KNOWN_DIFFERENCES[src])
    _check(reference, index)
