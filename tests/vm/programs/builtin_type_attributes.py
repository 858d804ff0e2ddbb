"""The types innerpy implements as classes look like CPython's built-in
types: `dir()` lists what CPython's do (not innerpy's slots and helpers),
instances of frame, generator and friends have no `__module__`, an async
generator has no send/throw/close, and frame and function attributes refuse
or check assignments with CPython's messages."""
import sys
import types


def gen():
    yield


async def coro():
    pass


async def agen():
    yield


try:
    1 / 0
except ZeroDivisionError as error:
    tb = error.__traceback__

c, ag = coro(), agen()
objects = [gen(), c, ag, sys._getframe(), gen.__code__, c.__await__(), ag.asend(None),
           ag.athrow(ValueError), anext(ag, 1), tb, gen]
plain = set(dir(object()))
for obj in objects:
    print(type(obj).__name__, type(obj).__module__, hasattr(obj, "__module__"),
          sorted(set(dir(obj)) - plain))
for obj in objects[1:9]:
    obj.close()
print([hasattr(ag, name) for name in ("send", "throw", "close", "asend")])
print(types.AsyncGeneratorType[int])
print(gen.__code__._varname_from_oparg(0) if gen.__code__.co_nlocals else "no locals")

frame = sys._getframe()
for name in ("f_globals", "f_builtins", "f_locals", "f_back", "f_lasti", "f_code",
             "f_lineno", "f_trace", "f_trace_lines"):
    for action in ("set", "delete"):
        try:
            if action == "set":
                setattr(frame, name, getattr(frame, name))
            else:
                delattr(frame, name)
            print(name, action, "ok")
        except (AttributeError, TypeError, ValueError) as error:
            print(name, action, type(error).__name__, error)
print(frame.f_globals is globals(), frame.f_builtins is __builtins__.__dict__)


def f(a, b=1, *, c=2):
    return a, b, c


for name, value in [("__defaults__", [1]), ("__defaults__", (5,)), ("__kwdefaults__", 3),
                    ("__kwdefaults__", {"c": 7}), ("__code__", "x")]:
    try:
        setattr(f, name, value)
    except TypeError as error:
        print(error)
print(f(0))
del f.__defaults__
try:
    f(0)
except TypeError as error:
    print(error)
