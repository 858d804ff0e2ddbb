"""Objects behind PEP 695 syntax (Objects/typevarobject.c), for the VM's intrinsics.

`class C[T]: ...`, `def f[**P]()` and `type X = ...` make type
parameters and aliases through CALL_INTRINSIC_1/2. innerpy builds them from
the guest's own `typing` module, so they are the objects guest code checks
against. Two differences from CPython, both because a host `TypeVar` cannot
take a lazily evaluated bound: bounds and constraints are evaluated when the
parameter is created, and an alias is the host's `typing.TypeAliasType`
with its value evaluated at once, except where that is impossible (hosts
without it, 3.11; values that name what is not defined yet): there it is
innerpy's `TypeAliasType`, whose value is evaluated lazily, as in 3.12.
"""

from ..runtime.state import current_tstate


def _typing():
    interp = current_tstate().interp
    return interp.importer.import_module_level("typing")


def _infer_variance_kwargs(typing):
    try:
        typing.TypeVar("_probe", infer_variance=True)
        return {"infer_variance": True}
    except TypeError:
        return {}


def make_typevar(name, bound=None, constraints=None):
    typing = _typing()
    kwargs = _infer_variance_kwargs(typing)
    if bound is not None:
        return typing.TypeVar(name, bound=bound(), **kwargs)
    if constraints is not None:
        return typing.TypeVar(name, *constraints(), **kwargs)
    return typing.TypeVar(name, **kwargs)


def make_paramspec(name):
    return _typing().ParamSpec(name)


def make_typevartuple(name):
    return _typing().TypeVarTuple(name)


def subscript_generic(params):
    typing = _typing()
    if not isinstance(params, tuple):
        params = (params,)
    unpacked = tuple(typing.Unpack[p] if isinstance(p, typing.TypeVarTuple) else p for p in params)
    return typing.Generic[unpacked]


def make_typealias(name, type_params, compute_value, module=None):
    typing = _typing()
    host_alias = getattr(typing, "TypeAliasType", None)
    if host_alias is not None:
        try:
            value = compute_value()
        except Exception:
            # A forward or recursive reference (or anything else CPython would
            # only meet later, when __value__ is read): keep it lazy.
            return TypeAliasType(name, type_params or (), compute_value)
        return call_in_module(module, host_alias, name, value, type_params=type_params or ())
    return TypeAliasType(name, type_params or (), compute_value)


def _call_template(func, *args, **kwargs):
    return func(*args, **kwargs)


def call_in_module(module, func, *args, **kwargs):
    """Call a host constructor that names its caller's module (TypeAliasType,
    TypeVar) from a host frame whose globals name the guest's module."""
    import builtins
    import types
    if module is None:
        return func(*args, **kwargs)
    caller = types.FunctionType(_call_template.__code__, {"__name__": module, "__builtins__": builtins})
    return caller(func, *args, **kwargs)


class TypeAliasType:
    """A `type` statement's alias where the host has none (`typealias` in typevarobject.c)."""

    def __init__(self, name, type_params, compute_value):
        self.__name__ = name
        self.__type_params__ = type_params
        self._compute_value = compute_value
        self.__module__ = compute_value.__module__

    @property
    def __value__(self):
        return self._compute_value()

    @property
    def __parameters__(self):
        return self.__type_params__

    def __getitem__(self, parameters):
        import types
        if not self.__type_params__:
            raise TypeError("Only generic type aliases are subscriptable")
        if not isinstance(parameters, tuple):
            parameters = (parameters,)
        return types.GenericAlias(self, parameters)

    def __repr__(self):
        return self.__name__

    def __or__(self, other):
        import typing
        return typing.Union[self, other]

    def __ror__(self, other):
        import typing
        return typing.Union[other, self]
