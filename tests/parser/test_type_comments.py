"""parse(..., type_comments=True): TYPE_COMMENT placement and TypeIgnore, as CPython 3.12."""

import json
import subprocess

import pytest

from innerpy.parser import dump, parse
from tests.support.reference import require_reference

SOURCES = [
    "x = 1  # type: int\n", "for x in y:  # type: int\n    pass\n", "with a as b:  # type: int\n    pass\n",
    "def f(a,  # type: int\n      b):\n    # type: (...) -> None\n    pass\n",
    "def f(): # type: () -> int\n    pass\n", "x = 1  # type: ignore[xx]\n# type: ignore\n",
    "# type: int\nx = 1\n", "x = 1 #type:int   \n", "f(x)  # type: int\n", "def f(a, # type: int\n):\n  pass",
    "async def f():\n    async for x in y: # type: int\n        pass\n", "x = 1 # type: ignore",
    "x = [1, # type: int\n 2]", "def f(a, b # type: int\n):\n  pass", "a = b = 1 # type: int",
    "x = 1  # type: ignoreme\n", "x = 1  # types: int\n", "with (a as b):  # type: int\n    pass\n",
]

_PROGRAM = r'''
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    try:
        out.append(["ok", ast.dump(ast.parse(src, type_comments=True), include_attributes=True)])
    except SyntaxError as e:
        out.append(["err", [e.msg, e.lineno, e.offset]])
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def reference():
    ref = require_reference()
    proc = subprocess.run([ref, "-c", _PROGRAM], input=json.dumps(SOURCES), capture_output=True, text=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("index", range(len(SOURCES)))
def test_type_comments_match(reference, index):
    try:
        got = ["ok", dump(parse(SOURCES[index], type_comments=True), include_attributes=True)]
    except SyntaxError as e:
        got = ["err", [e.msg, e.lineno, e.offset]]
    assert got == reference[index]
