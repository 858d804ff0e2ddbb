"""The guest's `builtins` module (Python/bltinmodule.c).

Most builtins are the host's own functions and types: guest values are host
objects, so `len`, `int`, `sorted` and friends already behave as in CPython.
The ones that depend on *where* they are called from or on interpreter
state are innerpy's: `__build_class__`, `__import__`, `super`, `globals`,
`locals`, `vars`, `dir`, `exec`, `eval`, `compile`, and `print`/`input`,
which must write to the guest's `sys.stdout`, not the host's.
"""

import builtins as _host_builtins
import types

from ..objects import asyncgen
from ..objects.code import Code
from ..objects.function import Function
from ..runtime.audit import audit
from ..runtime.state import current_tstate
from ..vm.frame import NULL

_host_print = _host_builtins.print
_host_super = _host_builtins.super


def _caller_frame():
    frame = current_tstate().frame
    if frame is None:
        raise SystemError("no current frame")
    return frame


class GuestSuper(_host_super):
    """`super`, whose zero-argument form finds `__class__` and the first
    argument in the calling *guest* frame (`super_init_without_args`)."""

    def __init__(self, *args, **kwargs):
        if kwargs:
            raise TypeError("super() takes no keyword arguments")
        if not args:
            args = _zero_arg_super_args(_caller_frame())
        elif len(args) > 2:
            raise TypeError(f"super() expected at most 2 arguments, got {len(args)}")
        elif not isinstance(args[0], type):
            raise TypeError(f"super() argument 1 must be a type, not {type(args[0]).__name__}")
        _host_super.__init__(self, *args)


GuestSuper.__name__ = GuestSuper.__qualname__ = "super"
GuestSuper.__module__ = "builtins"


def _zero_arg_super_args(frame):
    from ..objects.code import CO_FAST_CELL, CO_FAST_FREE
    code = frame.code
    if code.co_argcount == 0:
        raise RuntimeError("super(): no arguments")
    first = frame.fastlocals[0]
    if code.localspluskinds[0] & CO_FAST_CELL and first is not NULL:
        try:
            first = first.cell_contents
        except ValueError:
            first = NULL
    if first is NULL:
        raise RuntimeError("super(): arg[0] deleted")
    try:
        index = code.localsplusnames.index("__class__")
    except ValueError:
        raise RuntimeError("super(): __class__ cell not found") from None
    if not code.localspluskinds[index] & CO_FAST_FREE:
        raise RuntimeError("super(): __class__ cell not found")
    try:
        cls = frame.fastlocals[index].cell_contents
    except ValueError:
        raise RuntimeError("super(): empty __class__ cell") from None
    if not isinstance(cls, type):
        raise RuntimeError(f"super(): __class__ is not a type ({type(cls).__name__})")
    return cls, first


def build_class(func, name, *bases, **kwds):
    """`builtin___build_class__`."""
    if type(func) is not Function:
        raise TypeError("__build_class__: func must be a function")
    if not isinstance(name, str):
        raise TypeError("__build_class__: name is not a string")
    from ..vm.ceval import make_frame, run_frame
    tstate = current_tstate()
    cell_box = []

    def exec_body(ns):
        classdictcell = None
        frame = make_frame(tstate, func, (), None, locals=ns)
        cell = run_frame(tstate, frame)
        cell_box.append(cell)

    meta = kwds.pop("metaclass", None)
    resolved = types.resolve_bases(bases)
    if meta is None:
        meta = type(resolved[0]) if resolved else type
    if isinstance(meta, type):
        meta = types._calculate_meta(meta, resolved)
    prepare = getattr(meta, "__prepare__", None)
    ns = prepare(name, resolved, **kwds) if prepare is not None else {}
    if not hasattr(type(ns), "__getitem__"):
        raise TypeError(f"{meta.__name__ if isinstance(meta, type) else '<metaclass>'}"
                        ".__prepare__() must return a "
                        f"mapping, not {type(ns).__name__}")
    exec_body(ns)
    if resolved is not bases:
        ns["__orig_bases__"] = bases
    for special, wrap in (("__init_subclass__", classmethod), ("__class_getitem__", classmethod),
                          ("__new__", staticmethod)):
        # type.__new__ makes these implicit class/static methods only for host
        # functions; guest functions need the same treatment.
        try:
            value = ns[special]
        except (KeyError, TypeError):
            continue
        if type(value) is Function:
            ns[special] = wrap(value)
    classdictcell = None
    try:
        classdictcell = ns.pop("__classdictcell__")
    except (KeyError, AttributeError, TypeError):
        pass
    cls = meta(name, resolved, ns, **kwds)
    if classdictcell is not None:
        classdictcell.cell_contents = cls.__dict__ if isinstance(cls, type) else ns
    cell = cell_box[0]
    if isinstance(cell, types.CellType) and isinstance(cls, type):
        try:
            contents = cell.cell_contents
        except ValueError:
            raise RuntimeError(f"__class__ not set defining {name!r} as {cls!r}. "
                               "Was __classcell__ propagated to type.__new__?") from None
        if contents is not cls:
            raise TypeError(f"__class__ set to {contents!r} defining {name!r} as {cls!r}")
    return cls


