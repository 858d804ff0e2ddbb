"""Audit hooks (PEP 578) for guest code: `sys.audit`, `sys.addaudithook`.

CPython 3.12 counterparts: `_PySys_Audit`, `sys_audit_tstate`,
`sys_addaudithook_impl` and `should_audit` (Python/sysmodule.c).

Each interpreter has its own hooks (`interp.audit_hooks`), called in the
order they were added, with tracing switched off while they run unless the
hook's `__cantrace__` is true. The hooks are a tuple rather than a list so
that `gc.get_objects()` never shows a list holding them (CPython keeps its
hook list out of the garbage collector's sight; test_audit checks it).

Two kinds of events reach them:

- events for what innerpy itself implements -- compile, exec, import,
  `sys._getframe`, `sys.settrace`, code and function objects, the command
  line's `cpython.run_*` -- which innerpy raises with `audit` below;
- events the *host's* C code raises (`open`, `socket.*`, `os.*`, setting an
  attribute of a class, ...) when guest code calls it. Those go to the
  host's audit hooks, so the first guest hook installs one host hook (per
  host interpreter: host subinterpreters have their own hooks) that hands
  such an event to the hooks of the guest interpreter running on the thread.
  A host hook can never be removed, so it returns at once while no guest
  hook exists, and it passes on only events raised by guest code: those
  whose innermost host Python frame is innerpy's eval loop or one of the
  modules innerpy implements for the guest (`innerpy.vm`, `innerpy.modules`),
  not innerpy's own work (reading source files, the bytecode cache, its own
  lazy imports) and never events that describe the host interpreter's own
  machinery, which innerpy raises for the guest itself.
"""

import sys as _host_sys

from .state import RUNTIME, current_tstate

# Host events about the host interpreter itself: the guest's counterparts are
# raised by innerpy (its import system, compiler, frames, hooks).
_HOST_ONLY = frozenset({
    "import", "compile", "exec", "code.__new__", "function.__new__",
    "sys.addaudithook", "sys._getframe", "sys._getframemodulename",
    "sys.settrace", "sys.setprofile", "sys._current_frames", "sys._current_exceptions",
    "sys.excepthook", "sys.unraisablehook", "builtins.input", "builtins.input/result",
    "builtins.breakpoint",
    # Reading the code or frame of a host frame, function, generator or
    # traceback: guest code only ever holds innerpy's, which raise the event
    # themselves; the host's are innerpy's own machinery (the eval loop
    # finding where a running frame is).
    "object.__getattr__",
})
# Modules whose frames run guest code or act for it.
_GUEST_FACING = ("innerpy.vm.", "innerpy.modules.")

_host_hook_installed = False   # per host interpreter: this module is imported in each
active = False   # some guest interpreter here has a hook: a cheap test before any audit


def audit(event, *args):
    """Raise `event` with `args` in the current guest interpreter (`PySys_Audit`)."""
    tstate = RUNTIME.current_tstate()
    if tstate is not None and tstate.interp.audit_hooks:
        run_hooks(tstate, event, args)


def run_hooks(tstate, event, args):
    """`sys_audit_tstate`: call the interpreter's hooks; an exception from one propagates."""
    hooks = tstate.interp.audit_hooks
    tstate.trace_depth += 1
    tstate.update_tracing()
    try:
        for hook in hooks:
            try:
                can_trace = bool(hook.__cantrace__)
            except AttributeError:
                can_trace = False
            if can_trace:
                tstate.trace_depth -= 1
                tstate.update_tracing()
                try:
                    hook(event, args)
                finally:
                    tstate.trace_depth += 1
                    tstate.update_tracing()
            else:
                hook(event, args)
    finally:
        tstate.trace_depth -= 1
        tstate.update_tracing()


def sys_audit(*args):
    """`sys.audit(event, *args)`."""
    if not args:
        raise TypeError("audit() missing 1 required positional argument: 'event'")
    tstate = current_tstate()
    if not tstate.interp.audit_hooks:
        return None
    event = args[0]
    if not isinstance(event, str):
        raise TypeError(f"expected str for argument 'event', not {type(event).__name__}")
    run_hooks(tstate, event, args[1:])
    return None


def addaudithook(hook):
    """`sys.addaudithook(hook)`: existing hooks may veto it by raising an
    Exception, which is swallowed; a BaseException propagates."""
    tstate = current_tstate()
    try:
        if tstate.interp.audit_hooks:
            run_hooks(tstate, "sys.addaudithook", ())
    except Exception:
        return None
    _start_auditing()
    interp = tstate.interp
    interp.audit_hooks = interp.audit_hooks + (hook,)
    return None


def _start_auditing():
    global _host_hook_installed, active
    active = True
    if not _host_hook_installed:
        _host_sys.addaudithook(_from_host)
        _host_hook_installed = True


def _from_host(event, args, _getframe=_host_sys._getframe):
    """The host audit hook: a host-raised event goes to the guest hooks of the
    interpreter running on this thread, when guest code caused it."""
    if not active or event in _HOST_ONLY or event.startswith("cpython."):
        return
    tstate = RUNTIME.current_tstate()
    if tstate is None or not tstate.interp.audit_hooks:
        return
    caller = _getframe(1).f_globals.get("__name__", "")
    if caller.startswith(_GUEST_FACING):
        run_hooks(tstate, event, args)
