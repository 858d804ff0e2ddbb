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

_NOT_GIVEN = object()


class Function:
    # No class docstring: `__doc__` is an instance attribute, as in CPython.
    __slots__ = (
        "__code__", "__globals__", "__builtins__", "__name__", "__qualname__",
        "__defaults__", "__kwdefaults__", "__closure__", "_annotations",
        "__type_params__", "__dict__", "__weakref__", "_doc",
        "interp",
    )

    def __init__(self, code, globals, name=None, argdefs=None, closure=None,
                 kwdefaults=None, builtins=None, qualname=None, interp=None):
        self.__code__ = code
        self.__globals__ = globals
        self.__name__ = code.co_name if name is None else name
        self.__qualname__ = code.co_qualname if qualname is None else qualname
        self.__defaults__ = argdefs
        self.__kwdefaults__ = kwdefaults
        self.__closure__ = closure
        self._annotations = None
        self.__type_params__ = ()
        # `__module__` lives in the instance dict: a slot of that name would
        # clash with the class's own `__module__`.
        self.__module__ = globals.get("__name__")
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
Function.__module__ = "builtins"

from ..vm.ceval import call_function  # noqa: E402  (the VM needs Function first)
