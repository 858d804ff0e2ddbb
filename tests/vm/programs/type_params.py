# PEP 695: type parameters and aliases are typing's own objects, with bounds,
# constraints and alias values evaluated on first access.
import pickle
import typing
from typing import TypeVar, ParamSpec, TypeVarTuple


class Foo[T: Foo, U: (Foo, int), **P, *Ts]:
    pass


T, U, P, Ts = Foo.__type_params__
print(isinstance(T, TypeVar), isinstance(P, ParamSpec), isinstance(Ts, TypeVarTuple))
print(T.__bound__ is Foo, T.__constraints__, U.__bound__, U.__constraints__ == (Foo, int))
print(T.__module__, P.__module__, Ts.__module__)
print(T.__name__, P.__name__, Ts.__name__)


class Lazy[V: Missing, W: (Missing,)]:
    pass


V, W = Lazy.__type_params__
for attribute in ("__bound__", "__constraints__"):
    for param in (V, W):
        try:
            print(attribute, getattr(param, attribute))
        except NameError as exc:
            print(attribute, "NameError:", exc)
Missing = "defined"
print(V.__bound__, W.__constraints__)


x = "global"
def outer():
    x = "nonlocal"
    class Cls:
        type Alias = x
        val = Alias.__value__
        def meth[T: x](self, arg: x): ...
        bound = meth.__type_params__[0].__bound__
        x = "class"
    return Cls
print(outer().val, outer().bound)


type Recursive[A] = Recursive[A] | list[A] | None
print(type(Recursive).__name__, Recursive.__name__, Recursive.__module__)
print(Recursive.__type_params__, Recursive.__value__)
print(Recursive[int], Recursive[int].__origin__ is Recursive)

type NotGeneric = int
try:
    NotGeneric[int]
except TypeError as exc:
    print("TypeError:", exc)

type Later = list[Undefined]
try:
    Later.__value__
except NameError as exc:
    print("NameError:", exc)
Undefined = int
print(Later.__value__)
del Undefined
print(Later.__value__)

exec_ns = {}
exec("type InExec = int", exec_ns)
print(exec_ns["InExec"].__module__)


def generic[X, *Ys, **Z](a: X) -> X:
    return [X for _ in (1,)]
print(generic.__type_params__, generic(1))
print(pickle.loads(pickle.dumps(generic)) is generic)


# typing's constructors called directly name the calling module.
T = TypeVar("T")
P = ParamSpec("P")
Ts = TypeVarTuple("Ts")
print(T.__module__, P.__module__, Ts.__module__, pickle.loads(pickle.dumps(T)) is T)
if hasattr(typing, "TypeAliasType"):
    Direct = typing.TypeAliasType("Direct", list[T], type_params=(T,))
    exec("import typing; InExec = typing.TypeAliasType('InExec', int)", exec_ns)
    print(Direct.__module__, exec_ns["InExec"].__module__)
else:
    print("__main__", None)
