"""The guest's `_interpreters` module (Modules/_interpretersmodule.c, 3.13's API).

Guest interpreters are `Interpreter` objects of innerpy's runtime. Two kinds
exist behind one set of functions:

* **local** interpreters live in this host interpreter beside the caller.
  `exec` binds the target's thread state on the calling host thread, runs the
  code in the target's `__main__` and binds the caller's state again, so
  interpreters nest. They share the host's GIL: a *legacy* config everywhere,
  and an *isolated* one on a host without a per-interpreter GIL (3.11).
* **remote** interpreters (`innerpy.runtime.subinterp`) are isolated guest
  interpreters on a 3.12+ host: each runs in its own host subinterpreter with
  its own GIL, so they compute in parallel.

Configs follow `PyInterpreterConfig`; `new_config` and `create` validate them
with CPython 3.13's messages.
"""

import sys as _host_sys
import threading
import types

from ..runtime import crossinterp as xi
from ..runtime.crossinterp import (InterpreterError, InterpreterNotFoundError,
                                   NotShareableError)
from ..runtime.state import RUNTIME, current_tstate

WHENCE_UNKNOWN = 0
WHENCE_RUNTIME = 1
WHENCE_LEGACY_CAPI = 2
WHENCE_CAPI = 3
WHENCE_XI = 4
WHENCE_STDLIB = 5

_FIELDS = ("use_main_obmalloc", "allow_fork", "allow_exec", "allow_threads",
           "allow_daemon_threads", "check_multi_interp_extensions", "gil")
_BOOL_FIELDS = _FIELDS[:-1]
_GILS = ("default", "shared", "own")

_NAMED = {
    "isolated": (False, False, False, True, False, True, "own"),
    "legacy": (True, True, True, True, True, False, "shared"),
    "empty": (False, False, False, False, False, False, "default"),
}
_NAMED["default"] = _NAMED[""] = _NAMED["isolated"]

# The main interpreter's config (what `get_config(main)` reports).
_MAIN_CONFIG = _NAMED["legacy"][:-1] + ("own",)


def _namespace(values):
    return types.SimpleNamespace(**dict(zip(_FIELDS, values)))


def new_config(name="isolated", /, **overrides):
    """new_config(name='isolated', /, **overrides) -> type.SimpleNamespace

Return a representation of a new PyInterpreterConfig.

The name determines the initial values of the config.  Supported named
configs are: default, isolated, legacy, and empty.

Any keyword arguments are set on the corresponding config fields,
overriding the initial values."""
    if not isinstance(name, str):
        shown = "None" if name is None else type(name).__name__
        raise TypeError(f"_interpreters.new_config() argument 1 must be str, not {shown}")
    if name not in _NAMED:
        raise ValueError(f"unsupported config name '{name}'")
    values = dict(zip(_FIELDS, _NAMED[name]))
    extra = {k: v for k, v in overrides.items() if k not in values}
    if extra:
        count = len(extra)
        raise ValueError(f"config dict has {count} extra item{'s' if count != 1 else ''} "
                         f"({extra!r})")
    values.update(overrides)
    return types.SimpleNamespace(**_validated(values))


def _validated(values):
    """`_PyInterpreterConfig_InitFromDict`: every field present and of its type."""
    for field in _FIELDS:
        if field not in values:
            raise ValueError(f"missing config key: {field}")
    extra = {k: v for k, v in values.items() if k not in _FIELDS}
    if extra:
        count = len(extra)
        raise ValueError(f"config dict has {count} extra item{'s' if count != 1 else ''} "
                         f"({extra!r})")
    for field in _BOOL_FIELDS:
        if type(values[field]) is not bool:
            raise TypeError(f"invalid config type: {field}")
    gil = values["gil"]
    if not isinstance(gil, str):
        raise TypeError("invalid config type: gil")
    if gil not in _GILS:
        raise ValueError(f"unsupported interpreter config .gil value '{gil}'")
    return {field: values[field] for field in _FIELDS}


