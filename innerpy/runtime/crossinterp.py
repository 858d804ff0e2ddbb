"""Cross-interpreter data (Python/crossinterp.c, Include/internal/pycore_crossinterp.h).

Objects never travel between guest interpreters; their *data* does. A value
leaves one interpreter as bytes (`serialize`) and is rebuilt in the other
(`deserialize`), so the receiver gets its own copy -- except for immortal
objects (PEP 683: None, the bools, small ints, the empty and one-character
Latin-1 strings, `()`, `b''`, one-byte bytes), which all interpreters share
and which therefore arrive as the very same object.

Shareable (3.13): None, bool, int, float, str, bytes, memoryview and tuples of
shareables (queues travel as their id). Anything else is pickled when the
caller allows it (queues do so by default, as 3.14), else NotShareableError.

Pickled objects are resolved in the *receiving* guest interpreter: classes and
functions are pickled by reference (module and qualified name) and looked up
in that interpreter's `sys.modules`, importing through its own importer.

This module also holds the exception types the low-level modules share and
the exception snapshot (`_PyXI_excinfo`) that `exec` hands back on failure.
"""

import io
import pickle
import struct
import types

from .state import current_tstate


# -- the exception types (module "interpreters" in CPython 3.13) -------------

class InterpreterError(Exception):
    """A cross-interpreter operation failed"""


class InterpreterNotFoundError(InterpreterError):
    """An interpreter was not found"""


class NotShareableError(ValueError):
    pass


for _cls in (InterpreterError, InterpreterNotFoundError, NotShareableError):
    _cls.__module__ = "interpreters"


class QueueError(RuntimeError):
    """Indicates that a queue-related error happened."""


class QueueNotFoundError(QueueError):
    pass


for _cls in (QueueError, QueueNotFoundError):
    _cls.__module__ = "interpreters"


# -- immortality and shareability -------------------------------------------

def is_immortal(obj):
    """True for the objects CPython 3.12 makes immortal and shares between interpreters."""
    if obj is None or obj is True or obj is False or obj is Ellipsis or obj is NotImplemented:
        return True
    kind = type(obj)
    if kind is int:
        return -5 <= obj <= 256
    if kind is str:
        return len(obj) == 0 or (len(obj) == 1 and ord(obj) < 256)
    if kind is bytes:
        return len(obj) <= 1
    if kind is tuple:
        return len(obj) == 0
    return False


_ATOMS = (type(None), bool, int, float, str, bytes)


def is_shareable(obj):
    """`_PyObject_CheckCrossInterpreterData`: can `obj`'s data cross without pickling?"""
    kind = type(obj)
    if kind in _ATOMS or kind is memoryview:
        return True
    if kind is tuple:
        return all(is_shareable(item) for item in obj)
    return _xid_of(obj) is not None


def _xid_of(obj):
    """(kind, id) for an object that crosses as an id (a queue), else None."""
    if not _XID_KINDS:
        from ..modules import _interpqueues  # noqa: F401  (registers "queue")
    for kind, (_, identify, _) in _XID_KINDS.items():
        ident = identify(obj)
        if ident is not None:
            return kind, ident
    return None


def not_shareable(obj):
    return NotShareableError(f"{obj!r} does not support cross-interpreter data")


# Formats of an item's bytes: shareable data, or a pickle.
FMT_SHARED = 0
FMT_PICKLED = 1

_NONE, _TRUE, _FALSE, _INT, _FLOAT, _STR, _BYTES, _TUPLE, _BIGINT, _XID = b"NTFifsbtIx"


