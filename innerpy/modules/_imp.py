"""The guest's `_imp` module (Python/import.c's low-level import helpers).

The standard library's `importlib._bootstrap` asks `_imp` which modules are
built in, frozen or extensions, and has it create them. innerpy freezes
nothing -- every pure-Python module, `importlib` and `os` included, is
compiled from source by innerpy -- so `is_frozen` is always false; built-in
and extension modules are created by the host and shared with the guest.
"""

import _imp as _host_imp
import sys as _host_sys
import types
import weakref

_KEEP = ("extension_suffixes", "source_hash", "check_hash_based_pycs", "acquire_lock",
         "release_lock", "lock_held", "_fix_co_filename", "is_builtin")


def make_imp(interp):
    module = types.ModuleType("_imp", _host_imp.__doc__)
    ns = module.__dict__
    for name in _KEEP:
        if hasattr(_host_imp, name):
            ns[name] = getattr(_host_imp, name)

    def is_builtin(name):
        from .registry import PROVIDED
        if name in PROVIDED:
            return -1
        return _host_imp.is_builtin(name)

    def is_frozen(name):
        return False

    def is_frozen_package(name):
        raise ImportError(f"No such frozen object named {name!r}", name=name)

    def find_frozen(name, *, withdata=False):
        return None

    def get_frozen_object(name, data=None):
        raise ImportError(f"No such frozen object named {name!r}", name=name)

    def init_frozen(name):
        return None

    def create_builtin(spec):
        from .registry import PROVIDED, provided_module
        name = spec.name
        if name in PROVIDED:
            return provided_module(interp, name)
        __import__(name)
        return _host_sys.modules[name]

    def exec_builtin(module):
        return 0

    created = weakref.WeakSet()

    def create_dynamic(spec, file=None):
        """An extension module as the guest's ExtensionFileLoader asks for it:
        the host's `_imp.create_dynamic` loads the file named by the spec under
        the spec's name (a new module object for multi-phase initialisation,
        as in CPython). Modules innerpy keeps from the guest, in whole or in
        part, come as innerpy's importer gives them."""
        from ..runtime.importer import _WITHHELD_FUNCTIONS, GUEST_BLOCKED, HostModuleLoader
        name = spec.name
        if name in GUEST_BLOCKED:
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        if name in _WITHHELD_FUNCTIONS:
            return HostModuleLoader().create_module(spec)
        module = _host_imp.create_dynamic(spec) if file is None else \
            _host_imp.create_dynamic(spec, file)
        try:
            created.add(module)
        except TypeError:
            pass
        return module

    def exec_dynamic(module):
        """Runs the execution slots of a module create_dynamic made; modules
        shared with the host were executed when the host imported them."""
        try:
            ours = module in created
        except TypeError:
            ours = False
        return _host_imp.exec_dynamic(module) if ours else 0

    def _fix_co_filename(code, path):
        return None

    def _override_multi_interp_extensions_check(override):
        previous = interp.config.get("override_multi_interp_extensions_check", 0)
        interp.config["override_multi_interp_extensions_check"] = override
        return previous

    def _override_frozen_modules_for_tests(override):
        return None

    functions = dict(is_builtin=is_builtin, is_frozen=is_frozen, is_frozen_package=is_frozen_package,
                     find_frozen=find_frozen, get_frozen_object=get_frozen_object,
                     init_frozen=init_frozen, create_builtin=create_builtin,
                     exec_builtin=exec_builtin, create_dynamic=create_dynamic,
                     exec_dynamic=exec_dynamic, _fix_co_filename=_fix_co_filename,
                     _override_multi_interp_extensions_check=_override_multi_interp_extensions_check,
                     _override_frozen_modules_for_tests=_override_frozen_modules_for_tests)
    for name, func in functions.items():
        func.__name__ = func.__qualname__ = name
        func.__module__ = "_imp"
    ns.update(functions)
    ns["check_hash_based_pycs"] = "default"
    return module