def _config_from_arg(config):
    if config is None:
        return _validated(vars(new_config("isolated")))
    if isinstance(config, str):
        return _validated(vars(new_config(config)))
    if isinstance(config, types.SimpleNamespace):
        return _validated(dict(vars(config)))
    raise TypeError(f"bad config {config!r}")


def _check_creatable(config):
    """`init_interpreter`'s checks; CPython reports them as a failed creation."""
    if not config["use_main_obmalloc"] and not config["check_multi_interp_extensions"]:
        raise InterpreterError("interpreter creation failed")


# -- looking interpreters up --------------------------------------------------

def _resolve_id(id):
    if isinstance(id, bool) or not isinstance(id, int):
        index = getattr(type(id), "__index__", None)
        if index is None or isinstance(id, (str, bytes, float)):
            raise TypeError(f"interpreter ID must be an int, got {type(id).__name__}")
        id = index(id)
    if id < 0:
        raise ValueError(f"interpreter ID must be a non-negative int, got {id}")
    return id


def _lookup(id, restrict=False, op=None):
    target = _lookup_any(id)
    if restrict and _whence_of(target) != WHENCE_STDLIB:
        raise InterpreterError(f"cannot {op} unrecognized interpreter {target.id}")
    return target


def _lookup_any(id):
    id = _resolve_id(id)
    target = RUNTIME.interpreters.get(id)
    if target is None and id == 0 and RUNTIME.main is not None \
            and RUNTIME.main.config.get("xi_child"):
        from ..runtime.subinterp import ForeignMain
        return ForeignMain()
    if target is None:
        from ..runtime.subinterp import find_foreign
        target = find_foreign(id)
    if target is None or getattr(target, "xi_destroyed", False):
        raise InterpreterNotFoundError(f"unrecognized interpreter ID {id}")
    return target


def _main_id():
    main = RUNTIME.main
    return 0 if main.config.get("xi_child") else main.id


def _whence_of(target):
    if target is RUNTIME.main:
        return target.config.get("xi_whence", WHENCE_RUNTIME)
    return target.config.get("xi_whence", WHENCE_UNKNOWN)


def _is_running(target):
    if target is RUNTIME.main and target.config.get("xi_whence", WHENCE_RUNTIME) == WHENCE_RUNTIME:
        return True
    return getattr(target, "xi_running", 0) > 0


# -- the module's functions ----------------------------------------------------

def create(config=None, *, reqrefs=False):
    """create([config], *, reqrefs=False) -> ID

Create a new interpreter and return a unique generated ID."""
    config = _config_from_arg(config)
    _check_creatable(config)
    from ..runtime import subinterp
    if subinterp.wants_host_subinterpreter(config):
        target = subinterp.RemoteInterpreter.create(config)
    else:
        target = _create_local(config)
    target.xi_refs = 0
    target.xi_reqrefs = bool(reqrefs)
    return target.id


def _create_local(config):
    from ..runtime import subinterp
    from ..runtime.pythonrun import initialize
    subinterp.allocate_local_id()
    caller = current_tstate().interp
    main = RUNTIME.main
    source = caller.sys if caller.sys is not None else main.sys
    interp = initialize(argv=list(getattr(source, "argv", [""])), xoptions=dict(source._xoptions),
                        path=list(subinterp.initial_sys_path(main)), warnoptions=list(source.warnoptions),
                        orig_argv=list(source.orig_argv),
                        inline_comprehensions=caller.inline_comprehensions, bind=False,
                        config={"xi_config": config, "xi_whence": WHENCE_STDLIB})
    interp.sys.dont_write_bytecode = source.dont_write_bytecode
    interp.xi_running = 0
    install_extension_check(interp)
    previous = RUNTIME.bind(interp.thread_state())
    try:
        subinterp.start_site(interp, source.flags)
    finally:
        RUNTIME.bind(previous)
    return interp


