"""Calling a class: `type(name, bases, ns)` and classes whose __init__ is a
guest function, cold and hot (translated into superblocks)."""

# type() puts __module__ into the class, not into the caller's namespace.
ns = {"__qualname__": "some.name"}
Foo = type("Foo", (), ns)
print(ns, Foo.__module__, Foo.__qualname__, sorted(Foo.__dict__)[:3])


class A:
    def __new__(cls, *args, **kwargs):
        raise AssertionError


class B(A):
    # Its tp_new stays A's slot, which finds object.__new__ and hands it the
    # arguments: object.__new__ refuses them.
    __new__ = object.__new__

    def __init__(self, foo):
        self.foo = foo


class C:
    # tp_new stays object's own: arguments go to __init__ alone.
    __new__ = object.__new__

    def __init__(self, x, y=0):
        self.x = x + y


def make(cls, *args, **kwargs):
    try:
        return cls(*args, **kwargs).__dict__
    except (TypeError, AssertionError) as error:
        return f"{type(error).__name__}: {error}"


def calls(i):
    results = []
    try:
        results.append(B(i).foo)
    except TypeError as error:
        results.append(str(error))
    try:
        results.append(B(foo=i).foo)
    except TypeError as error:
        results.append(str(error))
    results.append(C(i).x)
    results.append(C(i, y=1).x)
    return results


print(make(B, 3), make(B, foo=3), make(C, 1), make(C, 1, y=2))
del B.__new__
print(make(B, 3))
del A.__new__
print(make(B, 3))
for i in range(1000):
    last = calls(i)
print(last)
