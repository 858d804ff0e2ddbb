"""Guest functions (Objects/funcobject.c).

A guest function is an innerpy code object plus the globals, builtins,
defaults and closure cells it runs with. Inside the VM, CALL recognises
`Function` and pushes a frame without touching the host stack. Everywhere
else -- `sorted(key=f)`, `map`, a thread target, `__del__`, a method found
by host attribute lookup -- the host calls it through `__call__`, which
enters the eval loop afresh, and binds it through `__get__` like any
Python function. Its type is named `function` so guest code sees 3.12's
names.
"""

from operator import attrgetter as _attrgetter
from types import MethodType, ModuleType

from ..runtime import audit as _audit
from ..runtime.audit import audit
from ..runtime.state import current_tstate
from .code import Code
from .getset import public_dir, readonly_member

_NOT_GIVEN = object()


def _audited_defaults(name, slot, kind, kind_name):
    """`__defaults__`/`__kwdefaults__` over the slot the VM reads (func_get_defaults
    and friends): reading raises `object.__getattr__`; assigning takes a `kind`
    or None (which deleting also sets), audited as a set or a delete."""
    read = _attrgetter(slot)

    def get(func):
        if _audit.active:
            audit("object.__getattr__", func, name)
        return read(func)

    def set(func, value):
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"{name} must be set to a {kind_name} object")
        if value is None:
            audit("object.__delattr__", func, name)
        else:
            audit("object.__setattr__", func, name, value)
        object.__setattr__(func, slot, value)

    return property(get, set, lambda func: set(func, None))


class Function:
    # No class docstring: `__doc__` is an instance attribute, as in CPython.
    # The VM reads the plain slots (`code`, `globals`, `defaults`, ...)
    # directly; the guest's dunder names are descriptors over them that are
    # read-only, or audit reads and check assignments, as funcobject.c's do.
    __slots__ = (
        "code", "globals", "builtins", "_name", "__qualname__",
        "defaults", "kwdefaults", "closure", "_annotations",
        "_type_params", "__dict__", "__weakref__", "_doc", "_module",
        "interp",
    )

    __globals__ = readonly_member(_attrgetter("globals"))
    __builtins__ = readonly_member(_attrgetter("builtins"))
    __closure__ = readonly_member(_attrgetter("closure"))

    def __init__(self, code, globals, name=None, argdefs=None, closure=None,
                 kwdefaults=None, builtins=None, qualname=None, interp=None):
        if interp is None:
            # Guest code calling `types.FunctionType(...)`; innerpy's own callers
            # (MAKE_FUNCTION, exec with a closure) always name the interpreter.
            audit("function.__new__", code)
        self.code = code
        self.globals = globals
        self._name = code.co_name if name is None else name
        self.__qualname__ = code.co_qualname if qualname is None else qualname
        self.defaults = argdefs
        self.kwdefaults = kwdefaults
        self.closure = closure
        self._annotations = None
        self._type_params = ()
        self._module = globals.get("__name__")
        self.interp = interp
        if builtins is None:
            builtins = _builtins_from_globals(globals, interp)
        self.builtins = builtins
        # 3.12's func_new: the first constant is the docstring when it is a str.
        consts = code.co_consts
        self._doc = consts[0] if consts and type(consts[0]) is str else None

    @property
    def __doc__(self):
        return self._doc

    @__doc__.setter
    def __doc__(self, value):
        self._doc = value

    @__doc__.deleter
    def __doc__(self):
        self._doc = None

    @property
    def __name__(self):
        return self._name

    @__name__.setter
    def __name__(self, value):
        if not isinstance(value, str):
            raise TypeError("__name__ must be set to a string object")
        self._name = value

    def __delattr__(self, name):
        """As func_set_*: some attributes cannot be deleted."""
        if name in ("__dict__", "__name__", "__qualname__"):
            raise TypeError(f"cannot delete {name}" if name == "__dict__" else
                            f"{name} must be set to a string object")
        object.__delattr__(self, name)

    def _get_type_params(self):
        return self._type_params

    def _set_type_params(self, value):
        if not isinstance(value, tuple):
            raise TypeError("__type_params__ must be set to a tuple")
        self._type_params = value

    def _del_type_params(self):
        self._set_type_params(None)

    __type_params__ = property(_get_type_params, _set_type_params, _del_type_params)

    def _get_code(self):
        if _audit.active:
            audit("object.__getattr__", self, "__code__")
        return self.code

    def _set_code(self, value):
        if not isinstance(value, Code):
            raise TypeError("__code__ must be set to a code object")
        audit("object.__setattr__", self, "__code__", value)
        nfree = len(value.co_freevars)
        nclosure = len(self.closure) if self.closure is not None else 0
        if nfree != nclosure:
            raise ValueError(f"{self._name}() requires a code object with {nclosure} "
                             f"free vars, not {nfree}")
        self.code = value

    def _del_code(self):
        self._set_code(None)

    __code__ = property(_get_code, _set_code, _del_code)

    __defaults__ = _audited_defaults("__defaults__", "defaults", tuple, "tuple")
    __kwdefaults__ = _audited_defaults("__kwdefaults__", "kwdefaults", dict, "dict")

    def __call__(self, /, *args, **kwargs):
        return call_function(self, args, kwargs)

    def __reduce__(self):
        # Pickled by reference, like a host function: `module.qualname`.
        return self.__qualname__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return MethodType(self, obj)

    def __repr__(self):
        # The collector's tp_clear may have emptied the slot (a function in a
        # cycle, seen from a weakref callback): CPython's repr then has no name.
        return f"<function {getattr(self, '__qualname__', '')} at {id(self):#x}>"

    def __dir__(self):
        return public_dir(self, ("__dict__", *self.__dict__))

    @property
    def __annotations__(self):
        annotations = self._annotations
        if annotations is None:
            annotations = self._annotations = {}
        elif type(annotations) is tuple:
            # MAKE_FUNCTION hands over a flat (name, value, ...) tuple; 3.12 builds the dict lazily.
            annotations = self._annotations = dict(zip(annotations[::2], annotations[1::2]))
        return annotations

    @__annotations__.setter
    def __annotations__(self, value):
        if value is not None and not isinstance(value, dict):
            raise TypeError("__annotations__ must be set to a dict object")
        self._annotations = value


Function.__name__ = Function.__qualname__ = "function"

def _builtins_from_globals(globals, interp):
    """`_PyEval_BuiltinsFromGlobals`: the globals' `__builtins__` (a module's
    dict), else the builtins of the frame running now, as 3.12 does for a
    function made from bare globals."""
    builtins = globals.get("__builtins__")
    if builtins is not None:
        return builtins.__dict__ if isinstance(builtins, ModuleType) else builtins
    frame = current_tstate().frame
    if frame is not None:
        return frame.builtins
    return interp.builtins if interp is not None else current_tstate().interp.builtins


class _FunctionModule(str):
    """A function's `__module__` is its own attribute, not in its `__dict__`
    (a slot of that name would clash with the class's `__module__`). The type
    reads its dict entry as is -- this str, "builtins", as
    `types.FunctionType.__module__` is -- and instances find the descriptor."""

    __slots__ = ()

    def __get__(self, func, owner=None):
        return "builtins" if func is None else func._module

    def __set__(self, func, value):
        func._module = value

    def __delete__(self, func):
        func._module = None


type.__setattr__(Function, "__module__", _FunctionModule("builtins"))

from ..vm.ceval import call_function  # noqa: E402  (the VM needs Function first)
