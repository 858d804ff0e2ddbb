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


@pytest.mark.parametrize("source", [
    "(" * 300 + ")" * 300,
    "[" * 1000,
    "-" * 5000 + "1",
    "not " * 3000 + "x",
    "x" + ".y" * 5000,
    "f(" * 300 + ")" * 300,
    "a = " * 2000 + "1",
    "if x:\n" + "".join("  " * i + "if x:\n" for i in range(1, 120)) + "  " * 120 + "pass\n",
    "'''" , "f'{", "f'{x:{y:{z}}}'", "\\", "x = \\", "\0", "\ufeffx = 1",
])
def test_pathological_inputs(source):
    _parse_ok(source)
