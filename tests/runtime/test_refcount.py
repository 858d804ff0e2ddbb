"""Reference counts and immortal objects (PEP 683) as the guest sees them,
on every host: the figures are CPython 3.12's (checked on 3.12.1), and the
differential test compares a wider set with a CPython 3.12 when there is one."""

import os
import textwrap

import pytest

from innerpy.runtime import refcount
from tests.support.differential import assert_same, run_innerpy

IMMORTAL = 4294967295

COUNTS = """
import sys
from sys import getrefcount as grc
out = []
def rec(name, value):
    out.append(f"{name}={value}")
class C:
    def __init__(self):
        self.attr = object()
    def method(self):
        return sys.getrefcount(self)
def f(a):
    x = object()
    rec("local", sys.getrefcount(x))
    rec("fresh", sys.getrefcount(object()))
    rec("from-import", grc(x))
    rec("param", sys.getrefcount(a))
    l = [x, x]
    rec("list2", sys.getrefcount(x))
    d = {"k": x}
    rec("dict", sys.getrefcount(x))
    t = (x,)
    rec("star", sys.getrefcount(*t))
    c = C()
    rec("attr", sys.getrefcount(c.attr))
    rec("instance", sys.getrefcount(c))
    rec("self", c.method())
    rec("list", sys.getrefcount([]))
    y = x
    rec("two-locals", sys.getrefcount(y))
    del y, l, d, t
    rec("back", sys.getrefcount(x))
    def inner():
        return sys.getrefcount(x)
    rec("cell", inner())
    rec("generator", sys.getrefcount((i for i in ())))
    rec("lambda", (lambda o: sys.getrefcount(o))(x))
f(object())
g = object()
rec("global", sys.getrefcount(g))
print(" ".join(out))
"""

EXPECTED_COUNTS = ("local=2 fresh=1 from-import=2 param=2 list2=4 dict=5 star=5 attr=2 "
                   "instance=2 self=3 list=1 two-locals=7 back=2 cell=2 generator=1 lambda=3 global=2")

IMMORTALS = """
import sys
def f(): pass
def g(): yield
values = {
    "None": None, "True": True, "False": False, "Ellipsis": ..., "NotImplemented": NotImplemented,
    "-5": -5, "0": 0, "256": 256, "()": (), "''": "", "b''": b"", "'a'": "a", "latin1": "\\xe9",
    "b'x'": b"x", "int": int, "type": type, "object": object, "identifier": "__name__",
    "interned": sys.intern("never" + str(len(sys.argv)) + "interned"),
    "function-type": type(f), "generator-type": type(g()), "code-type": type(f.__code__),
}
mortal = {
    "257": 257, "-6": -6, "built": "ab" + str(len(sys.argv)), "frozenset": frozenset(),
    "module": sys, "class": type("K", (), {}), "function": f, "list": [],
}
print(sorted(k for k, v in values.items() if sys.getrefcount(v) != 4294967295))
print(sorted(k for k, v in mortal.items() if sys.getrefcount(v) == 4294967295))
# list(IMMORTALS) * 42 and n = None do not move the counts (test_builtin, test_sys)
IMMORTALS = (None, True, False, Ellipsis, NotImplemented, *range(-5, 257))
refs = list(IMMORTALS) * 42
c = sys.getrefcount(None)
n = None
print(all(sys.getrefcount(i) == 4294967295 for i in IMMORTALS), sys.getrefcount(None) == c)
try:
    sys.getrefcount()
except TypeError as e:
    print(e)
try:
    sys.intern(5)
except TypeError as e:
    print(e)
s = "".join(["some", "thing", "new"])
print(sys.intern(s) is s, sys.intern("".join(["some", "thing", "new"])) is s)
"""