def _encode(obj, out):
    kind = type(obj)
    if obj is None:
        out.append(b"N")
    elif kind is bool:
        out.append(b"T" if obj else b"F")
    elif kind is int:
        if -(1 << 63) <= obj < (1 << 63):
            out.append(b"i" + struct.pack("<q", obj))
        else:
            data = obj.to_bytes((obj.bit_length() + 8) // 8, "little", signed=True)
            out.append(b"I" + struct.pack("<I", len(data)) + data)
    elif kind is float:
        out.append(b"f" + struct.pack("<d", obj))
    elif kind is str:
        data = obj.encode("utf-8", "surrogatepass")
        out.append(b"s" + struct.pack("<I", len(data)) + data)
    elif kind is bytes or kind is memoryview:
        data = bytes(obj)
        out.append(b"b" + struct.pack("<I", len(data)) + data)
    elif kind is tuple:
        out.append(b"t" + struct.pack("<I", len(obj)))
        for item in obj:
            _encode(item, out)
    else:
        xid = _xid_of(obj)
        if xid is None:
            raise not_shareable(obj)
        tag, ident = xid
        _XID_KINDS[tag][2](ident)
        tag = tag.encode("ascii")
        out.append(b"x" + struct.pack("<B", len(tag)) + tag + struct.pack("<q", ident))


def _decode(data, pos):
    tag = data[pos]
    pos += 1
    if tag == _NONE:
        return None, pos
    if tag == _TRUE:
        return True, pos
    if tag == _FALSE:
        return False, pos
    if tag == _INT:
        return struct.unpack_from("<q", data, pos)[0], pos + 8
    if tag == _FLOAT:
        return struct.unpack_from("<d", data, pos)[0], pos + 8
    if tag in (_STR, _BYTES, _BIGINT):
        size = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        chunk = data[pos:pos + size]
        pos += size
        if tag == _STR:
            return chunk.decode("utf-8", "surrogatepass"), pos
        if tag == _BIGINT:
            return int.from_bytes(chunk, "little", signed=True), pos
        return chunk, pos
    if tag == _TUPLE:
        count = struct.unpack_from("<I", data, pos)[0]
        pos += 4
        items = []
        for _ in range(count):
            item, pos = _decode(data, pos)
            items.append(item)
        return tuple(items), pos
    if tag == _XID:
        size = data[pos]
        kind = data[pos + 1:pos + 1 + size].decode("ascii")
        pos += 1 + size
        ident = struct.unpack_from("<q", data, pos)[0]
        if not _XID_KINDS:
            from ..modules import _interpqueues  # noqa: F401  (registers "queue")
        return _XID_KINDS[kind][0](ident), pos + 8
    raise ValueError(f"corrupt cross-interpreter data (tag {tag!r})")


# Guest-visible types that cross as an id: kind -> (rebuild from the id in the
# receiving interpreter, the id of an object or None, hold the id in flight).
_XID_KINDS = {}


def register_xid(kind, factory, identify, in_flight):
    _XID_KINDS[kind] = (factory, identify, in_flight)


def serialize(obj, fmt=FMT_SHARED):
    """Bytes standing for `obj`: its shareable data, or (when `fmt` allows) a pickle."""
    if is_shareable(obj):
        out = [b"S"]
        _encode(obj, out)
        return b"".join(out)
    if fmt != FMT_PICKLED:
        raise not_shareable(obj)
    buffer = io.BytesIO()
    buffer.write(b"P")
    GuestPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


def deserialize(data):
    """The receiving interpreter's own copy of the object `data` stands for."""
    if data[:1] == b"S":
        obj, _ = _decode(data, 1)
        return obj
    return GuestUnpickler(io.BytesIO(memoryview(data)[1:])).load()


def copy(obj, fmt=FMT_SHARED):
    return deserialize(serialize(obj, fmt))


# -- pickling guest objects -------------------------------------------------

def _guest_global(module, qualname):
    """Find `module.qualname` in the current guest interpreter (importing it there)."""
    interp = current_tstate().interp
    mod = interp.modules.get(module)
    if mod is None:
        mod = interp.importer.find_and_load(module)
    obj = mod
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def _host_importable(obj):
    """Whether the host's pickle would find `obj` itself under its module and name."""
    import sys
    module = sys.modules.get(getattr(obj, "__module__", None) or "")
    qualname = getattr(obj, "__qualname__", None)
    if module is None or not isinstance(qualname, str):
        return False
    found = module
    try:
        for part in qualname.split("."):
            found = getattr(found, part)
    except AttributeError:
        return False
    return found is obj


def _global_kinds():
    from ..modules.builtins import BuiltinFunction
    from ..objects.function import Function
    return (type, types.FunctionType, types.BuiltinFunctionType, Function, BuiltinFunction)


class GuestPickler(pickle.Pickler):
    """A pickler that names guest classes and functions by the guest's modules."""

    _kinds = None

    def reducer_override(self, obj):
        kinds = GuestPickler._kinds
        if kinds is None:
            kinds = GuestPickler._kinds = _global_kinds()
        if not isinstance(obj, kinds) or _host_importable(obj):
            return NotImplemented
        module = getattr(obj, "__module__", None)
        qualname = getattr(obj, "__qualname__", None)
        if not isinstance(module, str) or not isinstance(qualname, str) or "<" in qualname:
            raise pickle.PicklingError(f"Can't pickle {obj!r}: attribute lookup "
                                       f"{qualname} on {module} failed")
        try:
            found = _guest_global(module, qualname)
        except Exception:
            found = None
        if found is not obj:
            raise pickle.PicklingError(f"Can't pickle {obj!r}: attribute lookup "
                                       f"{qualname} on {module} failed")
        return _guest_global, (module, qualname)


class GuestUnpickler(pickle.Unpickler):
    """Resolves globals in the receiving guest interpreter's modules."""

    def find_class(self, module, name):
        if module == __name__ and name == "_guest_global":
            return _guest_global
        try:
            interp = current_tstate().interp
        except RuntimeError:
            interp = None
        if interp is None or module == "copyreg" or module == "innerpy" or \
                module.startswith("innerpy."):
            return super().find_class(module, name)
        return _guest_global(module, name)


# -- exception snapshots ----------------------------------------------------

def capture_exception(exc):
    """`_PyXI_excinfo`: what survives of an exception once it leaves its interpreter."""
    from .errors import format_exception
    kind = type(exc)
    module = getattr(kind, "__module__", "builtins")
    qualname = getattr(kind, "__qualname__", kind.__name__)
    try:
        msg = str(exc)
    except BaseException:
        msg = None
    name = qualname if module in ("builtins", "__main__") else f"{module}.{qualname}"
    formatted = f"{name}: {msg}" if msg else name
    try:
        errdisplay = "".join(format_exception(exc)).rstrip("\n")
    except BaseException:
        errdisplay = None
    return (kind.__name__, qualname, module, msg, formatted, errdisplay)


def excinfo_namespace(snapshot):
    """The `types.SimpleNamespace` `_interpreters.exec` returns for a snapshot."""
    name, qualname, module, msg, formatted, errdisplay = snapshot
    kind = types.SimpleNamespace(__name__=name, __qualname__=qualname, __module__=module)
    return types.SimpleNamespace(type=kind, msg=msg, formatted=formatted, errdisplay=errdisplay)
