# Generator, coroutine and async generator attributes as 3.12's getsets:
# __name__/__qualname__ take only strings and cannot be deleted, the gi_*/
# cr_*/ag_* attributes are read-only with CPython's message; frame.clear() on
# a generator's frame finalises the generator instead of emptying the frame.
import sys
import types
import warnings


def gen():
    y = 5
    yield y
    yield 2


async def coro():
    return 1


async def agen():
    yield 1


for make in (gen, coro, agen):
    obj = make()
    kind = type(obj)
    print(kind.__name__, kind.__qualname__, kind.__module__)
    for attr in ("__name__", "__qualname__"):
        print(" ", attr, getattr(obj, attr), repr(kind.__dict__[attr].__doc__))
        setattr(obj, attr, "renamed")
        print("  now", getattr(obj, attr))
        for change in (lambda: setattr(obj, attr, 12), lambda: delattr(obj, attr)):
            try:
                change()
            except TypeError as e:
                print("  TypeError:", e)
    prefix = {"generator": "gi", "coroutine": "cr", "async_generator": "ag"}[kind.__name__]
    for name in ("code", "frame", "running", "suspended"):
        try:
            setattr(obj, f"{prefix}_{name}", 1)
        except AttributeError as e:
            print("  AttributeError:", e)
        try:
            delattr(obj, f"{prefix}_{name}")
        except AttributeError as e:
            print("  AttributeError:", e)
    print("  repr names the new qualname:", "renamed" in repr(obj))
    if kind.__name__ == "coroutine":
        obj.close()

print(type(sys._getframe()), type(sys._getframe()).__module__)

# A created generator: clearing its frame closes it.
g = gen()
g.gi_frame.clear()
print("created, cleared:", list(g))

# A suspended generator: closed (its finally runs), the frame keeps its locals.
def guarded():
    x = "kept"
    try:
        yield 1
    finally:
        print("finally ran")

g = guarded()
next(g)
frame = g.gi_frame
frame.clear()
print("suspended, cleared:", g.gi_suspended, g.gi_frame, frame.f_locals, list(g))

# A coroutine never started: reported as never awaited, and still runnable.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    c = coro()
    c.cr_frame.clear()
print([str(w.message) for w in caught], [w.category.__name__ for w in caught])
try:
    c.send(None)
except StopIteration as stop:
    print("still runs:", stop.value)

# A finished generator's frame is cleared like any other.
def one():
    z = 3
    yield sys._getframe()

g = one()
frame = next(g)
list(g)
frame.clear()
print("finished, cleared:", frame.f_locals)
