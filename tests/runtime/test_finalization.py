"""Guest code that runs while things are torn down: a guest __repr__ called
for gc.garbage as the host shuts down (nothing may be imported then), and
a function the collector has already cleared."""

import re

from tests.support.differential import run_innerpy, run_reference

GARBAGE_AT_SHUTDOWN = """
import gc
import _testcapi
@_testcapi.with_tp_del
class X:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return "<X %r>" % self.name
    def __tp_del__(self):
        pass
x = X('first')
x.x = x
x.y = X('second')
del x
gc.set_debug(gc.DEBUG_UNCOLLECTABLE)
"""


def test_garbage_at_shutdown_is_printed_with_guest_reprs():
    """test_gc's test_garbage_at_shutdown: the guest's __repr__ of each
    uncollectable object runs while the host finalizes; its code object was
    never decoded before, so decoding must not import."""
    mine = run_innerpy(GARBAGE_AT_SHUTDOWN, options=["-Wd"])
    theirs = run_reference(GARBAGE_AT_SHUTDOWN, options=["-Wd"])
    addresses = re.compile(r"0x[0-9a-f]+")
    assert addresses.sub("ADDR", mine.stderr) == addresses.sub("ADDR", theirs.stderr)
    assert "[<X 'first'>, <X 'second'>]" in mine.stderr
    assert mine.returncode == theirs.returncode == 0


CLEARED_FUNCTION = """
import gc
import weakref
class LateFin:
    __slots__ = ('ref',)
    def __del__(self):
        global func
        func = self.ref()
class Cyclic(tuple):
    __slots__ = ()
    def __del__(self):
        self[1].ref = weakref.ref(self[0])
        global latefin
        del latefin
latefin = LateFin()
def func():
    pass
cyc = tuple.__new__(Cyclic, (func, latefin))
func.__module__ = cyc
del func, cyc
gc.collect()
print(f"{func=}".split(" at ")[0])
"""


def test_repr_of_a_function_the_collector_cleared():
    """test_gc's test_function_tp_clear_leaves_consistent_state: a finalizer
    revives a function while the collector clears it; its repr still works."""
    mine = run_innerpy(CLEARED_FUNCTION)
    theirs = run_reference(CLEARED_FUNCTION)
    assert (mine.stdout, mine.stderr, mine.returncode) == (theirs.stdout, theirs.stderr, theirs.returncode)
