"""Read-only and audited attributes of the types innerpy implements for the
guest, as CPython's getset and member descriptors behave (Objects/descrobject.c):
the messages for assigning or deleting them, and the `object.__getattr__`
audit event of the attributes that reveal code and frames."""

from ..runtime import audit as _audit


class getset(property):
    """A read-only attribute of a built-in type (a getset descriptor without a
    setter): assigning or deleting it fails with CPython's message, which
    doctests and tests compare, rather than `property`'s "has no setter".
    `name` is for a getter without a `__name__` of its own (an attrgetter)."""

    def __init__(self, fget, name=None):
        super().__init__(fget)
        self._name = name or getattr(fget, "__name__", None)

    def __set__(self, obj, value):
        raise AttributeError(f"attribute '{self._name}' of "
                             f"'{type(obj).__name__}' objects is not writable")

    def __delete__(self, obj):
        self.__set__(obj, None)


class readonly_member(getset):
    """A READONLY member of a built-in type, which reports itself more tersely."""

    def __set__(self, obj, value):
        raise AttributeError("readonly attribute")


def audited(name, read, kind=getset):
    """`read` as a getset (or `kind`) that raises `object.__getattr__` first,
    as 3.12 does for the attributes revealing code and frames (gen_getcode,
    gen_getframe, tb_frame's PY_AUDIT_READ member, ...). Only guest-facing
    paths use these names; innerpy reads the slots behind them."""
    def getter(obj):
        if _audit.active:
            _audit.audit("object.__getattr__", obj, name)
        return read(obj)
    getter.__name__ = name
    return kind(getter)


class absent:
    """A method a base class innerpy shares between types has but this type
    does not (an async generator's `send`): reading it fails as for any
    missing attribute, so `hasattr` and the ABCs' checks answer as in CPython."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        holder = owner if obj is None else type(obj)
        what = f"type object '{holder.__name__}'" if obj is None else f"'{holder.__name__}' object"
        raise AttributeError(f"{what} has no attribute '{self.name}'")


def dir_listing(*public):
    """A `__dir__` answering `public_dir` with these names."""
    def __dir__(self):
        return public_dir(self, public)
    return __dir__


def public_dir(obj, public=()):
    """`dir()` of an instance of a type innerpy implements as a class: the
    dunder names CPython's type has, the `public` names it adds, and the
    instance's `__dict__` -- not innerpy's slots and helpers."""
    names = {name for klass in type(obj).__mro__ for name in klass.__dict__
             if name.startswith("__") and name.endswith("__")}
    # (A 3.13 host also records where each class statement starts and what
    # its methods assign.)
    names.difference_update(("__slots__", "__weakref__", "__dict__", "__firstlineno__",
                             "__static_attributes__"))
    if isinstance(type(obj).__dict__.get("__module__"), type_module):
        names.discard("__module__")
    names.update(public)
    return list(names)


class type_module(str):
    """The `__module__` of a type innerpy implements as a class, such as
    "builtins" for `code`: a built-in type reports it but its instances do
    not have it (CPython keeps it out of the type's `__dict__`), which is how
    `inspect.getmodule` tells a code object or traceback from a function. The
    type's own `__module__` reads its dict entry as is (this str); instances
    find a descriptor that refuses them."""

    __slots__ = ()

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        raise AttributeError(f"'{type(obj).__name__}' object has no attribute '__module__'")
