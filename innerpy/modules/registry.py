"""The modules innerpy supplies to the guest itself, in one place.

Each entry names a module and the function that builds a fresh instance of
it for one interpreter. Everything else the guest imports is either a
source module compiled by innerpy or a host extension module.
"""

import types


def _sys(interp):
    return interp.sys


def _builtins(interp):
    return interp.builtins_module


def _imp(interp):
    from ._imp import make_imp
    return make_imp(interp)


def _marshal(interp):
    from .marshal import make_marshal
    return make_marshal(interp)


def _ast(interp):
    """The guest's `_ast`: innerpy's own 3.12 node classes, so that the
    standard library's `ast` module (and `compile(..., PyCF_ONLY_AST)`)
    works with the trees innerpy's parser builds, on every host."""
    from ..parser import nodes
    module = types.ModuleType("_ast")
    for name in nodes.__all__:
        module.__dict__[name] = getattr(nodes, name)
    module.PyCF_ONLY_AST = 0x400
    module.PyCF_TYPE_COMMENTS = 0x1000
    module.PyCF_ALLOW_TOP_LEVEL_AWAIT = 0x2000
    return module


def _warnings(interp):
    from .host_warnings import make_warnings_shim
    return make_warnings_shim(interp)


def _pickle(interp):
    """The guest's `_pickle`: the C Pickler and Unpickler types, for code that
    inspects them, but not the functions `pickle` would take over -- the C
    pickler finds classes through the host's import system, so the guest's
    `pickle` keeps its pure-Python implementation (its `from _pickle import
    ...` fails, as it is meant to when the accelerator is missing)."""
    import _pickle as host
    module = types.ModuleType("_pickle", host.__doc__)
    module.Pickler = host.Pickler
    module.Unpickler = host.Unpickler
    return module


def _sre(interp):
    """The guest's own instance of the host's `_sre` (it supports several, as
    for subinterpreters): `Pattern.sub` with a template calls
    `re._compile_template`, which the C code looks up once through the
    *host's* import system and caches in its module state. A shared instance
    would use the host's `re` (its `re.error` is not the guest's); this one
    is pointed at the guest's `re` as soon as that is imported (`_prime_re`)."""
    import _imp
    import importlib.machinery
    module = _imp.create_builtin(importlib.machinery.ModuleSpec("_sre", None, origin="built-in"))
    _imp.exec_builtin(module)
    return module


def _frozen_importlib(interp):
    """`_frozen_importlib`: CPython's importlib._bootstrap, frozen into the
    interpreter under this name; `importlib` renames it `importlib._bootstrap`.
    innerpy runs the standard library's source under the frozen name, so
    its classes and functions are named as CPython's are
    (`_frozen_importlib.BuiltinImporter`) and tracebacks through it show
    `<frozen importlib._bootstrap>`. `_setup` runs once it is in sys.modules
    (`_setup_frozen_importlib`)."""
    return _run_frozen(interp, "_frozen_importlib", "_bootstrap")


def _frozen_importlib_external(interp):
    """`_frozen_importlib_external`: importlib._bootstrap_external, likewise."""
    return _run_frozen(interp, "_frozen_importlib_external", "_bootstrap_external")


def _run_frozen(interp, name, stem):
    """Run `importlib/<stem>.py` from the guest's standard library as module
    `name`, its code named `<frozen importlib.<stem>>` (compiled once, cached
    apart from the same file imported under its own name)."""
    import importlib
    import os
    from ..compiler import compile as innerpy_compile
    from ..runtime import bytecode_cache
    path = os.path.join(os.path.dirname(importlib.__file__), f"{stem}.py")
    stat = os.stat(path)
    variant = ".frozen"
    code = bytecode_cache.load(path, stat, variant)
    if code is None:
        with open(path, "rb") as f:
            code = innerpy_compile(f.read(), f"<frozen importlib.{stem}>", "exec",
                                   dont_inherit=True)
        if not interp.sys.dont_write_bytecode:
            bytecode_cache.store(path, stat, code, variant)
    module = types.ModuleType(name)
    module.__builtins__ = interp.builtins_module
    from ..runtime.pythonrun import run_code
    run_code(code, module.__dict__, module.__dict__)
    return module


