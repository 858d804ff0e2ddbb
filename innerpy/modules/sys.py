"""The guest's `sys` module (Python/sysmodule.c), one per interpreter.

It starts as a copy of the host's `sys` -- the same stream objects, the
same `maxsize`, `byteorder`, `float_info` -- with everything that belongs to
an interpreter replaced: `modules`, `path`, `argv`, `_xoptions`, the
recursion limit, frames, the handled exception, the version (the guest
language is 3.12 whatever the host is), and the hooks.

`sys.implementation.name` is "cpython", deliberately. innerpy is CPython
3.12's interpreter rebuilt, and it promises CPython 3.12's behaviour down to
implementation details -- immortal reference counts, when objects are
finalised, frame and trace semantics. CPython's own tests guard exactly
those details with `cpython_only` and `check_impl_detail()`, which read
this name: under "innerpy" they were skipped, hiding what innerpy gets
wrong; under "cpython" they run. Measured on 13 conformance modules
(test_sys, test_builtin, test_exceptions, test_functools, test_scope,
test_coroutines, test_generators, test_grammar, test_class, test_enum,
test_dataclasses, test_contextlib, test_super): 35 more tests pass (among
them test_builtin.ImmortalTests and test_sys.test_refcount, which only run
on "cpython"), 6 fail and 1 errors that were skipped before (exact
`sys.getsizeof` figures, the recursion depth seen by setrecursionlimit,
details of the unraisable hook), nothing that passed before regressed, and
nothing crashed or hung. Standard-library code that branches on the name
takes its CPython path, which is the path innerpy's guests should see. What
still tells innerpy apart: `sys.version` names it, `sys.implementation._innerpy`
is its version (PEP 421 lets an implementation add underscored attributes),
and `cache_tag` stays "innerpy-312", so innerpy's cache files never collide
with CPython's .pyc files.
"""

import sys as _host_sys
import types

from .. import GUEST_VERSION, __version__
from ..runtime import audit as _audit
from ..runtime.launcher import guest_executable
from ..runtime.state import current_tstate
from .builtins import BuiltinFunction

_SKIP = {"modules", "path", "meta_path", "path_hooks", "path_importer_cache", "argv",
         "orig_argv", "_xoptions", "__spec__", "__loader__"}


class VersionInfo(tuple):
    """`sys.version_info` (a struct sequence in CPython)."""

    __slots__ = ()
    _fields = ("major", "minor", "micro", "releaselevel", "serial")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'sys.version_info' instances")

    major = property(lambda self: self[0])
    minor = property(lambda self: self[1])
    micro = property(lambda self: self[2])
    releaselevel = property(lambda self: self[3])
    serial = property(lambda self: self[4])

    def __repr__(self):
        fields = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"sys.version_info({fields})"


VersionInfo.__name__ = VersionInfo.__qualname__ = "version_info"
VersionInfo.__module__ = "sys"


# 3.12's `__text_signature__` of the sys functions innerpy writes itself (None
# where Argument Clinic gives none), for `inspect.signature`, on every host.
_TEXT_SIGNATURES = {
    "_getframemodulename": "($module, /, depth=0)",
    "_current_frames": "($module, /)",
    "_current_exceptions": "($module, /)",
    "call_tracing": "($module, func, args, /)",
    "breakpointhook": None,
    "unraisablehook": "($module, unraisable, /)",
    "getrecursionlimit": "($module, /)",
    "setrecursionlimit": "($module, limit, /)",
    "_getframe": "($module, depth=0, /)",
    "exception": "($module, /)",
    "exc_info": "($module, /)",
    "settrace": None,
    "gettrace": "($module, /)",
    "setprofile": None,
    "getprofile": "($module, /)",
    "displayhook": "($module, object, /)",
    "excepthook": "($module, exctype, value, traceback, /)",
    "audit": None,
    "addaudithook": "($module, /, hook)",
    "is_finalizing": "($module, /)",
    "intern": "($module, string, /)",
    "getsizeof": None,
    "activate_stack_trampoline": "($module, backend, /)",
    "deactivate_stack_trampoline": "($module, /)",
    "is_stack_trampoline_active": "($module, /)",
}


