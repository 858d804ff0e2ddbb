"""The guest's import system (Python/import.c, Lib/importlib/_bootstrap.py).

Guest modules live in the interpreter's own `modules` dict, never in the
host's `sys.modules`. Finding works as CPython's path-based finder does
(the host's `PathFinder` locates files on the guest's `sys.path` and
package `__path__`s); *loading* is innerpy's: a source module is compiled
by innerpy's compiler and run in innerpy's VM by `SourceLoader`. Modules
innerpy supplies itself (`sys`, `builtins`, ...) are listed in
`innerpy.modules.registry`; host extension modules (C code) are imported
by the host and shared with the guest.
"""

import _imp
import importlib._bootstrap as _host_bootstrap
import importlib.machinery as _machinery
import os
import sys as _host_sys
import types
from zipimport import zipimporter as _host_zipimporter

from ..modules.registry import AFTER_IMPORT, PROVIDED, provided_module
from .audit import audit


class _GuestResources:
    """`FileLoader.get_resource_reader` with the guest's `importlib.readers`:
    the host's would hand guest code the host's `pathlib.Path` objects
    (`importlib.resources.files()`), which are not the guest's `pathlib.Path`."""

    def get_resource_reader(self, module):
        readers = self.interp.importer.import_module_level("importlib.readers", None, ("*",))
        return readers.FileReader(self)


class SourceLoader(_GuestResources, _machinery.SourceFileLoader):
    """Loads a `.py` file by compiling it with innerpy and running it in the guest."""

    def __init__(self, fullname, path, interp):
        super().__init__(fullname, path)
        self.interp = interp

    def source_to_code(self, data, path, *, _optimize=-1):
        from ..compiler import compile as innerpy_compile
        return innerpy_compile(data, path, "exec", dont_inherit=True, optimize=_optimize)

    def get_code(self, fullname):
        """The module's code: from innerpy's bytecode cache when it is fresh, else compiled and cached."""
        from . import bytecode_cache
        path = self.get_filename(fullname)
        try:
            stat = os.stat(path)
        except OSError:
            stat = None
        if stat is not None:
            code = bytecode_cache.load(path, stat)
            if code is not None:
                return code
        code = self.source_to_code(self.get_data(path), path)
        if stat is not None and not self.interp.sys.dont_write_bytecode:
            bytecode_cache.store(path, stat, code)
            self._write_pyc(path, stat, code)
        return code

    def _write_pyc(self, path, stat, code):
        """The `.pyc` importlib would write at the module's `__cached__`, as
        the guest's py_compile writes it (its code in the guest's marshal
        format), so that the file `__cached__` names exists: programs move
        it beside the source to run without it (`make_legacy_pyc`), which
        BytecodeLoader can then load. innerpy itself reads its own cache."""
        from importlib.util import MAGIC_NUMBER
        from ..modules import marshal
        header = MAGIC_NUMBER + b"".join(
            (value & 0xFFFFFFFF).to_bytes(4, "little")
            for value in (0, int(stat.st_mtime), stat.st_size))
        temp = None
        try:    # like the cache itself, best effort: a failure never fails the import
            target = cache_from_source(self.interp, path)
            temp = f"{target}.{os.getpid()}.tmp"
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(temp, "wb") as f:
                f.write(header + marshal.dumps(code))
            os.replace(temp, target)
        except Exception:
            try:
                if temp is not None:
                    os.unlink(temp)
            except OSError:
                pass

    def exec_module(self, module):
        from .pythonrun import run_code
        code = self.get_code(module.__name__)
        audit("exec", code)    # importlib runs module code with exec()
        run_code(code, module.__dict__, module.__dict__)


# The guest sees CPython's name for the loader of source files (in module
# reprs, `__spec__`, `type(module.__loader__)`); it is a SourceFileLoader.
SourceLoader.__module__ = "_frozen_importlib_external"
SourceLoader.__name__ = SourceLoader.__qualname__ = "SourceFileLoader"