def destroy(id, *, restrict=False):
    """destroy(id, *, restrict=False)

Destroy the identified interpreter.

Attempting to destroy the current interpreter raises InterpreterError.
So does an unrecognized ID."""
    target = _lookup(id, restrict, "destroy")
    current = current_tstate().interp
    if target is current:
        raise InterpreterError("cannot destroy the current interpreter")
    if _is_running(target):
        raise InterpreterError("interpreter running")
    _finalize(target)


def _finalize(target):
    """`Py_EndInterpreter`: wait for its threads, run its atexit callbacks, forget it."""
    target.xi_destroyed = True
    try:
        if hasattr(target, "remote_destroy"):
            target.remote_destroy()
        else:
            _finalize_local(target)
    finally:
        with RUNTIME.lock:
            RUNTIME.interpreters.pop(target.id, None)
        from ._interpqueues import _store
        try:
            _store().interpreter_destroyed(target.id)
        except Exception:
            pass


def _finalize_local(target):
    tstate = target.thread_state()
    previous = RUNTIME.bind(tstate)
    try:
        _join_threads(target.modules.get("threading"))
        callbacks = target.atexit_callbacks
        while callbacks:
            func, args, kwargs = callbacks.pop()
            try:
                func(*args, **kwargs)
            except BaseException as error:
                _report_unraisable(target, error, func)
        for name in ("stdout", "stderr"):
            stream = getattr(target.sys, name, None)
            try:
                stream.flush()
            except Exception:
                pass
        target.modules.clear()
        target.threads.clear()
    finally:
        RUNTIME.bind(previous)


def _join_threads(threading_module):
    """`wait_for_thread_shutdown`: run threading's own exit hooks, then join
    the interpreter's non-daemon threads."""
    if threading_module is None:
        return
    hooks = getattr(threading_module, "_threading_atexits", None)
    if hooks:
        threading_module._SHUTTING_DOWN = True
        for hook in reversed(list(hooks)):
            try:
                hook()
            except BaseException:
                pass
    try:
        main = threading_module.main_thread()
        dummy = getattr(threading_module, "_DummyThread", ())
        for thread in threading_module.enumerate():
            if thread is main or thread.daemon or isinstance(thread, dummy):
                continue
            if thread.ident != threading.get_ident():
                thread.join()
    except BaseException:
        pass


def _report_unraisable(target, error, func):
    from ..runtime.errors import print_exception
    stderr = getattr(target.sys, "stderr", None) or _host_sys.stderr
    try:
        stderr.write(f"Exception ignored in atexit callback: {func!r}\n")
        print_exception(error, stderr)
    except Exception:
        pass


def list_all(*, require_ready=False):
    """list_all() -> [(ID, whence)]

Return a list containing the ID of every existing interpreter."""
    from ..runtime.subinterp import foreign_ids
    registered = set(foreign_ids())
    result = []
    for ident, target in sorted(RUNTIME.interpreters.items()):
        if getattr(target, "xi_destroyed", False):
            continue
        if hasattr(target, "remote_exec") and ident not in registered:
            continue      # closed from another interpreter
        result.append((ident, _whence_of(target)))
    known = {ident for ident, _ in result}
    result.extend((ident, WHENCE_STDLIB) for ident in registered if ident not in known)
    result.sort()
    if RUNTIME.main is not None and RUNTIME.main.config.get("xi_child"):
        result.insert(0, (0, WHENCE_RUNTIME))
    return result


def get_current():
    """get_current() -> (ID, whence)

Return the ID of current interpreter."""
    interp = current_tstate().interp
    return interp.id, _whence_of(interp)


def get_main():
    """get_main() -> (ID, whence)

Return the ID of main interpreter."""
    return _main_id(), WHENCE_RUNTIME


def whence(id):
    """whence(id) -> int

Return an identifier for where the interpreter was created."""
    return _whence_of(_lookup(id))


