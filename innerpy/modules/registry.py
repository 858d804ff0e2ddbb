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


PROVIDED = {
    "sys": _sys,
    "builtins": _builtins,
    "dis": _dis,
    "_imp": _imp,
    "marshal": _marshal,
}


def provided_module(interp, name):
    return PROVIDED[name](interp)
