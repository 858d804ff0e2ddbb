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
from ..objects.traceback import get_traceback
from ..runtime.audit import audit
from ..runtime.state import RUNTIME

_installed = False


def install():
    """Route the host's unraisable reports to the current guest interpreter (once per process)."""
    global _installed
    if not _installed:
        _host_sys.unraisablehook = _dispatch
        _installed = True


def _dispatch(unraisable):
    tstate = RUNTIME.current_tstate()
    if tstate is None or tstate.interp.sys is None:
        return _host_sys.__unraisablehook__(unraisable)
    guest_sys = tstate.interp.sys
    obj = unraisable.object
    if isinstance(obj, types.MethodType) and type(obj.__func__) is Function:
        # The host found `__del__` through a bound method; CPython names the function.
        obj = obj.__func__
    args = types.SimpleNamespace(
        exc_type=unraisable.exc_type, exc_value=unraisable.exc_value,
        exc_traceback=get_traceback(unraisable.exc_value) if unraisable.exc_value is not None else None,
        err_msg=unraisable.err_msg, object=obj)
    try:
        _call_hook(guest_sys, args)
    except BaseException:
        _host_sys.__unraisablehook__(unraisable)


def write_unraisable(guest_sys, exc, err_msg, obj=None):
    """`PyErr_WriteUnraisable` for innerpy's own reports (an audit hook that
    failed where nothing can raise): the guest's hook, else the default report."""
    args = types.SimpleNamespace(exc_type=type(exc), exc_value=exc,
                                 exc_traceback=get_traceback(exc), err_msg=err_msg, object=obj)
    try:
        _call_hook(guest_sys, args)
    except BaseException:
        default_hook(args, guest_sys)


def _call_hook(guest_sys, args):
    hook = getattr(guest_sys, "unraisablehook", None)
    audit("sys.unraisablehook", hook, args)
    if hook is None:
        default_hook(args, guest_sys)
    else:
        hook(args)


def default_hook(unraisable, guest_sys):
    """The guest's `sys.__unraisablehook__`: CPython's "Exception ignored in:" report."""
    from ..runtime.errors import format_exception, format_exception_only
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
