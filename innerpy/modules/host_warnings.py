"""Warnings raised by host C code, delivered to the guest's warnings module.

Host C code (itertools' pickling, `bool(NotImplemented)`, the importer...)
warns through the host's `_warnings`, which filters with the *host's*
filters and shows with the host's `warnings` module. Guest code expects its
own `warnings.catch_warnings`, `simplefilter("error")` and registries to
apply, as they would on CPython, where there is one warnings machinery. So
while a guest interpreter runs on the thread, the host lets every warning
through and hands it to the guest's `warnings.warn_explicit`, attributed to
the innermost guest frame (the host frames C code would name are innerpy's
own).
"""

import os
import threading

from ..runtime.state import RUNTIME

_installed = False
_forwarding = threading.local()   # a warning raised while forwarding one goes to the host


def install():
    """Route host warnings to the running guest (once per process)."""
    global _installed
    if _installed:
        return
    import warnings
    original_show = warnings._showwarnmsg

    def forward(msg):
        tstate = RUNTIME.current_tstate()
        if tstate is None or getattr(_forwarding, "active", False):
            return original_show(msg)
        _forwarding.active = True
        try:
            _forward(tstate, msg)
        finally:
            _forwarding.active = False

    def _forward(tstate, msg):
        guest_warnings = tstate.interp.modules.get("warnings")
        if guest_warnings is None:
            guest_warnings = tstate.interp.importer.import_module_level("warnings")
        frame = tstate.frame
        if not _inside_innerpy(msg.filename):
            # Already attributed to guest source (the compiler's SyntaxWarnings, say).
            filename, lineno, registry, module_globals = msg.filename, msg.lineno, None, None
            module = filename
            if module.endswith(".py"):
                module = module[:-3]
        elif frame is None:
            filename, lineno, module, registry, module_globals = "sys", 1, "sys", None, None
        else:
            module_globals = frame.f_globals
            filename = frame.code.co_filename
            lineno = frame.f_lineno or 1
            module = module_globals.get("__name__", "<string>")
            registry = module_globals.setdefault("__warningregistry__", {})
        guest_warnings.warn_explicit(msg.message, msg.category, filename, lineno, module,
                                     registry, module_globals, source=msg.source)

    warnings._showwarnmsg = forward
    # Every host warning reaches `forward`; the guest's filters decide.
    warnings.filters.insert(0, ("always", None, Warning, None, 0))
    warnings._filters_mutated()
    _installed = True


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _inside_innerpy(filename):
    """Whether the host attributed a warning to innerpy's own code (its host frames)."""
    return isinstance(filename, str) and os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep)


def make_warnings_shim(interp):
    """The guest's `_warnings`: only `warn` and `warn_explicit`, forwarding to
    the guest's pure-Python `warnings` module. The host's C module would keep
    its own filters and look at host frames; and because this one lacks
    `filters`, the guest's `warnings` uses its Python implementation."""
    import types
    module = types.ModuleType("_warnings", "innerpy's stand-in for the C warnings accelerator")

    def _guest_warnings():
        return interp.importer.import_module_level("warnings")

    def warn(message, category=None, stacklevel=1, source=None, **kwargs):
        return _guest_warnings().warn(message, category, stacklevel + 1, source, **kwargs)

    def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                      module_globals=None, source=None):
        return _guest_warnings().warn_explicit(message, category, filename, lineno, module,
                                               registry, module_globals, source)

    for func in (warn, warn_explicit):
        func.__module__ = "_warnings"
        module.__dict__[func.__name__] = func
    return module


def fix_warning_source(interp, module):
    """Run after the guest imports `warnings`: its pure-Python `warn_explicit`
    builds `WarningMessage(message, category, filename, lineno, source)`,
    which puts the source where the *file* goes, and showing the warning then
    fails ("'coroutine' object has no attribute 'write'"). CPython never runs
    that line -- its C `_warnings` does the work -- but the guest always
    does (see make_warnings_shim), and `warnings._warn_unawaited_coroutine`
    passes a source. So a WarningMessage made by `warn_explicit` takes that
    fifth argument as its source."""
    cls = module.WarningMessage
    original_init = cls.__init__
    explicit_code = module.warn_explicit.__code__

    def __init__(self, message, category, filename, lineno, file=None, line=None, source=None):
        tstate = RUNTIME.current_tstate()
        if (file is not None and line is None and source is None and tstate is not None
                and tstate.frame is not None and tstate.frame.code is explicit_code):
            file, source = None, file
        original_init(self, message, category, filename, lineno, file, line, source)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = __init__
