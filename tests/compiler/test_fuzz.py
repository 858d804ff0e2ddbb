"""Random programs (hypothesmith) compiled by innerpy and by CPython 3.12: identical code objects.

Needs a 3.12 host (the host compiler is the oracle in-process) and hypothesmith.
"""

import sys
import warnings

import pytest

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 12),
                                reason="the in-process oracle needs a CPython 3.12 host")

hypothesmith = pytest.importorskip("hypothesmith")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from innerpy.compiler import compile as innerpy_compile  # noqa: E402
from tests.compiler.parity import describe, diff  # noqa: E402

REJECTED = (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError)


def _check(src):
    import ast
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = compile(src, "<fuzz>", "exec")
        except REJECTED:
            with pytest.raises(REJECTED):
                innerpy_compile(ast.parse(src), "<fuzz>", "exec")
            return
        actual = innerpy_compile(ast.parse(src), "<fuzz>", "exec")
    differences = diff(describe(expected), describe(actual))
    assert not differences, src + "\n" + "\n".join(differences)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_random_programs_from_grammar(src):
    _check(src)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_node())
def test_random_programs_from_ast(src):
    _check(src)