def _setup_frozen_importlib(interp, module):
    """`_install`'s first half for the frozen importlib (`init_importlib`): its
    `sys` and `_imp`, and specs for the modules already imported."""
    module._setup(interp.sys, interp.importer.import_module_level("_imp"))


def _setup_frozen_importlib_external(interp, module):
    """`_install_external_importers`: link the two halves, then the path hooks."""
    bootstrap = interp.importer.import_module_level("_frozen_importlib")
    module._set_bootstrap_module(bootstrap)
    bootstrap._bootstrap_external = module
    _install_path_hooks(interp, module, bootstrap)


def _dis(interp):
    return _from_source_module(interp, "dis", "innerpy.dis")


def _from_source_module(interp, name, host_name):
    """A guest module whose implementation is an innerpy module (host code)."""
    import importlib
    source = importlib.import_module(host_name)
    module = types.ModuleType(name, source.__doc__)
    module.__dict__.update({k: v for k, v in source.__dict__.items()
                            if k not in ("__name__", "__spec__", "__loader__", "__package__")})
    return module


def _gc(interp):
    from .gc import make_gc
    return make_gc(interp)


def _syslog(interp):
    from .syslog import make_syslog
    return make_syslog(interp)


def _interpreters(interp):
    from ._interpreters import make_interpreters
    return make_interpreters(interp)


def _interpqueues(interp):
    from ._interpqueues import make_interpqueues
    return make_interpqueues(interp)


def _thread(interp):
    from ._interpreters import make_thread_module
    from .unraisable import without_excepthook
    return without_excepthook(make_thread_module(interp))


def _atexit(interp):
    from ._interpreters import make_atexit_module
    return make_atexit_module(interp)


def _posix(interp):
    from ._interpreters import make_posix_module
    return make_posix_module(interp)


def _signal(interp):
    from ._interpreters import make_signal_module
    return make_signal_module(interp)


def _interpreters_package(interp):
    """`interpreters`: guest source shipped in innerpy/lib, run by the guest importer."""
    return _from_lib(interp, "interpreters")


def _interpreters_alias(interp):
    """`concurrent.interpreters` (3.14's name): the same module as `interpreters`."""
    return interp.importer.find_and_load("interpreters")


def _from_lib(interp, name):
    import importlib.machinery
    import os
    lib = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "lib")
    spec = importlib.machinery.PathFinder.find_spec(name, [lib])
    from ..runtime.importer import SourceLoader, cache_from_source
    spec.loader = SourceLoader(name, spec.origin, interp)
    spec.cached = cache_from_source(interp, spec.origin)
    return interp.importer.load_spec(spec)


def _add_interpreter_pool(interp, module):
    """`concurrent.futures.InterpreterPoolExecutor` (3.14) on the host's stdlib package."""
    def lazy(name, _previous=getattr(module, "__getattr__", None)):
        if name == "InterpreterPoolExecutor":
            pool = interp.importer.find_and_load("interpreters._pool")
            module.InterpreterPoolExecutor = pool.InterpreterPoolExecutor
            return pool.InterpreterPoolExecutor
        if _previous is not None:
            return _previous(name)
        raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
    module.__getattr__ = lazy


PROVIDED = {
    "sys": _sys,
    "builtins": _builtins,
    "dis": _dis,
    "_imp": _imp,
    "marshal": _marshal,
    "_ast": _ast,
    "_warnings": _warnings,
    "_pickle": _pickle,
    "_sre": _sre,
    "_frozen_importlib": _frozen_importlib,
    "_frozen_importlib_external": _frozen_importlib_external,
    "gc": _gc,
    "syslog": _syslog,
    "_interpreters": _interpreters,
    "_interpqueues": _interpqueues,
    "_thread": _thread,
    "atexit": _atexit,
    "posix": _posix,
    "_signal": _signal,
    "interpreters": _interpreters_package,
    "concurrent.interpreters": _interpreters_alias,
}

