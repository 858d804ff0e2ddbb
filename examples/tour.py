"""A tour of what innerpy runs today. Run it with `innerpy examples/tour.py`.

Every line below is parsed, compiled to CPython 3.12 bytecode and executed
by innerpy's own virtual machine; the host CPython only provides the
objects (ints, strs, lists, ...) and the C parts of the standard library.
"""

import sys
from collections import Counter


def primes(limit):
    """A generator: the sieve of Eratosthenes."""
    sieve = [True] * limit
    for n in range(2, limit):
        if sieve[n]:
            yield n
            for multiple in range(n * n, limit, n):
                sieve[multiple] = False


class Shape:
    def __init__(self, name, sides):
        self.name, self.sides = name, sides

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r}, sides={self.sides})"


class Square(Shape):
    def __init__(self):
        super().__init__("square", 4)


def describe(values, *, scale=1):
    squares = [v * v * scale for v in values if v % 2]   # inlined, as in 3.12 (PEP 709)
    return {"count": len(values), "odd squares": squares}


def frame_names():
    # Under 3.12 a list comprehension runs in its function's own frame.
    return [sys._getframe().f_code.co_name for _ in range(1)]


print("guest version:", sys.version_info[:3], "implementation:", sys.implementation.name)
print("primes:", list(primes(30)))
print("shapes:", sorted([Square(), Shape("triangle", 3)], key=lambda s: s.sides))
print("describe:", describe(range(6), scale=10))
print("letters:", Counter("innerpy").most_common(2))
print("comprehension frame:", frame_names())
try:
    {}["missing"]
except KeyError as error:
    print("caught:", repr(error))
print(f"{'done':*^20}")
