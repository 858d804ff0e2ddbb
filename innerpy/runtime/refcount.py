"""Reference counts and immortal objects as the guest sees them (PEP 683).

CPython 3.12 counterparts: `_Py_IsImmortal` (Include/object.h),
`sys_getrefcount_impl` and `sys_intern_impl` (Python/sysmodule.c),
`_PyUnicode_InternInPlace` (Objects/unicodeobject.c).

Guest values are host objects, so a guest object's reference count *is* its
host reference count -- plus the references innerpy's VM holds while it
calls `sys.getrefcount`, and minus nothing else: guest frames keep their
locals in a list and their value stack in a list, one reference per slot,
exactly as CPython's frames do. `getrefcount` therefore reads the host count
and takes away what the calling VM handler holds (its local copy of the
popped argument, the host call's own argument references), then adds back
the one reference CPython 3.12's value stack holds during the call. The
corrections are measured, per host version, by tests/runtime/test_refcount.py,
which compares innerpy with CPython 3.12 for the ordinary patterns:

    sys.getrefcount(object())        1
    x = object(); sys.getrefcount(x) 2   (a local, a global, or an attribute)
    sys.getrefcount(*args)           the tuple's reference, no stack slot

Not exact (documented, not corrected): objects innerpy's own machinery also
holds -- mortal constants (`10**30` folded into co_consts: the decoded
instruction holds one more) and objects held by `f_locals` snapshots. A `getrefcount` reached from host code (`map(sys.getrefcount,
xs)`) takes the correction of the guest call that entered the host, which
gives 3.12's figure for map, sorted and friends.

Immortal objects report 4294967295 (2**32 - 1) on every host, 3.11 included,
following 3.12's rules (SPEC-312 section 2): None, True, False, Ellipsis,
NotImplemented, ints -5..256, the empty str, tuple and bytes, one-character
Latin-1 strings, one-byte bytes, static (non-heap) types, and interned
strings -- identifiers in compiled code and strings passed to `sys.intern`
(in 3.12 every interned string is immortal). Interned strings are found two
ways: the runtime's registry of what the guest interned (`Runtime.interned`,
shared by all interpreters as 3.12 shares immortal objects), and the host's
own interned flag, read from the string object's header, which covers what
innerpy's code objects intern: names, and constants made of name characters
(`objects/code.py`, as 3.12's `intern_string_constants`).
"""

import sys as _host_sys

from .state import RUNTIME

IMMORTAL_REFCOUNT = (1 << 32) - 1 if _host_sys.maxsize > (1 << 32) else (1 << 30) - 1
_HEAPTYPE = 1 << 9           # Py_TPFLAGS_HEAPTYPE
_host_getrefcount = _host_sys.getrefcount
_host_intern = _host_sys.intern

_SINGLETONS = frozenset(map(id, (None, True, False, Ellipsis, NotImplemented, (), b"", "")))

# Classes innerpy defines that stand for static (immortal) types of CPython:
# `type(lambda: 0)` is innerpy's Function, CPython's `function` is static.
_static_standins = None


def _standins():
    global _static_standins
    if _static_standins is None:
        from ..objects import asyncgen, code, function, generator, traceback
        from ..vm import frame
        _static_standins = frozenset({
            function.Function, code.Code, frame.Frame, traceback.Traceback,
            generator.Generator, generator.Coroutine, generator.CoroutineWrapper,
            generator.AsyncGenWrappedValue, asyncgen.AsyncGenerator, asyncgen._ASend,
            asyncgen._AThrow})
    return _static_standins


def interned_registry(runtime=RUNTIME):
    """The strings the guest interned, by identity (`interned` in 3.12's runtime state)."""
    registry = getattr(runtime, "interned", None)
    if registry is None:
        registry = runtime.interned = {}
    return registry


def intern(string):
    """`sys.intern`: the canonical copy of `string`, which becomes immortal (3.12)."""
    if type(string) is not str:
        if isinstance(string, str):
            raise TypeError(f"can't intern {type(string).__name__}")
        raise TypeError(f"intern() argument must be str, not {type(string).__name__}")
    string = _host_intern(string)
    registry = interned_registry()
    registry.setdefault(string, string)
    return string


_host_interned_flag = None     # a function str -> bool, False when unusable


def _probe_host_interned():
    """Read `PyASCIIObject.state.interned` (the low two bits of the word after
    ob_refcnt, ob_type, length and hash) -- the same offset on 3.11, 3.12 and
    3.13 -- after checking on known strings that the reading is right."""
    try:
        import ctypes
        offset = 4 * ctypes.sizeof(ctypes.c_ssize_t)
        read = ctypes.c_uint32.from_address

        def flag(string):
            return read(id(string) + offset).value & 3 != 0

        interned = _host_intern("innerpy_refcount_probe")
        fresh = "".join(["innerpy_refcount", "_fresh"])
        if flag(interned) and not flag(fresh) and flag("__name__"):
            return flag
    except Exception:
        pass
    return False


def _is_interned(string):
    global _host_interned_flag
    registry = getattr(RUNTIME, "interned", None)
    if registry is not None and registry.get(string) is string:
        return True
    flag = _host_interned_flag
    if flag is None:
        flag = _host_interned_flag = _probe_host_interned()
    return flag(string) if flag else False


def is_immortal(obj):
    """Whether CPython 3.12 would have made `obj` immortal (`_Py_IsImmortal`)."""
    if id(obj) in _SINGLETONS:
        return True
    cls = type(obj)
    if cls is int:
        return -5 <= obj <= 256
    if cls is str:
        # CPython hands out one shared object per Latin-1 character; innerpy's
        # front end may make others, which stand for those.
        if len(obj) == 1 and ord(obj) < 256:
            return True
        return _is_interned(obj)
    if cls is bytes:
        return len(obj) == 1
    if isinstance(obj, type):
        if cls is type and not obj.__flags__ & _HEAPTYPE:
            return True
        return obj in _standins()
    return False


# How many references innerpy's VM holds, beyond CPython 3.12's one stack
# slot, when guest code calls `sys.getrefcount` -- counted from the host
# count that `getrefcount` below reads, by the name of the VM handler that
# made the call. Measured with tests/runtime/test_refcount.py.
_V = _host_sys.version_info[:2]
_EXTRA_BY_CALLER = {
    "CALL_1": 3,              # handler's `arg`, the *args tuple, the local `obj`; stack slot moved
    "CALL": 3,
    "CALL_KW": 3,
    "CALL_FUNCTION_EX": 3,
}
_EXTRA_FROM_HOST = 2          # the *args tuple and the local `obj`


def getrefcount(*args):
    """`sys.getrefcount(object)`: the guest-visible reference count."""
    if len(args) != 1:
        raise TypeError(f"sys.getrefcount() takes exactly one argument ({len(args)} given)")
    obj = args[0]
    if is_immortal(obj):
        return IMMORTAL_REFCOUNT
    count = _host_getrefcount(obj)
    caller = _host_sys._getframe(1).f_code.co_name
    extra = _EXTRA_BY_CALLER.get(caller, _EXTRA_FROM_HOST)
    return count - extra
