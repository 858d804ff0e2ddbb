"""innerpy's compiler against CPython 3.12: identical code objects, identical SyntaxErrors.

The reference AST and code objects come from the host on a 3.12 host, and
from a CPython 3.12 subprocess elsewhere (ASTs travel as JSON and are rebuilt
as plain objects named like the AST classes), so these tests exercise the
compiler on every host without needing innerpy's parser.
"""

import functools
import json
import os
import subprocess

import pytest

from tests.support.reference import require_reference
from tests.compiler import corpus
from tests.compiler.parity import REFERENCE_PROGRAM, decode_ast, describe, diff, mode_flags

from innerpy.compiler import compile as innerpy_compile

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = ([(src, "exec") for src in corpus.SNIPPETS]
         + [(src, "eval") for src in corpus.EVAL_SNIPPETS]
         + [(src, "single") for src in corpus.SINGLE_SNIPPETS]
         + [(src, "exec-tla") for src in corpus.TOP_LEVEL_AWAIT_SNIPPETS]
         + [(src, "exec-werror") for src in corpus.WARNINGS]
         + [(src, "exec-ann") for src in corpus.ANNOTATIONS_FLAG_SNIPPETS]
         + [(src, "exec") for src in corpus.ERRORS])


@functools.lru_cache(maxsize=None)
def reference_results():
    """One 3.12 run for the whole corpus: {(src, mode): {"ast":..., "code":...} or {"error":...}}."""
    path = require_reference()
    program = REFERENCE_PROGRAM % {"tests_dir": HERE}
    proc = subprocess.run([path, "-c", program], input=json.dumps(CASES), capture_output=True,
                          text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"reference CPython failed:\n{proc.stderr}")
    return dict(zip(CASES, json.loads(proc.stdout)))


def compile_reference_ast(src, mode):
    ref = reference_results()[(src, mode)]
    if "error" in ref and "ast" not in ref:
        return ref, None
    return ref, decode_ast(ref["ast"])


def _ids(cases):
    return [f"{mode}:{src[:40]!r}" for src, mode in cases]


PARITY = [c for c in CASES if c[0] not in corpus.ERRORS and not c[1].endswith("-werror")]
PARSER_PARITY = [c for c in PARITY if "-" not in c[1]]


@pytest.mark.parametrize("src,mode", PARITY, ids=_ids(PARITY))
def test_code_object_parity(src, mode):
    ref, tree = compile_reference_ast(src, mode)
    assert "code" in ref, ref
    flags = mode_flags(mode)
    actual = describe(innerpy_compile(tree, "<parity>", mode.split("-")[0], flags))
    differences = diff(ref["code"], actual)
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("src", corpus.ERRORS, ids=_ids([(s, "exec") for s in corpus.ERRORS]))
def test_syntax_error_parity(src):
    reference = reference_results()[(src, "exec")]
    if "ast" not in reference:
        pytest.skip("the parser rejects this source; a parser test covers it")
    tree = decode_ast(reference["ast"])
    name, msg, lineno, offset, end_lineno, end_offset = reference["error"]
    with pytest.raises(SyntaxError) as info:
        innerpy_compile(tree, "<parity>", "exec")
    exc = info.value
    assert (type(exc).__name__, exc.msg, exc.lineno, exc.offset, exc.end_lineno, exc.end_offset) == \
        (name, msg, lineno, offset, end_lineno, end_offset)


def _innerpy_parser_or_skip(src, mode):
    try:
        from innerpy.parser import parse
        return parse(src, "<parity>", mode)
    except (ImportError, NotImplementedError) as exc:
        pytest.skip(f"innerpy's parser is not available yet: {exc}")


@pytest.mark.parametrize("src,mode", PARSER_PARITY, ids=_ids(PARSER_PARITY))
def test_parity_through_innerpy_parser(src, mode):
    ref = reference_results()[(src, mode)]
    _innerpy_parser_or_skip(src, mode)
    actual = describe(innerpy_compile(src, "<parity>", mode))
    differences = diff(ref["code"], actual)
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("src", corpus.WARNINGS, ids=_ids([(s, "exec") for s in corpus.WARNINGS]))
def test_syntax_warning_parity(src):
    import warnings
    reference = reference_results()[(src, "exec-werror")]
    tree = decode_ast(reference["ast"])
    name, msg, lineno, offset, end_lineno, end_offset = reference["error"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(SyntaxError) as info:
            innerpy_compile(tree, "<parity>", "exec")
    exc = info.value
    assert (type(exc).__name__, exc.msg, exc.lineno, exc.offset, exc.end_lineno, exc.end_offset) == \
        (name, msg, lineno, offset, end_lineno, end_offset)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        innerpy_compile(tree, "<parity>", "exec")
    assert [str(w.message) for w in caught] == [msg]