def get_config(id, *, restrict=False):
    """get_config(id, *, restrict=False) -> types.SimpleNamespace

Return a representation of the config used to initialize the interpreter."""
    target = _lookup(id, restrict, "get the config of")
    config = target.config.get("xi_config")
    if config is None:
        return _namespace(_MAIN_CONFIG)
    return types.SimpleNamespace(**config)


def is_running(id, *, restrict=False):
    """is_running(id, *, restrict=False) -> bool

Return whether or not the identified interpreter is running."""
    return _is_running(_lookup(id, restrict, "check if running"))


def is_shareable(obj):
    """is_shareable(obj) -> bool

Return True if the object's data may be shared between interpreters and
False otherwise."""
    return xi.is_shareable(obj)


def incref(id, *, implieslink=False, restrict=False):
    target = _lookup(id)
    target.xi_refs = getattr(target, "xi_refs", 0) + 1


def decref(id, *, restrict=False):
    target = _lookup(id)
    refs = getattr(target, "xi_refs", 0) - 1
    target.xi_refs = max(refs, 0)
    if refs <= 0 and getattr(target, "xi_reqrefs", False) and not _is_running(target) \
            and target is not current_tstate().interp:
        _finalize(target)


def set___main___attrs(id, ns, *, restrict=False):
    """set___main___attrs(id, ns, *, restrict=False)

Bind the given attributes in the interpreter's __main__ module."""
    target = _lookup(id, restrict, "update __main__ for")
    if ns is None:
        return None
    if not hasattr(ns, "items"):
        raise TypeError(f"object of type '{type(ns).__name__}' has no len()")
    if not ns:
        raise ValueError("arg 2 must be a non-empty mapping")
    payload = _shared_payload(ns)
    if hasattr(target, "remote_set_main_attrs"):
        target.remote_set_main_attrs(payload)
        return None
    _run_local(target, lambda: _bind_main_attrs(target, payload))


def _shared_payload(ns):
    """The data of a `shared` namespace: names and shareable values."""
    if ns is None:
        return None
    items = []
    for key, value in ns.items():
        if not isinstance(key, str):
            raise xi.not_shareable(key)
        if not xi.is_shareable(value):
            raise xi.not_shareable(value)
        items.append((key, value))
    return xi.serialize(tuple(items))


def _bind_main_attrs(target, payload):
    if payload is None:
        return
    namespace = target.modules["__main__"].__dict__
    for key, value in xi.deserialize(payload):
        namespace[key] = value


def _code_arg(code, funcname):
    """The code `exec` runs: source text or a no-argument, closure-free guest function or code."""
    from ..objects.code import Code
    from ..objects.function import Function
    if isinstance(code, str):
        return code
    if isinstance(code, Function):
        if code.__closure__:
            raise ValueError(f"(in {funcname}(), argument 2) closures not supported")
        code = code.code
    if isinstance(code, Code):
        if code.co_argcount or code.co_kwonlyargcount or code.co_posonlyargcount or \
                code.co_flags & 0x0C:
            raise ValueError(f"(in {funcname}(), argument 2) arguments not supported")
        if code.co_freevars:
            raise ValueError(f"(in {funcname}(), argument 2) closures not supported")
        return code
    raise TypeError(f"{funcname}() argument 2 must be a string, a function, or a code object, "
                    f"not {type(code).__name__}")


def exec(id, code, shared=None, *, restrict=False):
    """exec(id, code, shared=None, *, restrict=False)

Execute the provided code in the identified interpreter.
This is equivalent to running the builtin exec() under the target
interpreter, using the __dict__ of its __main__ module as both
globals and locals.

"code" may be a string containing the text of a Python script.

Functions (and code objects) are also supported, with some restrictions.
The code/function must not take any arguments or be a closure
(i.e. have cell vars).  Methods and other callables are not supported.

If a function is provided, its code object is used and all its state
is ignored, including its __globals__ dict."""
    return _exec(id, code, shared, "_interpreters.exec", restrict)


