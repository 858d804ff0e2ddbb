"""sys.getsizeof for the objects innerpy owns reports CPython 3.12's (64-bit) sizes."""

import sys

import pytest

from tests.support.differential import assert_same

SIZES = """
import sys
def slots(code):
    return code.co_nlocals + len(code.co_cellvars) + len(code.co_freevars) + code.co_stacksize
def fr():
    return sys._getframe()
def fr2(a, b, c):
    x = [a, b, c]
    return sys._getframe()
print("module frame", sys.getsizeof(sys._getframe()))
print("frames", sys.getsizeof(fr()), sys.getsizeof(fr2(1, 2, 3)))
def g(): yield 1
def g2(a, b):
    c = a + b
    yield c
async def co(x): return x
async def ag(): yield 1
for obj in (g(), g2(1, 2), co(1), ag()):
    print(type(obj).__name__, sys.getsizeof(obj))
    if hasattr(obj, "close"):
        obj.close()
try:
    raise ValueError
except ValueError as e:
    print("traceback", sys.getsizeof(e.__traceback__))
def outer():
    x = 1
    def inner():
        return x
    return inner
print("function", sys.getsizeof(outer), sys.getsizeof(lambda: 0))
print("code", sys.getsizeof(outer.__code__), sys.getsizeof(fr2.__code__))
print("builtins", sys.getsizeof(print), sys.getsizeof(sys.exc_info), sys.getsizeof(len))
print("default", sys.getsizeof(1), sys.getsizeof([]), sys.getsizeof(object(), 5))
"""


@pytest.mark.skipif(sys.maxsize < 2 ** 32, reason="3.12's sizes are those of a 64-bit build")
def test_sizes_of_innerpy_objects_are_cpython_312s():
    assert_same(SIZES)
