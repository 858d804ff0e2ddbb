"""The on-disk cache of compiled guest modules (CPython's .pyc files, innerpy's format).

Compiling a module with innerpy's compiler costs far more than CPython's, so
compiled code objects are kept next to the source, in `__pycache__`, under
innerpy's own tag: `mod.innerpy-312.pickle` never collides with CPython's
`mod.cpython-312.pyc`. A cache file holds a header -- a magic string that
changes whenever innerpy's front end or compiler changes, the source's mtime
and size -- then the pickled code object. Anything unexpected (a stale or
corrupt file, an unwritable directory) falls back to compiling, silently.
"""

import copyreg
import hashlib
import io
import os
import pickle

from ..objects.code import Code, code_from_state

CACHE_TAG = "innerpy-312"
_HEADER_SEPARATOR = b"\n"
_MAGIC = None


def _magic():
    """A fingerprint of the code that produces cached objects: parser, compiler, code objects."""
    global _MAGIC
    if _MAGIC is None:
        root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        digest = hashlib.sha1()
        for package in ("parser", "compiler"):
            folder = os.path.join(root, package)
            for name in sorted(n for n in os.listdir(folder) if n.endswith(".py")):
                stat = os.stat(os.path.join(folder, name))
                digest.update(f"{name}:{stat.st_mtime_ns}:{stat.st_size};".encode())
        for name in ("objects/code.py", "opcode_metadata.py"):
            stat = os.stat(os.path.join(root, name))
            digest.update(f"{name}:{stat.st_mtime_ns}:{stat.st_size};".encode())
        _MAGIC = b"innerpy-code-" + digest.hexdigest()[:20].encode()
    return _MAGIC


_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH[Code] = lambda code: (code_from_state, code._state())


def cache_path(source_path, variant=""):
    """`__pycache__/NAME[VARIANT].innerpy-312[.opt-N].pickle`: optimised code
    is kept apart, as .pyc files are; so is code compiled from the same
    source under another file name (`variant`, such as the frozen importlib's)."""
    from .. import compiler
    head, tail = os.path.split(source_path)
    base = tail.rpartition(".")[0] or tail
    level = compiler._default_optimize
    opt = f".opt-{level}" if level else ""
    return os.path.join(head, "__pycache__", f"{base}{variant}.{CACHE_TAG}{opt}.pickle")


def _header(source_stat):
    return b"%s %d %d" % (_magic(), int(source_stat.st_mtime_ns), source_stat.st_size)


def load(source_path, source_stat, variant=""):
    """The cached code for `source_path`, or None when there is no valid cache entry."""
    try:
        with open(cache_path(source_path, variant), "rb") as f:
            data = f.read()
    except OSError:
        return None
    header, sep, payload = data.partition(_HEADER_SEPARATOR)
    if not sep or header != _header(source_stat):
        return None
    try:
        return pickle.loads(payload)
    except Exception:
        return None


def store(source_path, source_stat, code, variant=""):
    """Write the cache entry atomically; failures are ignored (`_write_atomic`)."""
    target = cache_path(source_path, variant)
    try:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _DISPATCH
        pickler.dump(code)
        payload = buffer.getvalue()
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temp = f"{target}.{os.getpid()}.tmp"
        with open(temp, "wb") as f:
            f.write(_header(source_stat) + _HEADER_SEPARATOR + payload)
        os.replace(temp, target)
    except Exception:
        try:
            os.unlink(temp)
        except Exception:
            pass
