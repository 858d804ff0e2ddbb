"""Unraisable exceptions (`PyErr_WriteUnraisable`) reaching the guest's `sys.unraisablehook`.

An exception in a guest `__del__`, a weakref callback or a finaliser is
reported by the *host*, which calls the host's `sys.unraisablehook`.
innerpy installs a host hook that hands the report to the guest
interpreter running on that thread: to the guest's own `sys.unraisablehook`
(with the guest traceback), or, by default, prints it in CPython's format
on the guest's stderr.
"""

import sys as _host_sys
import types

from ..objects.function import Function
from ..objects.traceback import get_traceback, new_traceback, set_traceback
from ..runtime.audit import audit
from ..runtime.state import RUNTIME

_installed = False


def install():
    """Route the host's unraisable reports to the current guest interpreter (once per process)."""
    global _installed
    if not _installed:
        _host_sys.unraisablehook = _dispatch
        _installed = True


class UnraisableHookArgs(tuple):
    """`sys.UnraisableHookArgs` (a struct sequence in CPython): what the hook receives."""

    __slots__ = ()
    _fields = ("exc_type", "exc_value", "exc_traceback", "err_msg", "object")

    exc_type = property(lambda self: self[0])
    exc_value = property(lambda self: self[1])
    exc_traceback = property(lambda self: self[2])
    err_msg = property(lambda self: self[3])
    object = property(lambda self: self[4])


UnraisableHookArgs.__module__ = "sys"


def _hook_args(exc_type, exc, err_msg, obj):
    """`_PyErr_WriteUnraisableMsg`'s arguments: an exception that was never
    raised gets a traceback naming the guest frame that reports it, which
    becomes its `__traceback__`, as in CPython."""
    tb = get_traceback(exc) if exc is not None else None
    if exc is not None and tb is None:
        tstate = RUNTIME.current_tstate()
        frame = tstate.frame if tstate is not None else None
        if frame is not None:
            tb = new_traceback(None, frame, frame.f_lasti)
            set_traceback(exc, tb)
    return tuple.__new__(UnraisableHookArgs, (exc_type, exc, tb, err_msg, obj))


def _dispatch(unraisable):
    tstate = RUNTIME.current_tstate()
    if tstate is None or tstate.interp.sys is None:
        return _host_sys.__unraisablehook__(unraisable)
    obj = unraisable.object
    if isinstance(obj, types.MethodType) and type(obj.__func__) is Function:
        # The host found `__del__` through a bound method; CPython names the function.
        obj = obj.__func__
    try:
        report(tstate.interp.sys, unraisable.exc_value, unraisable.err_msg, obj,
               unraisable.exc_type)
    except BaseException:
        _host_sys.__unraisablehook__(unraisable)


def report(guest_sys, exc, err_msg, obj=None, exc_type=None):
    """`PyErr_WriteUnraisable` in the guest: its `sys.unraisablehook`, or the
    default report; a hook that fails is reported in its turn by the default
    hook ("Exception ignored in sys.unraisablehook: <hook>")."""
    args = _hook_args(type(exc) if exc_type is None else exc_type, exc, err_msg, obj)
    hook = getattr(guest_sys, "unraisablehook", None)
    try:
        audit("sys.unraisablehook", hook, args)
    except Exception as error:
        default_hook(_hook_args(type(error), error, "Exception ignored in audit hook", None),
                     guest_sys)
        return
    if hook is None:
        default_hook(args, guest_sys)
        return
    try:
        hook(args)
    except BaseException as error:
        default_hook(_hook_args(type(error), error, "Exception ignored in sys.unraisablehook",
                                hook), guest_sys)


def default_hook(unraisable, guest_sys):
    """The guest's `sys.__unraisablehook__`: CPython's "Exception ignored in:" report."""
    from ..runtime.errors import format_exception, format_exception_only
    if type(unraisable) is not UnraisableHookArgs:
        raise TypeError("sys.unraisablehook argument type must be UnraisableHookArgs")
    stderr = getattr(guest_sys, "stderr", None)
    if stderr is None:
        return
    message = unraisable.err_msg or "Exception ignored in"
    if unraisable.object is not None:
        try:
            described = repr(unraisable.object)
        except Exception:
            described = "<object repr() failed>"
        stderr.write(f"{message}: {described}\n")
    else:
        stderr.write(f"{message}:\n")
    exc = unraisable.exc_value
    if exc is not None:
        lines = format_exception(exc)
    else:
        lines = [f"{getattr(unraisable.exc_type, '__name__', unraisable.exc_type)}\n"]
    stderr.write("".join(lines))
    try:
        stderr.flush()
    except Exception:
        pass


def without_excepthook(thread_module):
    """The guest's `_thread` without `_excepthook`, so that the guest's
    threading module reports thread errors with guest tracebacks (its
    pure-Python fallback). The host's own module is copied, never changed."""
    import _thread
    if thread_module is _thread:
        copy = types.ModuleType("_thread", _thread.__doc__)
        copy.__dict__.update({k: v for k, v in _thread.__dict__.items()
                              if k not in ("__name__", "__spec__", "__loader__", "__package__")})
        thread_module = copy
    for name in ("_excepthook", "_ExceptHookArgs"):
        thread_module.__dict__.pop(name, None)
    return thread_module
