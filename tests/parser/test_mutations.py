"""Mutated stdlib snippets: innerpy must fail (or succeed) the way CPython 3.12 does.

Chunks of CPython's own Lib get a few random insertions/deletions (fixed
seed, so the cases are stable); every case is compared with CPython 3.12.
A handful of error *locations* legitimately differ (CPython reports the
furthest token its first parsing pass read), so the test asserts rates:
the outcome (tree, or exception type and message) must match for at least
98% of the cases, and nothing may escape as an internal error.
"""

import os
import random
import subprocess

import pytest

from tests.parser.reference_ast import innerpy_result, reference_results
from tests.support.reference import require_reference

FILES = ["typing.py", "argparse.py", "dataclasses.py", "enum.py", "test/test_grammar.py",
         "test/test_fstring.py", "test/test_patma.py", "asyncio/tasks.py"]
PIECES = ["(", ")", "[", "]", "{", "}", ":", ",", "=", "*", "**", "if", "else", "lambda", "for", "in",
          "def", "class", '"', "'", 'f"', "{x}", "\n", "    ", "\\", "#", "yield", "await", "async",
          "match", "case", ".", ";", "@", "->", ":=", "not", "is", "0x", "1_", "\u00e9", "\t"]


def _cases(lib, n=400, seed=1):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        with open(os.path.join(lib, rng.choice(FILES)), encoding="utf-8") as f:
            lines = f.read().split("\n")
        a = rng.randrange(len(lines))
        chunk = list("\n".join(lines[a:a + rng.randint(1, 30)]))
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(chunk) + 1)
            if rng.random() < 0.4 and chunk:
                del chunk[pos:pos + rng.randint(1, 3)]
            else:
                chunk[pos:pos] = list(rng.choice(PIECES))
        out.append("".join(chunk))
    return out


def test_mutated_stdlib_snippets_match_cpython():
    ref = require_reference()
    lib = subprocess.run([ref, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                         capture_output=True, text=True).stdout.strip()
    if not os.path.exists(os.path.join(lib, "typing.py")):
        pytest.skip("reference CPython has no Lib sources")
    cases = _cases(lib)
    expected = reference_results([(c, "exec") for c in cases])
    same_outcome = 0
    mismatches = []
    for src, exp in zip(cases, expected):
        got = innerpy_result(src)
        assert got[0] in ("ok", "err", "exc")
        if got[0] == exp[0] and (got[0] == "ok" and got == exp or got[0] != "ok" and got[1][:2] == exp[1][:2]):
            same_outcome += 1
        else:
            mismatches.append((src, exp, got))
    rate = same_outcome / len(cases)
    assert rate >= 0.98, f"{rate:.1%} same outcome; first mismatches: {mismatches[:3]}"
