"""Start-up and running guest programs (Python/pylifecycle.c, pythonrun.c, Modules/main.c).

`initialize` builds the main interpreter: its builtins, sys, importer and
`__main__`. `run_file`, `run_source`, `run_module` and `run_interactive`
are what the command line calls; `run_code` runs a code object in a
namespace and is what `exec`, the importer and `__build_class__` share.
"""

import os
import sys as _host_sys
import types

from ..modules.builtins import make_builtins
from ..modules.sys import make_sys
from ..vm.ceval import run_frame
from ..vm.frame import NULL, Frame
from .importer import Importer, InnerpyFinder
from .state import RUNTIME, current_tstate


def initialize(argv=("",), xoptions=None, path=None, warnoptions=(), orig_argv=None,
               inline_comprehensions=True, bind=True, config=None, startup=None):
    """Create the main interpreter (or a new one) and, unless `bind` is false,
    make it current on this thread. `config` adds entries to `interp.config`.
    `startup` (runtime/site_setup.py, from the command line) sets sys.flags,
    imports `site` and puts sys.path[0] in front, as CPython's start-up does."""
    interp = RUNTIME.new_interpreter(dict(config or {}, inline_comprehensions=inline_comprehensions))
    if path is None:
        path = [p for p in _host_sys.path if p and not p.endswith(os.sep + "innerpy")]
    from ..modules import host_warnings, unraisable
    unraisable.install()
    host_warnings.install()
    interp.builtins_module = make_builtins(interp)
    interp.builtins = interp.builtins_module.__dict__
    interp.sys = make_sys(interp, argv, xoptions or {}, path, warnoptions, orig_argv)
    if startup is not None:
        startup.set_flags(interp)
    interp.importer = Importer(interp)
    interp.sys.meta_path.append(InnerpyFinder(interp))
    interp.modules["sys"] = interp.sys
    interp.modules["builtins"] = interp.builtins_module
    main = types.ModuleType("__main__")
    main.__builtins__ = interp.builtins_module
    interp.modules["__main__"] = main
    if bind:
        RUNTIME.bind(interp.thread_state())
        if startup is not None:
            startup.apply(interp)
    return interp


def run_code(code, globals, locals=None, closure=None):
    """Run a code object in a namespace (`PyEval_EvalCode` / exec with a closure)."""
    tstate = current_tstate()
    builtins = globals.get("__builtins__")
    if builtins is None:
        builtins = globals["__builtins__"] = tstate.interp.builtins_module
    if not isinstance(builtins, dict):
        builtins = builtins.__dict__
    func = None
    if code.co_freevars:
        if closure is None or len(closure) != len(code.co_freevars):
            raise TypeError(f"code object requires a closure of exactly length "
                            f"{len(code.co_freevars)}")
        from ..objects.function import Function
        func = Function(code, globals, closure=tuple(closure), builtins=builtins,
                        interp=tstate.interp)
    elif closure is not None and len(closure):
        raise TypeError("cannot use a closure with this code object")
    from ..objects.code import CO_OPTIMIZED
    if code.co_flags & CO_OPTIMIZED:
        locals = None
    frame = Frame(code, globals, builtins, locals, [NULL] * len(code.localsplusnames), func, tstate)
    return run_frame(tstate, frame)


def main_namespace(interp, filename):
    """`__main__`'s namespace for a script (its loader reads the file, as
    CPython's `set_main_loader` arranges) or for -c/stdin (the built-in importer)."""
    import importlib.machinery
    main = interp.modules["__main__"]
    ns = main.__dict__
    ns.setdefault("__builtins__", interp.builtins_module)
    ns["__file__"] = filename
    ns.setdefault("__cached__", None)
    if filename is not None and not filename.startswith("<"):
        from .importer import SourceLoader
        ns["__loader__"] = SourceLoader("__main__", filename, interp)
    else:
        ns["__loader__"] = importlib.machinery.BuiltinImporter
    return ns


def run_source(interp, source, filename, namespace=None):
    from ..compiler import compile as innerpy_compile
    if namespace is None:
        namespace = interp.modules["__main__"].__dict__
    code = innerpy_compile(source, filename, "exec", dont_inherit=True)
    return run_code(code, namespace, namespace)


def run_file(interp, path):
    """Run a script; like CPython 3.12, its code and `__file__` name it by absolute path."""
    from ..parser.tokenizer import check_file_encoding
    with open(path, "rb") as f:
        source = f.read()
    path = os.path.abspath(path)
    if _is_pyc(path, source):
        return run_pyc_file(interp, path, source)
    check_file_encoding(source, path)
    _check_null_bytes(source, path)
    ns = main_namespace(interp, path)
    return run_source(interp, source, path, ns)


def _check_null_bytes(source, filename):
    """A script read by path goes through CPython's file tokenizer, whose
    error for a NUL byte differs from compile()'s: "source code cannot
    contain null bytes", at the NUL's line, its text cut at the NUL."""
    index = source.find(b"\0")
    if index < 0:
        return
    lineno = source.count(b"\n", 0, index) + 1
    text = source[source.rfind(b"\n", 0, index) + 1:index].decode("utf-8", "replace")
    raise SyntaxError("source code cannot contain null bytes", (filename, lineno, 0, text, lineno, 0))


def _is_pyc(path, data):
    """`maybe_pyc_file`: a `.pyc` name, or a file starting with the magic number."""
    from importlib.util import MAGIC_NUMBER
    return path.endswith(".pyc") or data[:2] == MAGIC_NUMBER[:2]


def run_pyc_file(interp, path, data):
    """`run_pyc_file`: a compiled script (as the guest's py_compile writes it)
    runs in __main__ with a SourcelessFileLoader, without its source."""
    from importlib.util import MAGIC_NUMBER
    from ..modules import marshal
    from ..objects.code import Code
    from .importer import BytecodeLoader
    if data[:4] != MAGIC_NUMBER:
        raise RuntimeError("Bad magic number in .pyc file")
    try:
        code = marshal.loads(data[16:])
    except (ValueError, EOFError, TypeError):
        code = None
    if not isinstance(code, Code):
        raise RuntimeError("Bad code object in .pyc file")
    ns = main_namespace(interp, path)
    ns["__loader__"] = BytecodeLoader("__main__", path, interp)
    return run_code(code, ns, ns)


def run_module(interp, name, alter_argv=True):
    """`python -m name` (`pymain_run_module`): the guest's own
    `runpy._run_module_as_main` finds the module -- a package runs its
    `__main__` -- and runs it as __main__, with runpy's messages when it
    cannot. `alter_argv` is false for a directory or zip file run as a
    program, whose `__main__` runpy finds through sys.path[0]."""
    runpy = interp.importer.import_module_level("runpy")
    return runpy._run_module_as_main(name, alter_argv)


def is_main_importer_path(filename):
    """A program path that is a directory or a zip file runs its `__main__`
    module, found through sys.path[0] (`pymain_get_importer`)."""
    import zipfile
    return os.path.isdir(filename) or (os.path.isfile(filename) and zipfile.is_zipfile(filename))