class BytecodeLoader(_GuestResources, _machinery.SourcelessFileLoader):
    """Loads a `.pyc` file without source (a legacy `.pyc` beside where the
    source would be, as `py_compile`/`compileall -b` write them). The guest's
    py_compile writes its code objects with the guest's marshal, so that is
    what reads them back; the header is checked as importlib checks it (its
    "bad magic number" error). A `.pyc` holding host code, which innerpy
    cannot run, is an ImportError."""

    def __init__(self, fullname, path, interp):
        super().__init__(fullname, path)
        self.interp = interp

    def get_code(self, fullname):
        from importlib._bootstrap_external import _classify_pyc
        from ..modules import marshal
        from ..objects.code import Code
        path = self.get_filename(fullname)
        data = self.get_data(path)
        _classify_pyc(data, fullname, {"name": fullname, "path": path})
        try:
            code = marshal.loads(memoryview(data)[16:])
        except (ValueError, EOFError, TypeError):
            code = None
        if not isinstance(code, Code):
            raise ImportError(f"innerpy cannot run compiled host bytecode ({path})",
                              name=fullname, path=path)
        return code

    def exec_module(self, module):
        from .pythonrun import run_code
        code = self.get_code(module.__name__)
        audit("exec", code)
        run_code(code, module.__dict__, module.__dict__)


BytecodeLoader.__module__ = "_frozen_importlib_external"
BytecodeLoader.__name__ = BytecodeLoader.__qualname__ = "SourcelessFileLoader"


class Importer:
    """Per-interpreter import state and `__import__` (`PyImport_ImportModuleLevelObject`)."""

    def __init__(self, interp):
        self.interp = interp
        self.hook_finders = {}      # sys.path entry -> finder a guest path hook made

    @property
    def modules(self):
        return self.interp.modules

    def import_module_level(self, name, globals=None, fromlist=(), level=0):
        if not isinstance(name, str):
            raise TypeError(f"module name must be str, not {type(name).__name__}")
        if level < 0:
            raise ValueError("level must be >= 0")
        if level > 0:
            absolute = resolve_name(name, _calc_package(globals), level)
        else:
            if not name:
                raise ValueError("Empty module name")
            absolute = name
        module = self.modules.get(absolute)
        if module is None:
            module = self.find_and_load(absolute)
        elif _initializing(module):
            # `import_ensure_initialized`: wait for the thread executing it, if
            # that can be done without a deadlock.
            _host_bootstrap._lock_unlock_module(self._lock_name(absolute))
        if not fromlist:
            if level == 0 or name:
                head = name.partition(".")[0]
                if level == 0:
                    # Imported again if it is gone (its __init__ failed after importing this).
                    top = self.modules.get(head)
                    return top if top is not None else self.find_and_load(head)
                cut = len(name) - len(head)
                top = absolute[:len(absolute) - cut]
                if top not in self.modules:
                    raise KeyError(f"{top!r} not in sys.modules as expected")
                return self.modules[top]
            return module
        if hasattr(module, "__path__"):
            self.handle_fromlist(module, fromlist)
        return module

    def handle_fromlist(self, module, fromlist, recursive=False):
        for item in fromlist:
            if not isinstance(item, str):
                where = f"{module.__name__}.__all__" if recursive else "``from list''"
                raise TypeError(f"Item in {where} must be str, not {type(item).__name__}")
            if item == "*":
                if not recursive and hasattr(module, "__all__"):
                    self.handle_fromlist(module, module.__all__, True)
            elif not hasattr(module, item):
                try:
                    self.find_and_load(f"{module.__name__}.{item}")
                except ModuleNotFoundError as error:
                    if error.name == f"{module.__name__}.{item}" and \
                            self.modules.get(error.name, _NOT_FOUND) is not None:
                        continue
                    raise

    def find_and_load(self, name):
        """`_find_and_load`: import `name`, its parents first, holding the
        module's import lock; a module another thread is still executing is
        waited for, so no thread sees it half-initialised (the thread that
        is executing it, importing it again circularly, gets it as it is)."""
        module = self.modules.get(name, _NOT_FOUND)
        if module is _NOT_FOUND or _initializing(module):
            lock_name = self._lock_name(name)
            with _host_bootstrap._ModuleLockManager(lock_name):
                module = self.modules.get(name, _NOT_FOUND)
                if module is _NOT_FOUND:
                    return self._find_and_load_unlocked(name)
            _host_bootstrap._lock_unlock_module(lock_name)
        if module is None:
            raise ModuleNotFoundError(f"import of {name} halted; None in sys.modules", name=name)
        return module

    def _lock_name(self, name):
        """The name of a module's lock among importlib's module locks (the
        ones CPython's import.c uses too): per interpreter, apart from the host's."""
        return f"{name} (innerpy interpreter {id(self.interp):#x})"

    def _find_and_load_unlocked(self, name):
        sys = self.interp.sys
        audit("import", name, None, getattr(sys, "path", None), getattr(sys, "meta_path", None),
              getattr(sys, "path_hooks", None))
        parent, _, child = name.rpartition(".")
        path = None
        if parent:
            parent_module = self.modules.get(parent) or self.find_and_load(parent)
            if name in self.modules:
                return self.modules[name]
            try:
                path = parent_module.__path__
            except AttributeError:
                shared = _host_sys.modules.get(name)
                if shared is not None and _host_sys.modules.get(parent) is parent_module:
                    # A submodule a host extension module registered itself (as
                    # extensions built with PyO3 do): shared like its parent.
                    self.modules[name] = shared
                    return shared
                raise ModuleNotFoundError(f"No module named '{name}'; '{parent}' is not a package",
                                          name=name) from None
        module = self.load(name, path)
        if parent:
            setattr(self.modules[parent], child, module)
        return module

    def find_spec(self, name, path=None):
        """`_find_spec`: ask each finder on the guest's `sys.meta_path`, each
        call under the global import lock (`_ImportLockContext`), so finders
        need not be thread-safe and see `_imp.lock_held()`."""
        meta_path = self.interp.sys.meta_path
        if meta_path is None:
            raise ImportError("sys.meta_path is None, Python is likely shutting down")
        for finder in meta_path:
            _imp.acquire_lock()
            try:
                find = getattr(finder, "find_spec", None)
                spec = find(name, path, None) if find is not None else None
            finally:
                _imp.release_lock()
            if spec is not None:
                return spec
        return None

    def load(self, name, path):
        spec = self.find_spec(name, path)
        if spec is None:
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return self.load_spec(spec)

    def load_spec(self, spec):
        """`module_from_spec` + `exec_module`, leaving `sys.modules` as CPython does on failure."""
        name = spec.name
        loader = spec.loader
        module = None
        if loader is not None and hasattr(loader, "create_module"):
            module = loader.create_module(spec)
        if module is None:
            module = types.ModuleType(name)
            _init_module_attrs(spec, module, self.interp)
        else:
            _fill_module_attrs(spec, module)
        # Marked before it is in sys.modules, so other threads wait for it.
        initializing = loader is not None
        if initializing:
            spec._initializing = True
        self.modules[name] = module
        try:
            if initializing:
                try:
                    loader.exec_module(module)
                finally:
                    spec._initializing = False
        except BaseException:
            self.modules.pop(name, None)
            raise
        module = self.modules[name]
        hook = AFTER_IMPORT.get(name)
        if hook is not None:
            hook(self.interp, module)
        return module


