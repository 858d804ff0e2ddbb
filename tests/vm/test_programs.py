"""Whole programs under innerpy and under CPython 3.12: same stdout, stderr and exit code.

Each file in `programs/` exercises one area of the language through the
whole pipeline (parse, compile, run). Add a program when a feature lands.
"""

import pathlib

import pytest

from tests.support.differential import run_innerpy, run_reference

PROGRAMS = sorted((pathlib.Path(__file__).parent / "programs").glob("*.py"))


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program_matches_cpython(program):
    source = program.read_text(encoding="utf-8")
    expected = run_reference(source, args=["first", "second"])
    actual = run_innerpy(source, args=["first", "second"])
    assert actual.stdout == expected.stdout
    assert actual.stderr == expected.stderr
    assert actual.returncode == expected.returncode
