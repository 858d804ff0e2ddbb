"""The guest's `marshal` module (Python/marshal.c).

The standard library's importlib writes and reads `.pyc` files with
`marshal`. The host's marshal knows only host code objects, so the guest
gets one that also serialises innerpy's code objects: data holding guest
code is written in innerpy's cache format (a marker, then a pickle made
with the bytecode cache's dispatch table); everything else is the host's
marshal format, byte for byte.
"""

import io
import marshal as _host_marshal
import pickle
import types

from ..objects.code import Code

_MARKER = b"\xffinnerpy-marshal\x00"


def _contains_code(value, depth=0):
    if type(value) is Code:
        return True
    if depth < 50 and isinstance(value, (tuple, list, frozenset, set)):
        return any(_contains_code(item, depth + 1) for item in value)
    if depth < 50 and isinstance(value, dict):
        return any(_contains_code(k, depth + 1) or _contains_code(v, depth + 1)
                   for k, v in value.items())
    return False


def dumps(value, version=_host_marshal.version, /):
    if not _contains_code(value):
        return _host_marshal.dumps(value, version)
    from ..runtime.bytecode_cache import _DISPATCH
    buffer = io.BytesIO()
    buffer.write(_MARKER)
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return buffer.getvalue()


def loads(data, /):
    data = bytes(data)
    if data.startswith(_MARKER):
        try:
            return pickle.loads(data[len(_MARKER):])
        except Exception:
            raise ValueError("bad marshal data (innerpy code)") from None
    return _host_marshal.loads(data)


def dump(value, file, version=_host_marshal.version, /):
    file.write(dumps(value, version))


def load(file, /):
    data = file.read()
    if bytes(data[:len(_MARKER)]) == _MARKER:
        return loads(data)
    # The host's `load`, not `loads`, so that audit hooks hear "marshal.load" as on CPython.
    return _host_marshal.load(io.BytesIO(data))


def make_marshal(interp):
    module = types.ModuleType("marshal", _host_marshal.__doc__)
    for name, func in (("dumps", dumps), ("loads", loads), ("dump", dump), ("load", load)):
        module.__dict__[name] = func
    module.version = _host_marshal.version
    return module
