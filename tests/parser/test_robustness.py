"""Parsing arbitrary input raises only SyntaxError/ValueError, never an internal error."""

import pytest

from innerpy.parser import parse

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis not installed")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


def _parse_ok(source):
    try:
        parse(source)
    except (SyntaxError, ValueError):
        pass


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(list("()[]{}:;,.=+-*/%@<>!&|^~'\"\\#\n\t fxb0123ajiklmnoqr_")
                                + ["if ", "else ", "for ", "in ", "lambda ", "def ", "match ",
                                   "case ", "    ", "f'", "{x}", "yield ", "await ", "*"]),
                max_size=40).map("".join))
def test_random_token_soup(source):
    _parse_ok(source)


def test_hypothesmith_programs():
    hypothesmith = pytest.importorskip("hypothesmith", reason="hypothesmith not installed")

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_grammar())
    def check(source):
        _parse_ok(source)

    check()


PATHOLOGICAL = [
    "(" * 199 + ")" * 199,
    "[" * 201,
    "-" * 2993 + "1",
    "-" * 2994 + "1",
    "not " * 3000 + "x",
    "x" + ".y" * 5000,
    "x" + "[0]" * 2993,
    "f(" * 150 + ")" * 150,
    "lambda: " * 2985 + "1",
    "+".join(["1"] * 20000),
    "a = " * 2000 + "1",
    "if x:\n" + "".join("  " * i + "if x:\n" for i in range(1, 99)) + "  " * 99 + "pass\n",
    "if x:\n" + "".join(" " * i + "if x:\n" for i in range(1, 100)) + " " * 100 + "pass\n",
    "'''", "f'{", "f'{x:{y:{z}}}'", "\\", "x = \\", "\0", "\ufeffx = 1",
    "[" * 100 + "]" * 100 + "\nx = (",
]


@pytest.fixture(scope="module")
def pathological_reference():
    from tests.parser.reference_ast import reference_results
    return reference_results([(src, "exec") for src in PATHOLOGICAL])


@pytest.mark.parametrize("index", range(len(PATHOLOGICAL)))
def test_pathological_inputs_like_cpython(pathological_reference, index):
    """Deep nesting hits the same limit, with the same exception, as CPython 3.12."""
    from tests.parser.reference_ast import innerpy_result
    assert innerpy_result(PATHOLOGICAL[index]) == pathological_reference[index]
