"""Guest tracebacks (Python/traceback.c).

The host's `types.TracebackType` only accepts host frames, so guest
exceptions carry innerpy's own traceback chain. It is kept in the
exception's `__dict__` under a private key; the VM's LOAD_ATTR/STORE_ATTR
for `__traceback__`, `sys.exc_info()` and `with_traceback` read and write it,
so guest code (the `traceback` module included) sees 3.12's traceback
objects: tb_frame, tb_lasti, tb_lineno, tb_next.
"""

TB_KEY = "__innerpy_traceback__"


class Traceback:
    __slots__ = ("tb_next", "tb_frame", "tb_lasti", "_lineno")

    def __init__(self, tb_next, tb_frame, tb_lasti, tb_lineno=None):
        if tb_next is not None and type(tb_next) is not Traceback:
            raise TypeError(f"expected traceback object or None, got '{type(tb_next).__name__}'")
        self.tb_next = tb_next
        self.tb_frame = tb_frame
        self.tb_lasti = tb_lasti
        self._lineno = tb_lineno

    @property
    def tb_lineno(self):
        lineno = self._lineno
        if lineno is None:
            lineno = self._lineno = self.tb_frame.f_code._addr2line(self.tb_lasti)
        return lineno

    def __dir__(self):
        return ["tb_frame", "tb_lasti", "tb_lineno", "tb_next"]


Traceback.__name__ = Traceback.__qualname__ = "traceback"
Traceback.__module__ = "builtins"


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


def add_traceback_entry(exc, frame, index):
    """`PyTraceBack_Here`: prepend the frame the exception is passing through."""
    d = exc.__dict__
    d[TB_KEY] = Traceback(d.get(TB_KEY), frame, 2 * frame.decoded.offsets[index])