class BuiltinFunction:
    # A builtin innerpy writes in Python, shaped like CPython's
    # `builtin_function_or_method`: it does not bind as a method, so
    # `class A: print = print` keeps a plain function, as 3.12's `__del__`
    # idioms (and test_sys.test_is_finalizing) rely on. No class docstring:
    # `__doc__` is each builtin's own.

    # `inspect.signature` knows a builtin by its class and reads its
    # `__text_signature__`, dropping the `$module` parameter bound to
    # `__self__` (the function it stands for is kept out of sight: inspect
    # would follow a `__wrapped__` to a host function and find nothing).
    __slots__ = ("_func", "__name__", "__qualname__", "__doc__", "_module",
                 "__text_signature__", "__self__")

    def __init__(self, func, text_signature=None, module=None):
        self._func = func
        self.__name__, self.__qualname__, self.__doc__ = func.__name__, func.__qualname__, func.__doc__
        self._module = func.__module__
        self.__text_signature__ = text_signature
        self.__self__ = module

    def __call__(self, /, *args, **kwargs):
        return self._func(*args, **kwargs)

    @property
    def __class__(self):
        """`isinstance(print, types.BuiltinFunctionType)` holds, as in CPython
        (isinstance consults `__class__`); `type(print)` stays this class."""
        return _BUILTIN_FUNCTION_TYPE

    def __repr__(self):
        return f"<built-in function {self.__name__}>"

    def __reduce__(self):
        return self.__qualname__


_BUILTIN_FUNCTION_TYPE = type(len)
BuiltinFunction.__name__ = BuiltinFunction.__qualname__ = "builtin_function_or_method"
# Each one's `__module__` is its own (builtins, sys), as `m_module` is in CPython;
# like `Function`'s, it is a property set past the class's own `__module__`.
type.__setattr__(BuiltinFunction, "__module__", property(lambda self: self._module))


# 3.12's `__text_signature__` of the builtins innerpy writes itself (None
# where Argument Clinic gives none), the same on every host.
_TEXT_SIGNATURES = {
    "__import__": "($module, /, name, globals=None, locals=None, fromlist=(),\n           level=0)",
    "print": "($module, /, *args, sep=' ', end='\\n', file=None, flush=False)",
    "input": "($module, prompt='', /)",
    "globals": "($module, /)",
    "locals": "($module, /)",
    "vars": "($module, object=<unrepresentable>, /)",
    "dir": "($module, arg=<unrepresentable>, /)",
    "compile": "($module, /, source, filename, mode, flags=0,\n        dont_inherit=False, "
               "optimize=-1, *, _feature_version=-1)",
    "exec": "($module, source, globals=None, locals=None, /, *, closure=None)",
    "eval": "($module, source, globals=None, locals=None, /)",
    "breakpoint": None,
    "anext": "($module, aiterator, default=<unrepresentable>, /)",
    "__build_class__": None,
}


