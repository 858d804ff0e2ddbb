"""innerpy.symtable against CPython 3.12's symtable module, table by table, symbol by symbol."""

import json
import subprocess

import pytest

from tests.support.reference import require_reference
from tests.compiler.parity import AST_TO_JSON, decode_ast

import innerpy.symtable as isymtable

SOURCES = [
    "x = 1\ndef f(a, *b, c=1, **d):\n    global g\n    e = a\n    def h():\n        nonlocal e\n        return e + x\n    return h",
    "class C(B):\n    y: int = 2\n    def m(self):\n        return super().m(__class__)\n    [z for z in range(3)]",
    "import os.path as p, sys\nfrom m import a as b\nlambda q: q\n(g for g in range(3))",
    "def f[T: int](x: T) -> T:\n    return [x for _ in T]\nclass K[U]:\n    type A[V] = list[U | V]",
    "def outer():\n    v = 1\n    return [lambda: v + w for w in range(2)]",
    "def top(a):\n    return a",
]

DUMP = r'''
def dump(t):
    syms = []
    for name in sorted(t.get_identifiers()):
        s = t.lookup(name)
        syms.append([name, s.is_referenced(), s.is_parameter(), s.is_global(), s.is_nonlocal(),
                     s.is_declared_global(), s.is_local(), s.is_annotated(), s.is_free(),
                     s.is_imported(), s.is_assigned(), s.is_namespace(), len(s.get_namespaces())])
    extra = {}
    if t.get_type() == "function":
        extra = {k: sorted(getattr(t, k)()) for k in ("get_parameters", "get_locals", "get_globals",
                                                     "get_nonlocals", "get_frees")}
    if t.get_type() == "class":
        extra = {"get_methods": sorted(t.get_methods())}
    return {"type": t.get_type(), "name": t.get_name(), "lineno": t.get_lineno(),
            "optimized": t.is_optimized(), "nested": t.is_nested(), "repr": repr(t).split(" at ")[0],
            "symbols": syms, "extra": extra, "children": [dump(c) for c in t.get_children()]}
'''

REFERENCE = AST_TO_JSON + DUMP + r'''
import json, sys, symtable
out = []
for src in json.loads(sys.stdin.read()):
    out.append({"ast": enc(ast.parse(src, "<st>")), "table": dump(symtable.symtable(src, "<st>", "exec"))})
print(json.dumps(out))
'''

namespace = {}
exec(DUMP, namespace)
dump = namespace["dump"]


@pytest.fixture(scope="module")
def reference():
    proc = subprocess.run([require_reference(), "-c", REFERENCE], input=json.dumps(SOURCES),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("index", range(len(SOURCES)))
def test_symtable_matches(reference, index):
    ref = reference[index]
    table = isymtable.symtable(decode_ast(ref["ast"]), "<st>", "exec")
    assert dump(table) == ref["table"]