def run_string(id, script, shared=None, *, restrict=False):
    """run_string(id, script, shared=None, *, restrict=False)

Execute the provided string in the identified interpreter.

(See _interpreters.exec()."""
    if not isinstance(script, str):
        raise TypeError(f"_interpreters.run_string() argument 2 must be str, "
                        f"not {type(script).__name__}")
    return _exec(id, script, shared, "_interpreters.run_string", restrict)


def run_func(id, func, shared=None, *, restrict=False):
    """run_func(id, func, shared=None, *, restrict=False)

Execute the body of the provided function in the identified interpreter.
Code objects are also supported.  In both cases, closures and args
are not supported.  Methods and other callables are not supported either.

(See _interpreters.exec()."""
    if isinstance(func, str):
        raise TypeError("_interpreters.run_func() argument 2 must be a function, not str")
    return _exec(id, func, shared, "_interpreters.run_func", restrict)


def _exec(id, code, shared, funcname, restrict=False):
    target = _lookup(id, restrict, "exec code for")
    code = _code_arg(code, funcname)
    payload = _shared_payload(shared)
    if hasattr(target, "remote_exec"):
        snapshot = target.remote_exec(code, payload)
    else:
        _, snapshot = _run_local(target, lambda: _exec_in(target, code, payload))
    return None if snapshot is None else xi.excinfo_namespace(snapshot)


def _exec_in(target, code, payload):
    """Run `code` in `target`'s `__main__` (the calling thread is bound to `target`)."""
    from ..runtime.pythonrun import run_code
    _bind_main_attrs(target, payload)
    namespace = target.modules["__main__"].__dict__
    if isinstance(code, str):
        from ..compiler import compile as innerpy_compile
        code = innerpy_compile(code, "<string>", "exec", dont_inherit=True)
    run_code(code, namespace, namespace)


def _run_local(target, body):
    """Run `body()` with `target` current on this host thread: (result, exception snapshot)."""
    if _is_running(target):
        raise InterpreterError("interpreter already running")
    tstate = target.thread_state()
    previous = RUNTIME.bind(tstate)
    target.xi_running = getattr(target, "xi_running", 0) + 1
    try:
        try:
            return body(), None
        except BaseException as error:
            return None, xi.capture_exception(error)
    finally:
        target.xi_running -= 1
        RUNTIME.bind(previous)


def call(id, callable, args=None, kwargs=None, *, restrict=False):
    """call(id, callable, args=None, kwargs=None, *, restrict=False)

Call the provided object in the identified interpreter.
Pass the given args and kwargs, if possible.

"callable" may be a plain function with no free vars that takes
no arguments.

The function's code object is used and all its state
is ignored, including its __globals__ dict."""
    from ..objects.function import Function
    if not isinstance(callable, Function):
        raise TypeError(f"_interpreters.call() argument 2 must be a function, "
                        f"not {type(callable).__name__}")
    _, excinfo = _call(id, callable, args, kwargs, restrict)
    return excinfo


def _call(id, callable, args=None, kwargs=None, restrict=False):
    """Call `callable(*args, **kwargs)` in the interpreter: (result, excinfo or None).

    The callable, arguments and result cross as data: a function of the
    caller's `__main__` runs its code against the target's `__main__`; other
    callables travel by reference (pickled) and resolve in the target."""
    target = _lookup(id, restrict, "make a call in")
    request = xi.serialize(_callable_ref(callable) + (tuple(args or ()), dict(kwargs or {})),
                           xi.FMT_PICKLED)
    if hasattr(target, "remote_call"):
        result, snapshot = target.remote_call(request)
    else:
        result, snapshot = _run_local(target, lambda: call_request(target, request))
    if snapshot is not None:
        return None, xi.excinfo_namespace(snapshot)
    return xi.deserialize(result), None


