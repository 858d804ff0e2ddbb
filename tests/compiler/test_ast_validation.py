"""compile() of malformed ASTs: the same exception type and message as CPython 3.12.

The trees are built with the `ast` module inside a CPython 3.12 subprocess,
compiled there, and shipped here as JSON for innerpy to compile.
"""

import json
import subprocess

import pytest

from tests.support.reference import require_reference
from tests.compiler.parity import AST_TO_JSON, decode_ast

from innerpy.compiler import compile as innerpy_compile

P = "lineno=1, col_offset=0, end_lineno=1, end_col_offset=1"
TREES = [
    f"Module([Expr(Name('x', Store(), {P}), {P})], [])",
    f"Module([Assign([Name('x', Load(), {P})], Constant(1, {P}), {P})], [])",
    f"Module([Assign([], Constant(1, {P}), {P})], [])",
    f"Module([FunctionDef('f', arguments([], [], None, [], [], None, []), [], [], None, {P})], [])",
    f"Module([Expr(BoolOp(And(), [Name('a', Load(), {P})], {P}), {P})], [])",
    f"Module([Expr(Compare(Name('a', Load(), {P}), [], [], {P}), {P})], [])",
    f"Module([Expr(Constant([1], {P}), {P})], [])",
    f"Module([Expr(Name('None', Load(), {P}), {P})], [])",
    f"Module([Expr(Dict([None, None], [Name('a', Load(), {P})], {P}), {P})], [])",
    f"Module([Raise(None, Name('a', Load(), {P}), {P})], [])",
    f"Module([Try([Pass({P})], [], [], [], {P})], [])",
    f"Module([ImportFrom('m', [alias('x', None, {P})], -1, {P})], [])",
    f"Module([Expr(ListComp(Name('a', Load(), {P}), [], {P}), {P})], [])",
    f"Module([Expr(Name('x', Load(), lineno=2, col_offset=0, end_lineno=1, end_col_offset=1), {P})], [])",
    f"Module([Expr(Name('x', Load(), lineno=1, col_offset=5, end_lineno=1, end_col_offset=1), {P})], [])",
    f"Module([Expr(Attribute(Constant(1, {P}), 'x', Store(), {P}), {P})], [])",
    f"Module([AnnAssign(Attribute(Name('a', Load(), {P}), 'x', Store(), {P}), Name('int', Load(), {P}), None, 1, {P})], [])",
    f"Module([Expr(Lambda(arguments([], [], None, [], [], None, [Constant(1, {P})]), Constant(1, {P}), {P}), {P})], [])",
    f"Module([Expr(NamedExpr(Attribute(Name('a', Load(), {P}), 'x', Store(), {P}), Constant(1, {P}), {P}), {P})], [])",
    "Module([Pass()], [])",
    f"Module([Expr({P})], [])",
    f"Module([Expr(value=Pass({P}), {P})], [])",
    f"Expression(Name('x', Load(), {P}))",
]

REFERENCE = AST_TO_JSON + r'''
import json, sys
from ast import *
out = []
for text in json.loads(sys.stdin.read()):
    tree = eval(text)
    try:
        compile(tree, "<v>", "eval" if isinstance(tree, Expression) else "exec")
        err = None
    except Exception as exc:
        err = [type(exc).__name__, str(exc)]
    out.append({"ast": enc(tree), "error": err})
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def reference():
    proc = subprocess.run([require_reference(), "-c", REFERENCE], input=json.dumps(TREES),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("index", range(len(TREES)), ids=[t[:60] for t in TREES])
def test_validation_matches(reference, index):
    ref = reference[index]
    tree = decode_ast(ref["ast"])
    mode = "eval" if type(tree).__name__ == "Expression" else "exec"
    try:
        innerpy_compile(tree, "<v>", mode)
        got = None
    except Exception as exc:
        got = [type(exc).__name__, str(exc)]
    if ref["error"] and ref["error"][0] == "TypeError" and got and got[0] == "TypeError" \
            and "expected some sort of" in ref["error"][1]:
        # the repr of the offending object differs between ast and innerpy nodes
        assert got[1].split(", but got")[0] == ref["error"][1].split(", but got")[0]
        return
    assert got == ref["error"]