def _init_module_attrs(spec, module, interp):
    """`_init_module_attrs` for a new module; a namespace package gets a
    NamespaceLoader (CPython's "backward compatibility hack")."""
    if spec.loader is None and spec.submodule_search_locations is not None:
        external = interp.importer.import_module_level("_frozen_importlib_external")
        loader = external.NamespaceLoader.__new__(external.NamespaceLoader)
        loader._path = spec.submodule_search_locations
        spec.loader = loader
    module.__spec__ = spec
    module.__loader__ = spec.loader
    module.__file__ = spec.origin if spec.has_location else None
    if spec.submodule_search_locations is not None:
        module.__path__ = spec.submodule_search_locations
        module.__package__ = spec.name
    else:
        module.__package__ = spec.name.rpartition(".")[0]
    if spec.has_location:
        module.__cached__ = spec.cached
    module.__builtins__ = interp.builtins     # exec inserts the builtins dict, as in CPython


def _fill_module_attrs(spec, module):
    """`_init_module_attrs` without override, for a module the loader's
    `create_module` made: it gets the spec's name, loader, package, spec,
    path and file where it has none (a loader that returns a module it made
    beforehand relies on `__spec__` being set before `exec_module`). A
    module that already has a spec (a host extension module shared with the
    host) is left as it is."""
    if getattr(module, "__spec__", None) is not None:
        return
    attributes = {"__name__": spec.name, "__loader__": spec.loader, "__package__": spec.parent,
                  "__path__": spec.submodule_search_locations}
    if spec.has_location:
        attributes.update(__file__=spec.origin, __cached__=spec.cached)
    try:
        module.__spec__ = spec
    except AttributeError:
        return
    for name, value in attributes.items():
        if value is not None and getattr(module, name, None) is None:
            try:
                setattr(module, name, value)
            except AttributeError:
                pass