def _callable_ref(func):
    from ..objects.function import Function
    if isinstance(func, Function) and (func.__module__ == "__main__" or
                                       "<" in func.__qualname__):
        if func.__closure__:
            raise ValueError("(in _interpreters.call(), argument 2) closures not supported")
        from .marshal import dumps
        return ("code", dumps(func.code), func.__name__, func.__qualname__,
                func.defaults, func.kwdefaults)
    return ("object", func)


def call_request(target, request):
    """In the target: rebuild the callable and arguments, call, return the serialized result."""
    from ..objects.function import Function
    parts = xi.deserialize(request)
    kind = parts[0]
    args, kwargs = parts[-2], parts[-1]
    if kind == "code":
        from .marshal import loads
        _, data, name, qualname, defaults, kwdefaults = parts[:6]
        namespace = target.modules["__main__"].__dict__
        func = Function(loads(data), namespace, name=name, qualname=qualname,
                        argdefs=defaults, kwdefaults=kwdefaults,
                        builtins=target.builtins, interp=target)
    else:
        func = parts[1]
    return xi.serialize(func(*args, **kwargs), xi.FMT_PICKLED)


def capture_exception(exc=None):
    """capture_exception(exc=None) -> types.SimpleNamespace

Return a snapshot of an exception.  If "exc" is None
then the current exception, if any, is used (but not cleared).

The returned snapshot is the same as what _interpreters.exec() returns."""
    if exc is None:
        exc = current_tstate().handled_exception()
        if exc is None:
            return None
    elif not isinstance(exc, BaseException):
        raise TypeError(f"expected exception, got {exc!r}")
    return xi.excinfo_namespace(xi.capture_exception(exc))


def supports_parallelism():
    """innerpy's own: whether isolated interpreters run in parallel on this host."""
    from ..runtime import subinterp
    return subinterp.host_supported()


_FUNCTIONS = (new_config, create, destroy, list_all, get_current, get_main, whence, get_config,
              is_running, is_shareable, incref, decref, set___main___attrs, exec, run_string,
              run_func, call, _call, capture_exception, supports_parallelism)


class CrossInterpreterBufferView:
    """A memoryview's data received from another interpreter."""


def make_interpreters(interp):
    module = types.ModuleType("_interpreters", "This module provides primitive operations to "
                              "manage Python interpreters.\nThe 'interpreters' module provides "
                              "a more convenient interface.")
    ns = module.__dict__
    for func in _FUNCTIONS:
        ns[func.__name__] = func
    ns.update(InterpreterError=InterpreterError, InterpreterNotFoundError=InterpreterNotFoundError,
              NotShareableError=NotShareableError,
              CrossInterpreterBufferView=CrossInterpreterBufferView,
              WHENCE_UNKNOWN=WHENCE_UNKNOWN, WHENCE_RUNTIME=WHENCE_RUNTIME,
              WHENCE_LEGACY_CAPI=WHENCE_LEGACY_CAPI, WHENCE_CAPI=WHENCE_CAPI,
              WHENCE_XI=WHENCE_XI, WHENCE_STDLIB=WHENCE_STDLIB)
    return module


# -- per-interpreter views of host modules ---------------------------------------
#
# A host extension module is one object for every guest interpreter that lives
# in this host interpreter. Three of them carry per-interpreter behaviour, so a
# subinterpreter gets its own wrapper (the main interpreter keeps the host's).

def _subinterpreter_config(interp):
    return interp.config.get("xi_config")


