"""`sys.getsizeof` for the objects innerpy owns, as CPython 3.12 reports them.

Guest values that are host objects (int, str, list, ...) have the host's
layout and the host's `__sizeof__`, which is what CPython 3.12 reports on a
64-bit build. innerpy's own functions, code objects, frames, generators and
tracebacks are Python objects of a different shape, so their sizes are
computed here with 3.12's formulas (64-bit, GC header included where the
type is garbage-collected, as `sys.getsizeof` adds it):

- function: `sizeof(PyFunctionObject)` + GC header = 160;
- code: `_PyObject_VAR_SIZE` of the code units -- 192 + len(co_code),
  rounded up to 8 (`code_sizeof`; code objects are not GC-tracked);
- frame: `frame_sizeof` -- the frame object up to its data, the interpreter
  frame's specials, one slot per local/cell/free variable and stack entry
  (`_PyFrame_NumSlotsForCodeObject`) -- + GC header: 136 + 8 * slots;
- generator, coroutine, async generator: `gen_sizeof`, the same shape with
  the frame embedded: 160 + 8 * slots;
- traceback: `sizeof(PyTracebackObject)` + GC header = 56;
- a builtin innerpy writes in Python (`print`, `sys.exc_info`): a
  `PyCFunctionObject` + GC header = 72.

Measured against CPython 3.12.1 by tests/runtime/test_sizeof.py.
"""

import sys as _host_sys

_host_getsizeof = _host_sys.getsizeof
_MISSING = object()
_sizers = None


def _slots(code):
    return code.co_nlocalsplus + code.co_stacksize


def _code_size(code):
    return (192 + len(code.co_code) + 7) & ~7


def _build():
    from ..modules.builtins import BuiltinFunction
    from ..objects import asyncgen, code, function, generator, traceback
    from ..vm import frame
    return {
        function.Function: lambda obj: 160,
        code.Code: _code_size,
        frame.Frame: lambda obj: 136 + 8 * _slots(obj.code),
        generator.Generator: lambda obj: 160 + 8 * _slots(obj.gi_code),
        generator.Coroutine: lambda obj: 160 + 8 * _slots(obj.cr_code),
        asyncgen.AsyncGenerator: lambda obj: 160 + 8 * _slots(obj.ag_code),
        traceback.Traceback: lambda obj: 56,
        BuiltinFunction: lambda obj: 72,
    }


def getsizeof(obj, default=_MISSING):
    """`sys.getsizeof(object[, default])`."""
    global _sizers
    if _sizers is None:
        _sizers = _build() if _host_sys.maxsize > 2 ** 32 else {}
    sizer = _sizers.get(type(obj))
    if sizer is not None:
        return sizer(obj)
    if default is _MISSING:
        return _host_getsizeof(obj)
    return _host_getsizeof(obj, default)