def cache_from_source(interp, path):
    """`importlib.util.cache_from_source` under the guest's cache tag and
    flags, as the guest's own importlib computes it: the `__cached__` of a
    module innerpy compiles (its real cache is a `.pickle` beside it, see
    bytecode_cache)."""
    guest_sys = interp.sys
    head, tail = os.path.split(os.fspath(path))
    base, dot, rest = tail.rpartition(".")
    name = f"{base if base else rest}{dot}{guest_sys.implementation.cache_tag}"
    optimize = guest_sys.flags.optimize
    filename = f"{name}.opt-{optimize}.pyc" if optimize else f"{name}.pyc"
    prefix = getattr(guest_sys, "pycache_prefix", None)
    if prefix is not None:
        if not os.path.isabs(head):
            head = os.path.join(os.getcwd(), head)
        return os.path.join(prefix, head.lstrip(os.sep), filename)
    return os.path.join(head, "__pycache__", filename)


# Host extension modules the guest must not share: they import Python modules
# through the *host's* import system (pickle's and elementtree's lookups by
# module name, asyncio's C tasks). (json's C scanner finds the guest's
# JSONDecodeError: see modules/registry.py. The C warnings module, which walks host frames, is
# replaced by a stand-in: see modules/host_warnings.py; `_pickle` too, see
# modules/registry.py.)
# Without them the standard library falls back to its pure-Python code,
# which runs in the guest.
GUEST_BLOCKED = frozenset({"_asyncio", "_elementtree",
                           # Reports the host interpreter's internal state
                           # (recursion depth, ...), not the guest's.
                           "_testinternalcapi",
                           # coverage.py's C tracer hooks the host's eval loop; without
                           # it coverage uses its Python tracer, through guest sys.settrace.
                           "coverage.tracer"})

# Pure-Python modules the guest shares with the host, because host C code
# hands their functions to guest code: `object.__reduce_ex__` returns the
# host's `copyreg._reconstructor`/`__newobj__`, which the guest's pickle must
# find again by name (the same object) when it saves them by reference; and
# `_decimal` registers Decimal with the `numbers` ABCs it imports itself.
HOST_SHARED = frozenset({"copyreg", "numbers"})


def _share_host_functions_with_guest_pickle():
    """Let the guest's pure-Python pickle save host functions by reference, as
    it saves its own (pickle's `dispatch[FunctionType] = save_global`). The host's
    C pickle checks function objects before the dispatch table, so it is unaffected."""
    import copyreg
    copyreg.dispatch_table.setdefault(types.FunctionType, lambda function: function.__qualname__)


_share_host_functions_with_guest_pickle()


class InnerpyFinder:
    """The guest's default meta-path finder: innerpy's own modules, the
    host's built-in modules, then files on `sys.path` (`BuiltinImporter`,
    `PathFinder` rolled into one)."""

    def __init__(self, interp):
        self.interp = interp

    def find_spec(self, name, path=None, target=None):
        if name in GUEST_BLOCKED:
            # Raised, not just "not found": the guest importlib's PathFinder, later
            # on the meta path, would otherwise load the extension after all.
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        if name in PROVIDED:
            return _machinery.ModuleSpec(name, ProvidedLoader(self.interp), origin="built-in")
        if name in _host_sys.builtin_module_names or name in HOST_SHARED:
            return _machinery.ModuleSpec(name, HostModuleLoader(), origin="built-in")
        search = path if path is not None else self.interp.sys.path
        spec = _find_on_path(self.interp, name, [p for p in search if isinstance(p, str)])
        if spec is None:
            return None
        loader = spec.loader
        if isinstance(loader, _machinery.SourceFileLoader):
            spec.loader = SourceLoader(name, spec.origin, self.interp)
            # The host's spec names the host's .pyc.
            spec.cached = cache_from_source(self.interp, spec.origin)
        elif isinstance(loader, _machinery.ExtensionFileLoader):
            spec.loader = HostModuleLoader()
        elif spec.origin is None and spec.submodule_search_locations is not None:
            spec.submodule_search_locations = self._namespace_path(
                name, spec.submodule_search_locations)
        elif isinstance(loader, _machinery.SourcelessFileLoader):
            spec.loader = BytecodeLoader(name, spec.origin, self.interp)
        return spec


    def _namespace_path(self, name, locations):
        """A namespace package's `__path__` (`PathFinder.find_spec`): the
        guest importlib's `_NamespacePath`, which looks for portions again
        when the parent's path (or sys.path) changes or caches are invalidated."""
        external = self.interp.importer.import_module_level("_frozen_importlib_external")

        def find_portions(name, path):
            return _find_on_path(self.interp, name, [p for p in path if isinstance(p, str)])

        return external._NamespacePath(name, list(locations), find_portions)

    def invalidate_caches(self):
        """`PathFinder.invalidate_caches`, for the host finders that search
        directories for the guest (importlib.invalidate_caches() reaches it)."""
        _machinery.PathFinder.invalidate_caches()