def _hexversion(info):
    levels = {"alpha": 0xA, "beta": 0xB, "candidate": 0xC, "final": 0xF}
    return (info[0] << 24) | (info[1] << 16) | (info[2] << 8) | (levels[info[3]] << 4) | info[4]


def make_sys(interp, argv, xoptions, path, warnoptions=(), orig_argv=None):
    module = types.ModuleType("sys", _host_sys.__doc__)
    ns = module.__dict__
    for key, value in _host_sys.__dict__.items():
        if key not in _SKIP and not key.startswith("__"):
            ns[key] = value
    for key in ("__stdin__", "__stdout__", "__stderr__", "__displayhook__", "__excepthook__",
                "__breakpointhook__", "__unraisablehook__"):
        if hasattr(_host_sys, key):
            ns[key] = getattr(_host_sys, key)
    info = tuple.__new__(VersionInfo, GUEST_VERSION)
    host = ".".join(map(str, _host_sys.version_info[:3]))
    compiler = _host_sys.version.split("\n")[-1].split("[", 1)[-1]
    ns.update(
        modules=interp.modules,
        argv=list(argv),
        orig_argv=list(orig_argv if orig_argv is not None else argv),
        _xoptions=dict(xoptions),
        warnoptions=list(warnoptions),
        path=list(path),
        meta_path=[],
        path_hooks=[],
        path_importer_cache={},
        version_info=info,
        hexversion=_hexversion(info),
        version=f"{info[0]}.{info[1]}.{info[2]} (innerpy {__version__} on CPython {host}) [{compiler}",
        implementation=types.SimpleNamespace(
            name="cpython", cache_tag="innerpy-312", version=info,
            hexversion=_hexversion(info), _multiarch=getattr(_host_sys.implementation, "_multiarch", ""),
            _innerpy=__version__),
        api_version=1013,
        executable=guest_executable(),
    )

    def getrecursionlimit():
        return interp.recursion_limit

    def setrecursionlimit(limit):
        if not isinstance(limit, int):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(limit).__name__)
        if limit < 1:
            raise ValueError("recursion limit must be greater or equal than 1")
        tstate = current_tstate()
        if limit <= tstate.depth:
            raise RecursionError(f"cannot set the recursion limit to {limit} at the recursion "
                                 f"depth {tstate.depth}: the limit is too low")
        interp.recursion_limit = limit

    def _getframe(depth=0):
        frame = current_tstate().frame
        while depth > 0 and frame is not None:
            frame = frame.previous
            depth -= 1
        if frame is None:
            raise ValueError("call stack is not deep enough")
        _audit.audit("sys._getframe", frame)
        return frame

    def _getframemodulename(depth=0):
        """The module of the function running `depth` frames up (3.12), or None."""
        _audit.audit("sys._getframemodulename", depth)
        frame = current_tstate().frame
        while depth > 0 and frame is not None:
            frame = frame.previous
            depth -= 1
        if frame is None:
            return None
        func = frame.func
        if func is not None:
            return func.__module__
        return frame.f_globals.get("__name__")

    def is_finalizing():
        return interp.finalizing

    def _current_frames():
        """Each thread's innermost guest frame in this interpreter."""
        _audit.audit("sys._current_frames")
        return {ident: tstate.frame for ident, tstate in list(interp.threads.items())
                if tstate.frame is not None}

    def call_tracing(func, args):
        tstate = current_tstate()
        saved = tstate.trace_depth
        tstate.trace_depth = 0
        tstate.update_tracing()
        try:
            return func(*args)
        finally:
            tstate.trace_depth = saved
            tstate.update_tracing()

    def breakpointhook(*args, **kws):
        """`sys_breakpointhook`: PYTHONBREAKPOINT names the guest callable to run."""
        import os
        hookname = os.environ.get("PYTHONBREAKPOINT")
        if hookname is None or len(hookname) == 0:
            hookname = "pdb.set_trace"
        elif hookname == "0":
            return None
        modulepath, dot, funcname = hookname.rpartition(".")
        if dot == "":
            modulepath = "builtins"
        try:
            module = interp.importer.import_module_level(modulepath)
            if "." in modulepath:
                module = interp.modules[modulepath]
            hook = getattr(module, funcname)
        except (ImportError, AttributeError):
            import warnings
            warnings.warn(f'Ignoring unimportable $PYTHONBREAKPOINT: "{hookname}"', RuntimeWarning)
            return None
        return hook(*args, **kws)

    def exception():
        return current_tstate().handled_exception()

    def exc_info():
        from ..objects.traceback import get_traceback
        exc = current_tstate().handled_exception()
        if exc is None:
            return (None, None, None)
        return (type(exc), exc, get_traceback(exc))

    def settrace(func):
        _audit.audit("sys.settrace")
        tstate = current_tstate()
        tstate.tracefunc = func
        tstate.update_tracing()

    def gettrace():
        return current_tstate().tracefunc

    def setprofile(func):
        _audit.audit("sys.setprofile")
        tstate = current_tstate()
        tstate.profilefunc = func
        tstate.update_tracing()

    def getprofile():
        return current_tstate().profilefunc

    def displayhook(value):
        if value is None:
            return
        builtins = interp.builtins_module
        builtins._ = None
        stdout = ns.get("stdout")
        if stdout is None:
            raise RuntimeError("lost sys.stdout")
        text = repr(value)
        try:
            stdout.write(text)
        except UnicodeEncodeError:
            encoding = getattr(stdout, "encoding", None) or "utf-8"
            stdout.write(text.encode(encoding, "backslashreplace").decode(encoding, "strict"))
        stdout.write("\n")
        builtins._ = value

    def excepthook(exctype, value, traceback):
        from ..runtime.errors import print_exception, traceback_limit
        stderr = ns.get("stderr")
        if not isinstance(value, BaseException):
            if stderr is not None:
                stderr.write("TypeError: print_exception(): Exception expected for value, "
                             f"{type(value).__name__} found\n")
            return
        print_exception(value, file=stderr, limit=traceback_limit(module))

    def _current_exceptions():
        """Each thread's handled exception in this interpreter."""
        _audit.audit("sys._current_exceptions")
        return {ident: tstate.handled_exception() for ident, tstate in list(interp.threads.items())}

    def unraisablehook(unraisable):
        from .unraisable import default_hook
        default_hook(unraisable, module)

    functions = dict(_getframemodulename=_getframemodulename, _current_frames=_current_frames,
                     _current_exceptions=_current_exceptions,
                     call_tracing=call_tracing, breakpointhook=breakpointhook,
                     unraisablehook=unraisablehook, getrecursionlimit=getrecursionlimit, setrecursionlimit=setrecursionlimit,
                     _getframe=_getframe, exception=exception, exc_info=exc_info,
                     settrace=settrace, gettrace=gettrace, setprofile=setprofile,
                     getprofile=getprofile, displayhook=displayhook, excepthook=excepthook,
                     audit=_audit.sys_audit, addaudithook=_audit.addaudithook,
                     is_finalizing=is_finalizing)
    from ..runtime import refcount, sizeof
    functions.update(intern=refcount.intern, getsizeof=sizeof.getsizeof)
    from ..runtime import perf   # perf profiler support is process-wide, as in CPython
    functions.update(activate_stack_trampoline=perf.activate_stack_trampoline,
                     deactivate_stack_trampoline=perf.deactivate_stack_trampoline,
                     is_stack_trampoline_active=perf.is_stack_trampoline_active)
    for name, func in functions.items():
        func.__name__ = func.__qualname__ = name
        func.__module__ = "sys"
        host = getattr(_host_sys, name, None)
        if host is not None:
            func.__doc__ = host.__doc__
        # No binding as methods, as C functions.
        functions[name] = BuiltinFunction(func, _TEXT_SIGNATURES[name], module)
    ns.update(functions)
    # Immortal objects as in 3.12 (PEP 683), on every host. getrefcount stays a
    # plain function: it reads which VM handler called it.
    ns.update(getrefcount=refcount.getrefcount)
    for name in ("displayhook", "unraisablehook", "breakpointhook", "excepthook"):
        ns[f"__{name}__"] = functions[name]
    return module
