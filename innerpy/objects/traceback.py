"""Guest tracebacks (Python/traceback.c).

The host's `types.TracebackType` only accepts host frames, so guest
exceptions carry innerpy's own traceback chain. It is kept in the
exception's `__dict__` under a private key; the VM's LOAD_ATTR/STORE_ATTR
for `__traceback__`, `sys.exc_info()` and `with_traceback` read and write it,
so guest code (the `traceback` module included) sees 3.12's traceback
objects: tb_frame, tb_lasti, tb_lineno, tb_next.
"""

from operator import attrgetter as _attrgetter

from .getset import audited, getset, readonly_member, type_module

TB_KEY = "__innerpy_traceback__"


class Traceback:
    # innerpy reads `_frame` and `_lasti`; the guest's `tb_frame` and
    # `tb_lasti` are read-only and reading `tb_frame` is audited, as 3.12's.
    __slots__ = ("_next", "_frame", "_lasti", "_lineno")

    tb_frame = audited("tb_frame", _attrgetter("_frame"), readonly_member)
    tb_lasti = readonly_member(_attrgetter("_lasti"))

    def __new__(cls, tb_next, tb_frame, tb_lasti, tb_lineno=None):
        from ..vm.frame import Frame
        if tb_next is not None and type(tb_next) is not Traceback:
            raise TypeError(f"expected traceback object or None, got '{type(tb_next).__name__}'")
        if type(tb_frame) is not Frame:
            raise TypeError(f"TracebackType() argument 'tb_frame' must be frame, "
                            f"not {type(tb_frame).__name__}")
        if not isinstance(tb_lasti, int):
            raise TypeError(f"'{type(tb_lasti).__name__}' object cannot be interpreted as an integer")
        if tb_lineno is not None and not isinstance(tb_lineno, int):
            raise TypeError(f"'{type(tb_lineno).__name__}' object cannot be interpreted as an integer")
        self = object.__new__(cls)
        self._next = tb_next
        self._frame = tb_frame
        self._lasti = tb_lasti
        self._lineno = tb_lineno
        return self

    @property
    def tb_next(self):
        return self._next

    @tb_next.setter
    def tb_next(self, value):
        """As `tb_next_set`: only tracebacks or None, and never a loop."""
        if value is not None and type(value) is not Traceback:
            raise TypeError(f"expected traceback object, got '{type(value).__name__}'")
        cursor = value
        while cursor is not None:
            if cursor is self:
                raise ValueError("traceback loop detected")
            cursor = cursor._next
        self._next = value

    @tb_next.deleter
    def tb_next(self):
        raise TypeError("can't delete tb_next attribute")

    @getset
    def tb_lineno(self):
        lineno = self._lineno
        if lineno is None:
            lineno = self._lineno = self._frame.code._addr2line(self._lasti)
        return lineno

    def __dir__(self):
        return ["tb_frame", "tb_lasti", "tb_lineno", "tb_next"]


Traceback.__name__ = Traceback.__qualname__ = "traceback"
Traceback.__module__ = type_module("builtins")


def get_traceback(exc):
    """The guest traceback of `exc` (what guest code sees as `exc.__traceback__`)."""
    try:
        return exc.__dict__.get(TB_KEY)
    except AttributeError:
        return None


def set_traceback(exc, tb):
    if tb is not None and type(tb) is not Traceback:
        raise TypeError("__traceback__ must be a traceback or None")
    exc.__dict__[TB_KEY] = tb


def new_traceback(tb_next, frame, lasti):
    """`PyTraceBack_Here`'s allocation, for the VM: no argument checks."""
    tb = _object_new(Traceback)
    tb._next = tb_next
    tb._frame = frame
    tb._lasti = lasti
    tb._lineno = None
    return tb


_object_new = object.__new__