_NOT_FOUND = object()


def _initializing(module):
    """Whether a module in sys.modules is still executing (`import_ensure_initialized`)."""
    return getattr(getattr(module, "__spec__", None), "_initializing", False)


def _find_on_path(interp, name, search):
    """`PathFinder._get_spec` over the guest's path: each entry's finder finds
    the module, or a portion of a namespace package (the portions of all
    entries make its `__path__`)."""
    namespace_path = []
    hooks = interp.sys.path_hooks
    guest_hooks = any(not _is_standard_hook(hook) for hook in hooks)
    for entry in search:
        finder = _NOT_FOUND
        if guest_hooks:
            finder = _guest_hook_finder(interp, entry, hooks)
        if finder is _NOT_FOUND:
            finder = _path_entry_finder(interp, name, entry)
        if finder is None:
            continue
        spec = finder.find_spec(name)
        if spec is None:
            continue
        if spec.loader is not None:
            return spec
        namespace_path.extend(spec.submodule_search_locations or ())
    if not namespace_path:
        return None
    spec = _machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = namespace_path
    return spec


def _is_standard_hook(hook):
    """importlib's own path hooks (zipimporter, FileFinder's), whose work
    `_path_entry_finder` does for the guest."""
    return getattr(hook, "__name__", None) in ("zipimporter", "path_hook_for_FileFinder")


def _guest_hook_finder(interp, entry, hooks):
    """The finder a path hook the guest program added (in front of importlib's
    own) makes for `entry`, kept in sys.path_importer_cache as
    `PathFinder._path_importer_cache` keeps it; _NOT_FOUND when importlib's
    own hooks are to decide."""
    cache, made = interp.sys.path_importer_cache, interp.importer.hook_finders
    finder = cache.get(entry, _NOT_FOUND)
    if finder is not _NOT_FOUND and made.get(entry, _NOT_FOUND) is finder:
        return finder
    for hook in hooks:
        if _is_standard_hook(hook):
            break
        try:
            finder = hook(entry)
        except ImportError:
            continue
        cache[entry] = made[entry] = finder
        return finder
    return _NOT_FOUND


def _path_entry_finder(interp, name, entry):
    """The finder for one sys.path entry: the host's for a directory (its
    FileFinder, from the host's path hooks and cache), the guest's own
    zipimporter for a zip file. The host's zipimporter must not search a
    zip file for the guest: it unmarshals the `.pyc` files it finds with the
    host's marshal (which cannot read the code objects the guest's marshal
    writes) and would make host code of the source."""
    finder = _machinery.PathFinder._path_importer_cache(entry)
    if not isinstance(finder, _host_zipimporter):
        return finder
    zipimport = interp.modules.get("zipimport")
    if zipimport is None:
        if name == "zipimport":     # zipimport itself comes from the standard library
            return None
        zipimport = interp.importer.import_module_level("zipimport")
    zipimporter = getattr(zipimport, "zipimporter", None)
    if zipimporter is None:         # zipimport is being imported
        return None
    cache = interp.sys.path_importer_cache
    finder = cache.get(entry)
    if not isinstance(finder, zipimporter):
        try:
            finder = cache[entry] = zipimporter(entry)
        except ImportError:
            return None
    return finder


