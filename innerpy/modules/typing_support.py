"""Objects behind PEP 695 syntax (Objects/typevarobject.c), for the VM's intrinsics.

`class C[T]: ...`, `def f[**P]()` and `type X = ...` make type
parameters and aliases through CALL_INTRINSIC_1/2. They must be the guest
`typing` module's own classes, with bounds, constraints and alias values
evaluated lazily, as in CPython 3.12:

- on hosts 3.12+, `typing`'s core is the host's C code, whose constructors
  take only evaluated values; `_pep695_host` has the host's compiler make
  them through its own intrinsics instead;
- on a 3.11 host, `typing` is pure Python without PEP 695: a TypeVar or
  ParamSpec gets a subclass with inferred variance (and a TypeVar's
  `__bound__` and `__constraints__` evaluated on first access), and an alias
  is innerpy's `TypeAliasType`.
"""

import sys
import weakref

from ..runtime.state import current_tstate

if sys.version_info >= (3, 12):
    from . import _pep695_host
else:
    _pep695_host = None


def _typing():
    interp = current_tstate().interp
    return interp.importer.import_module_level("typing")


def make_typevar(name, bound=None, constraints=None):
    if _pep695_host is not None:
        _typing()  # the host's C core calls back into the guest's typing
        if bound is not None:
            return _pep695_host.make_parameter("bound", name, bound)
        if constraints is not None:
            return _pep695_host.make_parameter("constraints", name, constraints)
        return _pep695_host.make_parameter("typevar", name)
    typevar = _typing().TypeVar(name)
    typevar.__class__ = _pep695_class(type(typevar))
    typevar._evaluate_bound = bound
    typevar._evaluate_constraints = constraints
    return typevar


def make_paramspec(name):
    if _pep695_host is not None:
        _typing()
        return _pep695_host.make_parameter("paramspec", name)
    paramspec = _typing().ParamSpec(name)
    paramspec.__class__ = _pep695_class(type(paramspec))
    return paramspec


def make_typevartuple(name):
    if _pep695_host is not None:
        _typing()
        return _pep695_host.make_parameter("typevartuple", name)
    return _typing().TypeVarTuple(name)


#: A 3.11 guest `typing.TypeVar` or `ParamSpec` class -> its PEP 695
#: subclass; a cache of a pure function of the class, dying with its `typing`.
_PEP695_CLASSES = weakref.WeakKeyDictionary()


def _pep695_class(parameter_class):
    """The subclass of 3.11's pure-Python TypeVar or ParamSpec for parameters
    made by PEP 695 syntax: their variance is inferred (so their repr is the
    bare name), and a TypeVar's `__bound__` and `__constraints__` are
    computed on first access (an error leaves them to be computed again), as
    typevarobject.c's typevar_bound and typevar_constraints do."""
    subclass = _PEP695_CLASSES.get(parameter_class)
    if subclass is not None:
        return subclass

    def evaluated(evaluate_name, value_name, default):
        def get(self):
            state = self.__dict__
            evaluate = state.get(evaluate_name)
            if evaluate is None:
                return state.get(value_name, default)
            value = evaluate()
            state[value_name] = value
            state[evaluate_name] = None
            return value
        return property(get)

    namespace = {
        "__module__": parameter_class.__module__,
        "__qualname__": parameter_class.__qualname__,
        "__infer_variance__": True,
        "__repr__": lambda self: self.__name__,
    }
    if parameter_class.__name__ == "TypeVar":
        namespace["__bound__"] = evaluated("_evaluate_bound", "__bound__", None)
        namespace["__constraints__"] = evaluated("_evaluate_constraints", "__constraints__", ())
    subclass = type(parameter_class)(parameter_class.__name__, (parameter_class,), namespace, _root=True)
    _PEP695_CLASSES[parameter_class] = subclass
    return subclass


def subscript_generic(params):
    typing = _typing()
    if not isinstance(params, tuple):
        params = (params,)
    unpacked = tuple(typing.Unpack[p] if isinstance(p, typing.TypeVarTuple) else p for p in params)
    return typing.Generic[unpacked]


def make_typealias(name, type_params, compute_value, module=None):
    if _pep695_host is not None:
        _typing()
        return _pep695_host.make_typealias(name, type_params, compute_value, module)
    return TypeAliasType(name, type_params or (), compute_value, module)


def _host_caller_module_types():
    if sys.version_info < (3, 12):
        return frozenset()
    import _typing
    return frozenset((_typing.TypeVar, _typing.ParamSpec, _typing.TypeVarTuple, _typing.TypeAliasType))


#: Host classes (3.12+'s C typing core) whose constructors record the module
#: of the *host* function calling them; guest calls must name the guest's.
CALLER_MODULE_TYPES = _host_caller_module_types()


def _call_template(func, args, kwargs):
    return func(*args, **kwargs)


def in_caller_module(frame, cls):
    """`cls`, to be called for the guest `frame` as if from a function of the
    frame's module: the host constructor reads its caller's `__module__`
    (`caller()` in typevarobject.c), which a host function gets from its
    globals' `__name__` (none when exec'd globals have none)."""
    import builtins
    import types
    namespace = {"__builtins__": builtins}
    module = frame.f_globals.get("__name__")
    if module is not None:
        namespace["__name__"] = module
    caller = types.FunctionType(_call_template.__code__, namespace)
    return lambda *args, **kwargs: caller(cls, args, kwargs)


class TypeAliasType:
    """A `type` statement's alias on a 3.11 host, whose `typing` has none
    (`typealias` in typevarobject.c): the value is computed on first access
    and kept; an error leaves it to be computed again."""

    def __init__(self, name, type_params, compute_value, module):
        self.__name__ = name
        self.__type_params__ = type_params
        self._compute_value = compute_value
        self.__module__ = module

    @property
    def __value__(self):
        if self._compute_value is not None:
            self._value = self._compute_value()
            self._compute_value = None
        return self._value

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