def make_thread_module(interp):
    """`_thread` whose new threads start in the interpreter that made them."""
    import _thread as host
    config = _subinterpreter_config(interp)
    if config is None:
        return host
    module = types.ModuleType("_thread", host.__doc__)
    module.__dict__.update({k: v for k, v in host.__dict__.items()
                            if k not in ("__name__", "__spec__", "__loader__", "__package__")})

    def in_interpreter(function):
        def run(*args, **kwargs):
            previous = RUNTIME.bind(interp.thread_state())
            try:
                return function(*args, **kwargs)
            finally:
                interp.threads.pop(host.get_ident(), None)
                RUNTIME.bind(previous)
        return run

    def check_threads():
        if not config["allow_threads"]:
            raise RuntimeError("thread is not supported for isolated subinterpreters")

    def start_new_thread(function, args, kwargs=None, /):
        check_threads()
        if kwargs is None:
            return host.start_new_thread(in_interpreter(function), args)
        return host.start_new_thread(in_interpreter(function), args, kwargs)

    def daemon_threads_allowed():
        return config["allow_daemon_threads"]

    def _is_main_interpreter():
        return False

    module.start_new_thread = module.start_new = start_new_thread
    module.daemon_threads_allowed = daemon_threads_allowed
    module._is_main_interpreter = _is_main_interpreter
    if hasattr(host, "start_joinable_thread"):
        def start_joinable_thread(function, handle=None, daemon=True):
            check_threads()
            if handle is None:
                return host.start_joinable_thread(in_interpreter(function), daemon=daemon)
            return host.start_joinable_thread(in_interpreter(function), handle=handle,
                                              daemon=daemon)
        module.start_joinable_thread = start_joinable_thread
    return module


def make_atexit_module(interp):
    """`atexit` whose callbacks run when the subinterpreter is closed. The main
    interpreter's uses the host's callbacks (they run at the host's exit), in
    a new module object each time it is imported, as CPython's multi-phase
    `atexit` is: its state is the interpreter's, not the module object's."""
    import atexit as host
    if _subinterpreter_config(interp) is None:
        module = types.ModuleType("atexit", host.__doc__)
        module.__dict__.update((name, value) for name, value in vars(host).items()
                               if not name.startswith("__"))
        return module
    module = types.ModuleType("atexit", host.__doc__)
    callbacks = interp.atexit_callbacks

    def register(func, *args, **kwargs):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        callbacks.append((func, args, kwargs))
        return func

    def unregister(func):
        callbacks[:] = [entry for entry in callbacks if not entry[0] == func]

    def _run_exitfuncs():
        while callbacks:
            func, args, kwargs = callbacks.pop()
            try:
                func(*args, **kwargs)
            except BaseException as error:
                _report_unraisable(interp, error, func)

    def _clear():
        callbacks.clear()

    def _ncallbacks():
        return len(callbacks)

    for func in (register, unregister, _run_exitfuncs, _clear, _ncallbacks):
        func.__module__ = "atexit"
        module.__dict__[func.__name__] = func
    return module


def make_posix_module(interp):
    """`posix` refusing fork and exec where the config does."""
    import posix as host
    config = _subinterpreter_config(interp)
    if config is None or (config["allow_fork"] and config["allow_exec"]):
        return host
    module = types.ModuleType("posix", host.__doc__)
    module.__dict__.update({k: v for k, v in host.__dict__.items()
                            if k not in ("__name__", "__spec__", "__loader__", "__package__")})

    def refuse(name, what):
        def refused(*args, **kwargs):
            raise RuntimeError(f"{what} not supported for isolated subinterpreters")
        refused.__name__ = refused.__qualname__ = name
        return refused

    if not config["allow_fork"]:
        for name in ("fork", "forkpty"):
            if hasattr(host, name):
                module.__dict__[name] = refuse(name, "fork")
    if not config["allow_exec"]:
        for name in ("execv", "execve"):
            if hasattr(host, name):
                module.__dict__[name] = refuse(name, "exec")
    return module


# -- extension modules and multiple interpreters (PEP 489's Py_mod_multiple_interpreters) --

MULTIPLE_INTERPRETERS_NOT_SUPPORTED = 0
MULTIPLE_INTERPRETERS_SUPPORTED = 1
PER_INTERPRETER_GIL_SUPPORTED = 2