# Functions of shared host modules the guest does not get, because they act
# on the host interpreter that innerpy itself runs on: `set_nomemory` makes
# the host's allocator fail (innerpy then spins forever instead of failing
# with MemoryError as CPython does); `settrace_to_record`/`settrace_to_error`
# install a C trace function on the host, which then traces innerpy's own
# code and is never cleared by the guest's sys.settrace(None).
_WITHHELD_FUNCTIONS = {"_testcapi": frozenset({"set_nomemory", "remove_mem_hooks",
                                               "settrace_to_record", "settrace_to_error"})}


class HostModuleLoader:
    """Extension and built-in modules: imported by the host, shared with the guest."""

    def create_module(self, spec):
        origin = spec.origin
        if origin and origin != "built-in":
            # `_imp.create_dynamic` raises a second "import" event naming the file.
            audit("import", spec.name, origin, None, None, None)
        __import__(spec.name)
        module = _host_sys.modules[spec.name]
        withheld = _WITHHELD_FUNCTIONS.get(spec.name)
        if withheld is not None:
            copy = types.ModuleType(spec.name, module.__doc__)
            copy.__dict__.update((k, v) for k, v in module.__dict__.items() if k not in withheld)
            module = copy
        return module

    def exec_module(self, module):
        pass


class ProvidedLoader:
    """Modules innerpy implements itself, made fresh for each interpreter."""

    def __init__(self, interp):
        self.interp = interp

    def create_module(self, spec):
        return provided_module(self.interp, spec.name)

    def exec_module(self, module):
        pass


def _calc_package(globals):
    """`_calc___package__`: the package a relative import is relative to,
    with its warnings when `__package__` and `__spec__` disagree or are
    both missing."""
    if globals is None:
        globals = {}
    package = globals.get("__package__")
    spec = globals.get("__spec__")
    if package is not None:
        if not isinstance(package, str):
            raise TypeError("package must be a string")
        if spec is not None:
            if package != spec.parent:
                import warnings
                warnings.warn("__package__ != __spec__.parent", DeprecationWarning)
        return package
    if spec is not None:
        return spec.parent
    import warnings
    warnings.warn("can't resolve package from __spec__ or __package__, "
                  "falling back on __name__ and __path__", ImportWarning)
    name = globals.get("__name__")
    if name is None:
        raise KeyError("'__name__' not in globals")
    if "__path__" not in globals:
        name = name.rpartition(".")[0]
    return name


def resolve_name(name, package, level):
    if not package:
        raise ImportError("attempted relative import with no known parent package")
    bits = package.rsplit(".", level - 1)
    if len(bits) < level:
        raise ImportError("attempted relative import beyond top-level package")
    base = bits[0]
    return f"{base}.{name}" if name else base


def import_from_fallback(frame, module, name):
    """IMPORT_FROM when the attribute is missing: a submodule in sys.modules, or the 3.12 error."""
    modules = frame.tstate.interp.modules
    package = getattr(module, "__name__", None)
    if isinstance(package, str):
        found = modules.get(f"{package}.{name}")
        if found is not None:
            return found
    else:
        package = "<unknown module name>"
    spec = getattr(module, "__spec__", None)
    origin = getattr(module, "__file__", None)
    if spec is not None and getattr(spec, "_initializing", False):
        raise ImportError(f"cannot import name '{name}' from partially initialized module "
                          f"'{package}' (most likely due to a circular import) ({origin})",
                          name=package, path=origin)
    if origin is None:
        raise ImportError(f"cannot import name '{name}' from '{package}' (unknown location)",
                          name=package)
    raise ImportError(f"cannot import name '{name}' from '{package}' ({origin})",
                      name=package, path=origin)


def import_all_from(locals, module):
    """`from module import *` (`import_all_from` in ceval.c)."""
    names = getattr(module, "__all__", None)
    skip_private = names is None
    if names is None:
        try:
            names = module.__dict__.keys()
        except AttributeError:
            raise ImportError("from-import-* object has no __dict__ and no __all__") from None
    for name in list(names):
        if not isinstance(name, str):
            where = f"{module.__name__}.__all__" if not skip_private else f"{module.__name__}.__dict__"
            raise TypeError(f"Item in {where} must be str, not {type(name).__name__}")
        if skip_private and name.startswith("_"):
            continue
        locals[name] = getattr(module, name)
