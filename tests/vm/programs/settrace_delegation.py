# sys.settrace events around delegation and loops, as 3.12 reports them:
# the StopIteration that ends a `yield from`, an `await` or an `async for`
# step, or a for loop over an iterator written in Python ('exception'
# events), a loop on one line (a 'line' event per turn),
# class bodies (a 'line' event after the 'call'), and a generator closed
# inside a finally block ('call' for the throw, 'return' on the finally line).
import sys


def gen():
    yield 1
    return 2


def plain_gen():
    yield 1


class Countdown:
    """An iterator written in Python: the StopIteration its __next__ raises is reported at FOR_ITER."""

    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


def delegating():
    for x in plain_gen():
        pass
    for x in Countdown(2):
        pass
    y = yield from gen()
    return y


class AsyncIteratorWrapper:
    def __init__(self, obj):
        self._it = iter(obj)

    def __aiter__(self):
        return self

    async def __anext__(self):
        try:
            return next(self._it)
        except StopIteration:
            raise StopAsyncIteration


async def agen(n):
    for i in range(n):
        yield i


async def consume():
    async for letter in AsyncIteratorWrapper("ab"):
        x = letter
    async for i in agen(2):
        y = i
    return 42


def tight():
    items = range(1, 4)
    try:
        i = 0
        while 1: i = items[i]
    except IndexError:
        pass


def with_class():
    class A:
        if 3 < 9:
            a = 1
    return A


def closing():
    def closed():
        try:
            yield True
            "continued"
        finally:
            "finally"
    return any(closed())


def tracer(frame, event, arg):
    name = frame.f_code.co_name
    if name in ("gen", "plain_gen", "delegating", "__anext__", "agen", "consume", "tight", "with_class", "A",
                "closing", "closed"):
        shown = (arg[0].__name__, repr(arg[1])) if event == "exception" else None
        print(name, event, frame.f_lineno, shown)
    return tracer


sys.settrace(tracer)
for v in delegating():
    pass
coro = consume()
try:
    coro.send(None)
except StopIteration as stop:
    print("consumed", stop.value)
tight()
with_class()
closing()
sys.settrace(None)