# Run after the guest imports a module of that name (module(interp, module)).
def _publish_typing(interp, module):
    """On hosts 3.12+, `typing`'s core (TypeVar, Generic, ...) is C code that
    calls back into "the" `typing` module by name, through the *host's* import
    system. The guest's `typing` is what it must find, or `Protocol[T]` and
    friends see two different `typing` modules. (Interpreters created later
    re-publish their own when they import it.)"""
    import sys
    if sys.version_info >= (3, 12):
        sys.modules["typing"] = module


def _fix_types(interp, module):
    """`types.GetSetDescriptorType` and `MemberDescriptorType` are computed
    as `type(FunctionType.__code__)` and `type(FunctionType.__globals__)`,
    which for innerpy's functions are its own Python descriptors; the guest
    must see the real getset- and member-descriptor types (inspect's
    predicates, `__slots__` members, `getattr_static` depend on them)."""
    module.GetSetDescriptorType = type(type.__dict__["__dict__"])
    module.MemberDescriptorType = type(type.__dict__["__basicsize__"])


def _install_path_hooks(interp, module, bootstrap=None):
    """What CPython's start-up does with importlib._bootstrap_external: the path
    hooks and the PathFinder, so guest code using `importlib.machinery` finders
    (pytest's assertion rewriter, pkgutil) finds files. innerpy's own finder
    stays first on the meta path. Then zipimport is imported, whose
    zipimporter goes in front of the path hooks (`_PyImportZip_Init`)."""
    guest_sys = interp.sys
    if not guest_sys.path_hooks and hasattr(module, "_install"):
        module._install(bootstrap or interp.modules["importlib._bootstrap"])
        try:
            _install_zipimport_hook(interp, interp.importer.import_module_level("zipimport"))
        except ImportError:
            pass


def _install_zipimport_hook(interp, module):
    """The guest's zipimporter first on the path hooks, so `pkgutil.get_importer`
    and runpy's `run_path` recognise a zip file (`_PyImportZip_Init`). zipimport
    may be imported first (it imports importlib): then this runs when it is done."""
    hooks = interp.sys.path_hooks
    zipimporter = getattr(module, "zipimporter", None)
    if hooks and zipimporter is not None and zipimporter not in hooks:
        hooks.insert(0, zipimporter)


def _publish_json_decoder(interp, module):
    """The C `_json` scanner raises "json.decoder".JSONDecodeError, looked up by
    name through the host's import system: it must find the guest's class."""
    import sys
    sys.modules.setdefault("json.decoder", module)


def _prime_re(interp, module):
    """Make the guest's `_sre` cache the guest's `re._compile_template` (3.12+;
    a 3.11 host's stdlib has no such function and calls `re._subx` afresh each
    time): the guest's `re` stands in the host's `sys.modules` while one
    template is compiled. The template refers to a missing group, so it fails
    after the lookup and leaves nothing in `_compile_template`'s cache."""
    import sys
    if not hasattr(module, "_compile_template"):
        return
    pattern = module._compiler.compile("", 0)
    host_re = sys.modules.get("re")
    sys.modules["re"] = module
    try:
        pattern.sub("\\g<1>", "")
    except module.error:
        pass
    finally:
        if host_re is None:
            del sys.modules["re"]
        else:
            sys.modules["re"] = host_re


def _fix_warning_source(interp, module):
    from .host_warnings import fix_warning_source
    fix_warning_source(interp, module)


AFTER_IMPORT = {
    "json.decoder": _publish_json_decoder,
    "warnings": _fix_warning_source,
    "re": _prime_re,
    "types": _fix_types,
    "importlib._bootstrap_external": _install_path_hooks,
    "_frozen_importlib": _setup_frozen_importlib,
    "_frozen_importlib_external": _setup_frozen_importlib_external,
    "zipimport": _install_zipimport_hook,
    "concurrent.futures": _add_interpreter_pool,
    "typing": _publish_typing,
}


def provided_module(interp, name):
    return PROVIDED[name](interp)
