"""Multiple interpreters in one process (PEP 734), as innerpy's guest module.

Importable as `interpreters` and as `concurrent.interpreters` (3.14's name).
Every interpreter has its own modules, `sys`, builtins and `__main__`;
objects never cross between them, only data (see `is_shareable`). On a host
with a GIL per interpreter, isolated interpreters run in parallel
(`PARALLEL` says whether this host does).
"""

import threading
import weakref

import _interpreters
from _interpreters import (InterpreterError, InterpreterNotFoundError, NotShareableError,
                           is_shareable)

__all__ = [
    "get_current", "get_main", "create", "list_all", "is_shareable",
    "Interpreter",
    "InterpreterError", "InterpreterNotFoundError", "ExecutionFailed", "NotShareableError",
    "create_queue", "Queue", "QueueEmpty", "QueueFull",
]

# Whether isolated interpreters get their own GIL on this host (False on 3.11).
PARALLEL = _interpreters.supports_parallelism()


def __getattr__(name):
    if name in ("Queue", "QueueEmpty", "QueueFull", "create_queue"):
        from . import _queues
        value = getattr(_queues, "create" if name == "create_queue" else name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ExecutionFailed(InterpreterError):
    """An exception escaped code run by Interpreter.exec() or Interpreter.call().

    The exception itself stays behind; `excinfo` describes it: `type`
    (with `__name__`, `__qualname__`, `__module__`), `msg`, `formatted`
    and `errdisplay` (its traceback as the other interpreter printed it).
    """

    def __init__(self, excinfo):
        text = excinfo.formatted
        if not text:
            kind = excinfo.type.__name__
            text = f"{kind}: {excinfo.msg}" if kind and excinfo.msg else (kind or excinfo.msg)
        super().__init__(text)
        self.excinfo = excinfo

    def __str__(self):
        shown = super().__str__()
        display = getattr(self.excinfo, "errdisplay", None)
        if not display:
            return shown
        return f"{shown}\n\nUncaught in the interpreter:\n\n{display}"


def create():
    """A new, idle interpreter (isolated config)."""
    return Interpreter(_interpreters.create(reqrefs=True), _ownsref=True)


def list_all():
    """Every interpreter that exists now."""
    return [Interpreter(id, _whence=whence)
            for id, whence in _interpreters.list_all(require_ready=True)]


def get_current():
    """The interpreter running this code."""
    id, whence = _interpreters.get_current()
    return Interpreter(id, _whence=whence)


def get_main():
    """The main interpreter."""
    id, whence = _interpreters.get_main()
    return Interpreter(id, _whence=whence)


_instances = weakref.WeakValueDictionary()

_WHENCE = {
    _interpreters.WHENCE_UNKNOWN: "unknown",
    _interpreters.WHENCE_RUNTIME: "runtime init",
    _interpreters.WHENCE_LEGACY_CAPI: "legacy C-API",
    _interpreters.WHENCE_CAPI: "C-API",
    _interpreters.WHENCE_XI: "cross-interpreter C-API",
    _interpreters.WHENCE_STDLIB: "_interpreters module",
}


class Interpreter:
    """One interpreter, named by its process-wide `id`.

    There is one Interpreter object per id in each interpreter. Only
    interpreters made by create() can be closed, prepared, or run code.
    """

    def __new__(cls, id, /, _whence=None, _ownsref=None):
        if not isinstance(id, int):
            raise TypeError(f"id must be an int, got {id!r}")
        id = int(id)
        self = _instances.get(id)
        if self is not None:
            return self
        if _whence is None:
            _whence = (_interpreters.WHENCE_STDLIB if _ownsref
                       else _interpreters.whence(id))
        if _ownsref is None:
            _ownsref = _whence == _interpreters.WHENCE_STDLIB
        self = super().__new__(cls)
        self._id = id
        self._whence = _whence
        self._ownsref = _ownsref
        if _ownsref:
            _interpreters.incref(id)
        _instances[id] = self
        return self

    def __repr__(self):
        return f"{type(self).__name__}({self._id})"

    def __hash__(self):
        return hash(self._id)

    def __del__(self):
        self._decref()

    def __reduce__(self):
        return (type(self), (self._id,))

    def _decref(self):
        if not self._ownsref:
            return
        self._ownsref = False
        try:
            _interpreters.decref(self._id)
        except InterpreterNotFoundError:
            pass

    @property
    def id(self):
        return self._id

    @property
    def whence(self):
        return _WHENCE[self._whence]

    def is_running(self):
        """Whether some thread is running code in this interpreter now."""
        return _interpreters.is_running(self._id)

    def close(self):
        """Finalize the interpreter: wait for its threads, run its atexit
        callbacks, then destroy it. The current interpreter cannot close itself."""
        return _interpreters.destroy(self._id, restrict=True)

    def prepare_main(self, ns=None, /, **kwargs):
        """Bind shareable values as globals of the interpreter's __main__."""
        values = dict(ns, **kwargs) if ns is not None else kwargs
        _interpreters.set___main___attrs(self._id, values, restrict=True)
        return self

    def exec(self, code, /):
        """Run source code (or a function's body) in the interpreter's __main__.

        Blocks until it finishes; an uncaught exception there becomes
        ExecutionFailed here."""
        excinfo = _interpreters.exec(self._id, code, restrict=True)
        if excinfo is not None:
            raise ExecutionFailed(excinfo)

    def call(self, callable, /, *args, **kwargs):
        """Call `callable(*args, **kwargs)` in the interpreter and return its result.

        The callable, arguments and result cross as data (shareable, else
        pickled); a function of __main__ runs against the target's __main__."""
        result, excinfo = _interpreters._call(self._id, callable, args, kwargs, restrict=True)
        if excinfo is not None:
            raise ExecutionFailed(excinfo)
        return result

    def call_in_thread(self, callable, /, *args, **kwargs):
        """Start (and return) a thread that calls `callable` in the interpreter."""
        def task():
            self.call(callable, *args, **kwargs)
        thread = threading.Thread(target=task)
        thread.start()
        return thread