# Host extension modules that do not declare support for several interpreters
# (single-phase init), as the host's own subinterpreters report them.
_NOT_SUPPORTED_312 = frozenset({
    "_ctypes", "_curses", "_curses_panel", "_datetime", "_decimal", "_elementtree", "_lsprof",
    "_tkinter", "faulthandler", "pyexpat", "readline", "_testbuffer", "_testcapi",
    "_testclinic", "_testimportmultiple", "_testsinglephase", "_xxtestfuzz", "xxlimited_35",
})
_NOT_SUPPORTED_313 = frozenset({
    "_curses", "_curses_panel", "_suggestions", "_testbuffer", "_testcapi", "_testclinic",
    "_testclinic_limited", "_testexternalinspection", "_testimportmultiple", "_testlimitedcapi",
    "_testsinglephase", "_tkinter", "_tracemalloc", "_xxtestfuzz", "faulthandler", "readline",
    "xxlimited_35",
})


def multiple_interpreters_level(name):
    """The `Py_mod_multiple_interpreters` level of a module innerpy provides or loads.

    innerpy's own modules are built afresh for each interpreter, so they
    support a GIL per interpreter; host extension modules have the level the
    host's module definition declares."""
    from .registry import PROVIDED
    if name in PROVIDED:
        return PER_INTERPRETER_GIL_SUPPORTED
    table = _NOT_SUPPORTED_313 if _host_sys.version_info >= (3, 13) else _NOT_SUPPORTED_312
    if name in table:
        return MULTIPLE_INTERPRETERS_NOT_SUPPORTED
    return PER_INTERPRETER_GIL_SUPPORTED


class ExtensionCheckFinder:
    """First on an isolated interpreter's `sys.meta_path`: refuses host extension
    modules that do not support subinterpreters (`_PyImport_CheckSubinterpIncompatibleExtensionAllowed`),
    unless `importlib.util._incompatible_extension_module_restrictions` lifts the check."""

    def __init__(self, interp):
        self.interp = interp

    def _check_enabled(self):
        override = self.interp.config.get("override_multi_interp_extensions_check", 0)
        if override:
            enabled = override > 0
        else:
            config = self.interp.config.get("xi_config") or {}
            enabled = config.get("check_multi_interp_extensions", False)
        if self.interp.config.get("xi_child"):
            # The host subinterpreter makes the same check on the real import.
            try:
                import _imp as host_imp
                host_imp._override_multi_interp_extensions_check(1 if enabled else -1)
            except Exception:
                pass
        return enabled

    def find_spec(self, name, path=None, target=None):
        if multiple_interpreters_level(name) != MULTIPLE_INTERPRETERS_NOT_SUPPORTED:
            return None
        if not self._check_enabled():
            return None
        if name not in _host_sys.builtin_module_names:
            import importlib.machinery as machinery
            search = path if path is not None else self.interp.sys.path
            spec = machinery.PathFinder.find_spec(name, [p for p in search if isinstance(p, str)])
            if spec is None or not isinstance(spec.loader, machinery.ExtensionFileLoader):
                return None
        raise ImportError(f"module {name} does not support loading in subinterpreters", name=name)


def install_extension_check(interp):
    interp.sys.meta_path.insert(0, ExtensionCheckFinder(interp))


def make_signal_module(interp):
    """`_signal` where only the main interpreter may install handlers."""
    import _signal as host
    if _subinterpreter_config(interp) is None:
        return host
    module = types.ModuleType("_signal", host.__doc__)
    module.__dict__.update({k: v for k, v in host.__dict__.items()
                            if k not in ("__name__", "__spec__", "__loader__", "__package__")})

    def main_only(name):
        def refused(*args, **kwargs):
            raise ValueError(f"{name} only works in main thread of the main interpreter")
        refused.__name__ = refused.__qualname__ = name
        return refused

    for name in ("signal", "set_wakeup_fd"):
        if hasattr(host, name):
            module.__dict__[name] = main_only(name)
    return module