def make_builtins(interp):
    """A fresh `builtins` module for `interp`."""
    module = types.ModuleType("builtins", _host_builtins.__doc__)
    namespace = module.__dict__
    for key, value in _host_builtins.__dict__.items():
        if key not in ("__name__", "__doc__", "__spec__", "__loader__", "__package__"):
            namespace[key] = value
    sys_of = lambda: interp.sys  # noqa: E731  (the guest may replace sys attributes)

    def print(*args, sep=" ", end="\n", file=None, flush=False):
        if file is None:
            file = getattr(sys_of(), "stdout", None)
            if file is None:
                return
        _host_print(*args, sep=sep, end=end, file=file, flush=flush)

    def input(prompt=""):
        sys = sys_of()
        stdout, stdin = sys.stdout, sys.stdin
        audit("builtins.input", prompt)
        if prompt:
            stdout.write(str(prompt))
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise EOFError("EOF when reading a line")
        line = line[:-1] if line.endswith("\n") else line
        audit("builtins.input/result", line)
        return line

    def __import__(name, globals=None, locals=None, fromlist=(), level=0):
        return interp.importer.import_module_level(name, globals, fromlist, level)

    def globals():
        return _caller_frame().globals

    def locals():
        return _caller_frame().f_locals

    def vars(*args):
        if not args:
            return _caller_frame().f_locals
        if len(args) > 1:
            raise TypeError(f"vars expected at most 1 argument, got {len(args)}")
        try:
            return args[0].__dict__
        except AttributeError:
            raise TypeError("vars() argument must have __dict__ attribute") from None

    def dir(*args):
        if not args:
            return sorted(_caller_frame().f_locals.keys())
        return _host_builtins.dir(*args)

    def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, *,
                _feature_version=-1):
        from ..compiler import compile as innerpy_compile
        if not dont_inherit:
            frame = current_tstate().frame
            if frame is not None:
                flags |= frame.code.co_flags & _FUTURE_FLAGS
        _audit_compile(source, filename)
        return innerpy_compile(source, filename, mode, flags, dont_inherit, optimize)

    def exec(source, globals=None, locals=None, /, *, closure=None):
        return _exec_or_eval(interp, "exec", source, globals, locals, closure)

    def eval(source, globals=None, locals=None, /):
        return _exec_or_eval(interp, "eval", source, globals, locals, None)

    def breakpoint(*args, **kws):
        hook = getattr(sys_of(), "breakpointhook", None)
        if hook is None:
            raise RuntimeError("lost sys.breakpointhook")
        audit("builtins.breakpoint", hook)
        return hook(*args, **kws)

    overrides = dict(print=print, input=input, __import__=__import__, globals=globals,
                     locals=locals, vars=vars, dir=dir, compile=compile, exec=exec, eval=eval,
                     breakpoint=breakpoint, super=GuestSuper, __build_class__=build_class,
                     anext=asyncgen.anext)
    for name, func in overrides.items():
        if callable(func) and not isinstance(func, type):
            host = getattr(_host_builtins, name, None)
            func.__name__ = func.__qualname__ = name
            func.__module__ = "builtins"
            if host is not None:
                func.__doc__ = host.__doc__
            func = BuiltinFunction(func, _TEXT_SIGNATURES[name], module)
        namespace[name] = func
    namespace["__debug__"] = True
    return module


_FUTURE_FLAGS = 0x1000000 | 0x400000 | 0x800000 | 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000


def _exec_or_eval(interp, mode, source, globals, locals, closure):
    from ..compiler import compile as innerpy_compile
    from ..runtime.pythonrun import run_code
    name = mode
    caller = current_tstate().frame
    if globals is None:
        if caller is None:
            raise SystemError("globals and locals cannot be NULL")
        globals = caller.globals
        if locals is None:
            locals = caller.f_locals
    elif locals is None:
        locals = globals
    if not isinstance(globals, dict):
        if mode == "exec":
            raise TypeError(f"exec() globals must be a dict, not {type(globals).__name__}")
        raise TypeError("globals must be a real dict; try eval(expr, {}, mapping)"
                        if hasattr(type(globals), "__getitem__") else "globals must be a dict")
    if locals is not None and not hasattr(type(locals), "__getitem__"):
        raise TypeError("locals must be a mapping" if mode == "eval" else
                        f"locals must be a mapping or None, not {type(locals).__name__}")
    if "__builtins__" not in globals:
        # The builtins dict of the frame running exec, as PyEval_GetBuiltins gives.
        globals["__builtins__"] = caller.builtins if caller is not None else interp.builtins
    if isinstance(source, Code):
        code = source
        if mode == "eval" and code.co_freevars:
            raise TypeError("code object passed to eval() may not contain free variables")
    elif isinstance(source, types.CodeType):
        raise TypeError(f"{name}() arg 1 must be a string, bytes or code object "
                        "(host code objects cannot run in innerpy)")
    else:
        if isinstance(source, (bytes, bytearray, memoryview)):
            source = bytes(source)
        elif not isinstance(source, str):
            raise TypeError(f"{name}() arg 1 must be a string, bytes or code object")
        if mode == "eval" and isinstance(source, str):
            source = source.lstrip(" \t")
        flags = caller.code.co_flags & _FUTURE_FLAGS if caller is not None else 0
        _audit_compile(source, "<string>")
        code = innerpy_compile(source, "<string>", mode, flags, True)
    audit("exec", code)
    return run_code(code, globals, locals, closure=closure)


def _audit_compile(source, filename):
    """The "compile" event of 3.12: for source text its parser raises it with the
    text as UTF-8 bytes (`_PyPegen_run_parser_from_string`); an AST is named with no file."""
    if isinstance(source, str):
        audit("compile", source.encode("utf-8", "surrogatepass"), filename)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        audit("compile", bytes(source), filename)
    elif hasattr(source, "_fields"):
        audit("compile", source, None)     # an AST: 3.12 names no file
