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

from types import MethodType

from ..runtime.audit import audit

_NOT_GIVEN = object()


class Function:
    # No class docstring: `__doc__` is an instance attribute, as in CPython.
    # The slots the VM reads on every call keep their dunder names; the
    # others are properties over private slots, to check what is assigned.
    __slots__ = (
        "__code__", "__globals__", "__builtins__", "_name", "__qualname__",
        "__defaults__", "__kwdefaults__", "__closure__", "_annotations",
        "__type_params__", "__dict__", "__weakref__", "_doc", "_module",
        "interp",
    )

    def __init__(self, code, globals, name=None, argdefs=None, closure=None,
                 kwdefaults=None, builtins=None, qualname=None, interp=None):
        if interp is None:
            # Guest code calling `types.FunctionType(...)`; innerpy's own callers
            # (MAKE_FUNCTION, exec with a closure) always name the interpreter.
            audit("function.__new__", code)
        self.__code__ = code
        self.__globals__ = globals
        self._name = code.co_name if name is None else name
        self.__qualname__ = code.co_qualname if qualname is None else qualname
        self.__defaults__ = argdefs
        self.__kwdefaults__ = kwdefaults
        self.__closure__ = closure
        self._annotations = None
        self.__type_params__ = ()
        self._module = globals.get("__name__")
        self.interp = interp
        if builtins is None:
            builtins = globals.get("__builtins__")
            if builtins is not None and not isinstance(builtins, dict):
                builtins = builtins.__dict__
            if builtins is None:
                builtins = interp.builtins if interp is not None else {}
        self.__builtins__ = builtins
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
        """As func_set_*: some attributes reset to None, some cannot be deleted."""
        if name in ("__defaults__", "__kwdefaults__"):
            audit("object.__delattr__", self, name)
            object.__setattr__(self, name, None)
        elif name in ("__dict__", "__name__", "__qualname__", "__code__", "__globals__",
                      "__closure__", "__builtins__", "__type_params__"):
            if name in ("__globals__", "__closure__", "__builtins__"):
                raise AttributeError("readonly attribute")
            raise TypeError(f"cannot delete {name}" if name == "__dict__" else
                            f"{name} must be set to a {'string' if 'name' in name else 'code'} object")
        else:
            object.__delattr__(self, name)

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
        return f"<function {self.__qualname__} at {id(self):#x}>"

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

_AUDITED_SETS = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
_initialised = Function._doc.__get__     # raises AttributeError until __init__ ends


def _audited_setattr(func, name, value):
    """`func_set_code` and friends raise "object.__setattr__" (or, for None
    defaults, "object.__delattr__") when an existing function is changed."""
    if name in _AUDITED_SETS:
        try:
            _initialised(func)
        except AttributeError:
            pass
        else:
            if value is None and name != "__code__":
                audit("object.__delattr__", func, name)
            else:
                audit("object.__setattr__", func, name, value)
    object.__setattr__(func, name, value)


def audit_attribute_changes():
    """Called when the first guest audit hook is added (runtime/audit.py). Until
    then functions have no `__setattr__` of their own, which would slow every
    attribute store of MAKE_FUNCTION and `Function.__init__`."""
    if "__setattr__" not in Function.__dict__:
        Function.__setattr__ = _audited_setattr


def _get_module(func):
    return func._module


def _set_module(func, value):
    func._module = value


# A function's `__module__` is its own attribute, not in its `__dict__` (a
# slot of that name would clash with the class's `__module__`, so the class
# dict holds a property; the type's repr then omits a module, as
# `<class 'function'>` does).
type.__setattr__(Function, "__module__", property(_get_module, _set_module))

from ..vm.ceval import call_function  # noqa: E402  (the VM needs Function first)