STRING_CONSTANTS = """
import sys
IMMORTAL = 4294967295
def consts():
    return ("plain_ident", ("nested_ident", ("deeper_ident",)), "",
            "with space", "dash-ed", "\\xe9t\\xe9", "caf\\xe9_ident")
def member(x):
    return x in {"set_member_one", "set_member_two"}
flat = consts()
rows = [flat[0], flat[1][0], flat[1][1][0], *flat[2:]]
print([sys.getrefcount(s) == IMMORTAL for s in rows])
fs = member.__code__.co_consts[-1]
print(type(fs).__name__, all(sys.getrefcount(s) == IMMORTAL for s in fs))
print(sys.intern("".join(["plain", "_ident"])) is flat[0])
code = compile("'made_at_run_time', 'not made ' + 'so'", "<s>", "eval")
made = eval(code)
print(sys.getrefcount(made[0]) == IMMORTAL, sys.getrefcount(made[1]) == IMMORTAL)
print(sys.getrefcount(member.__code__.co_varnames[0]) == IMMORTAL,
      sys.getrefcount(consts.__code__.co_name) == IMMORTAL)
"""

FINALISATION = """
import gc, sys, weakref
gc.disable()
class D:
    def __del__(self):
        print("del D")
def g():
    d = D()
    try:
        yield 1
        yield 2
    finally:
        print("finally")
it = g()
print(next(it))
del it
print("dropped suspended")
it = g()
del it
print("dropped unstarted")
print(list(g()))
r = weakref.ref(g(), lambda r: print("callback"))
print("weakref")
def h():
    x = yield from g()
    return x
print(list(h()))
class Cycle:
    def __del__(self):
        print("cycle collected")
a = Cycle(); a.me = a; del a
print("before collect")
print(gc.collect() > 0)
"""

EXPECTED_FINALISATION = """\
1
finally
del D
dropped suspended
dropped unstarted
finally
del D
[1, 2]
callback
weakref
finally
del D
[1, 2]
before collect
cycle collected
True
"""


def _run(source):
    outcome = run_innerpy(textwrap.dedent(source))
    assert outcome.returncode == 0, outcome.stderr
    return outcome.stdout


def test_mortal_counts_are_cpython_312s():
    assert _run(COUNTS).strip() == EXPECTED_COUNTS


def test_immortal_objects_report_the_immortal_count():
    lines = _run(IMMORTALS).splitlines()
    assert lines == [
        "[]", "[]", "True True",
        "sys.getrefcount() takes exactly one argument (0 given)",
        "intern() argument must be str, not int",
        "True True",
    ]


def test_generators_and_cycles_are_finalised_as_on_cpython():
    assert _run(FINALISATION) == EXPECTED_FINALISATION


def test_identifier_constants_are_interned_and_immortal():
    assert _run(STRING_CONSTANTS).splitlines() == [
        "[True, True, True, True, False, False, False, False]",
        "frozenset True", "True", "True False", "True True"]


def test_interning_survives_the_bytecode_cache(tmp_path):
    from innerpy.runtime import bytecode_cache
    from innerpy.runtime.importer import SourceLoader

    class Interp:
        class sys:
            dont_write_bytecode = False

    source = tmp_path / "mod.py"
    source.write_text("VALUE = ('cached_identifier_constant', 'not an identifier')\n")
    first = SourceLoader("mod", str(source), Interp()).get_code("mod")
    assert os.path.exists(bytecode_cache.cache_path(str(source)))
    second = SourceLoader("mod", str(source), Interp()).get_code("mod")
    assert second is not first
    ident, other = next(c for c in second.co_consts if type(c) is tuple)
    first_ident, first_other = next(c for c in first.co_consts if type(c) is tuple)
    assert ident is first_ident and refcount.is_immortal(ident)
    assert other is not first_other and not refcount.is_immortal(other)


@pytest.mark.parametrize("program", [COUNTS, IMMORTALS, STRING_CONSTANTS, FINALISATION],
                         ids=["counts", "immortals", "string-constants", "finalisation"])
def test_same_as_cpython_312(program):
    assert_same(program)


def test_is_immortal_in_process():
    assert refcount.is_immortal(None) and refcount.is_immortal(256) and refcount.is_immortal(int)
    assert not refcount.is_immortal(257) and not refcount.is_immortal(object())
    assert not refcount.is_immortal(type("K", (), {}))
    built = "".join(["refcount", "_test", "_string"])
    assert not refcount.is_immortal(built)
    assert refcount.intern(built) is built and refcount.is_immortal(built)
