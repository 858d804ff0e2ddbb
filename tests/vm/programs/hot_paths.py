"""Hot code: every construct runs often enough to be translated into superblocks
(vm/superblocks.py), then faults at chosen instructions; the output, the
tracebacks and the line numbers must stay CPython 3.12's."""

import sys
import traceback

ROUNDS = 300


def show(fn, *args):
    """Run fn hot, then once more where it fails; print where the traceback ends."""
    for _ in range(ROUNDS):
        fn(*args, fail=False)
    try:
        fn(*args, fail=True)
    except Exception as exc:
        # Where it failed, down to the columns of the failing instruction.
        last = traceback.extract_tb(exc.__traceback__)[-1]
        print(type(exc).__name__, exc, last.name, last.lineno, last.line,
              last.colno, last.end_colno)


def arithmetic(fail):
    x = 10
    y = 0 if fail else 2
    z = x * 3 + (x - 1) // y
    return z ** 2 % 7


def attributes(fail):
    class Box:
        pass
    b = Box()
    b.value = 3
    total = b.value + 1
    if fail:
        return b.missing + total
    return total


def subscripts(fail):
    data = [1, 2, 3]
    data[0] = data[1] + data[2]
    key = 5 if fail else 1
    return data[key] + data[-1]


def globals_(fail):
    if fail:
        return undefined_name + 1  # noqa: F821
    return len(str(ROUNDS))


def unpacking(fail):
    seq = [1, 2, 3] if fail else (1, 2)
    a, b = seq
    return a + b


def comparisons(fail):
    value = "a" if fail else 3
    if value < 5:
        return "small"
    return "big"


def loop_with_try(fail):
    total = 0
    for i in range(20):
        try:
            total += 10 // (i - 5)
        except ZeroDivisionError:
            total -= 1
    if fail:
        total += [][0]
    return total


def inplace(fail):
    items = [1]
    alias = items
    items += [2]
    text = "a"
    text += "b"
    if fail:
        items += 1
    return alias is items, text


def keyword_attribute(fail):
    ns = type("NS", (), {})()
    setattr(ns, "class", 5)
    if fail:
        return getattr(ns, "import")
    return getattr(ns, "class")


def calls_inside(fail):
    out = []
    for i in range(5):
        out.append(abs(-i))
        out.append(max(i, 2))
    if fail:
        out.append(int("x"))
    return sum(out)


def frame_line(fail):
    frame = sys._getframe()
    line = frame.f_lineno      # the running frame reports the line it is on now
    if fail:
        raise KeyError(line - frame.f_code.co_firstlineno, frame.f_lineno)
    return line - frame.f_code.co_firstlineno


def gen(n):
    i = 0
    while i < n:
        yield i
        i += 1


def generators(fail):
    total = 0
    for value in gen(10):
        total += value
    if fail:
        next(iter([]))
    return total


def while_loop(fail):
    i = 0
    total = 0
    while i < 50:
        total += i
        i += 1
    if fail:
        raise ValueError(total)
    return total


def closures(fail):
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count
    for _ in range(3):
        bump()
    if fail:
        del count
        return bump()
    return count


def slices(fail):
    text = "abcdef"
    part = text[1:4]
    if fail:
        return text[1:"x"]
    return part


def membership(fail):
    container = {1, 2, 3}
    hits = 0
    for i in range(5):
        if i in container:
            hits += 1
        if i not in container:
            hits -= 1
    if fail:
        return 1 in 5
    return hits


def ident(fail):
    a = None
    b = [] if fail else None
    if a is b:
        return "same"
    if a is not b:
        raise TypeError("differ")


class Point:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y

    def total(self):
        return self.x + self.y


class Bad:
    def __init__(self, value):
        if value:
            return value


class Made:
    def __new__(cls, value):
        obj = super().__new__(cls)
        obj.value = value * 2
        return obj


def instances(fail):
    p = Point(1, 2)
    q = Point(3)
    made = Made(4)
    if fail:
        Bad(7)
    return p.total() + q.total() + made.value


def bad_arguments(fail):
    p = Point(1)
    if fail:
        p = Point(1, 2, 3)
    return p.total()


def method_calls(fail):
    p = Point(2, 3)
    total = 0
    for _ in range(3):
        total += p.total()
    if fail:
        p.missing_method()
    return total


for case in (instances, bad_arguments, method_calls, arithmetic, attributes, subscripts, globals_, unpacking, comparisons,
             loop_with_try, inplace, keyword_attribute, calls_inside, frame_line,
             generators, while_loop, closures, slices, membership, ident):
    print(case.__name__, case(fail=False))
    show(case)


def measure():
    return len("abc") + Point(1).x


for _ in range(ROUNDS):
    measure()
len = lambda s: 99  # noqa: E731  (a global now shadows the builtin the hot code used)
print("shadowed", measure())
del len
del Point
try:
    measure()
except NameError as exc:
    print("deleted", exc)


def displays(fail):
    key = "b"
    counter = 0

    def bump():
        nonlocal counter
        counter += 1
        return counter
    data = {"a": 1, key: bump(), "c": [1, 2][::-1]}
    pairs = {key: 1, "z": 2}
    marks = {1, 2, key}
    empty = {}
    text = f"{key}-{counter!r}-{3.14159:.2f}-{key:>3}-{'x'!a}-{counter:{'0' + '3'}}-{[1]}"
    squares = {n: n * n for n in range(3)}
    odd = {n for n in range(5) if n % 2}
    if fail:
        return f"{counter:q}"
    return data, pairs, sorted(marks, key=str), empty, text, squares, odd, "".join([])


def unbound_closure(fail):
    def inner():
        return value
    if not fail:
        value = 1
    return inner()


for case in (displays, unbound_closure):
    print(case.__name__, case(fail=False))
    show(case)


def deleting(fail):
    table = {1: "a", 2: "b"}
    del table[1]
    if fail:
        del table[99]
    return table


print("deleting", deleting(fail=False))
show(deleting)
