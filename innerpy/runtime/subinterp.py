"""Isolated guest interpreters in host subinterpreters (PEP 684 on the host).

innerpy's VM is host Python code, so guest interpreters that live in one
host interpreter take turns on the host's GIL. On a 3.12+ host each host
subinterpreter may own its GIL; an *isolated* guest interpreter (own GIL in
its config) is therefore given a host subinterpreter of its own. That host
interpreter imports innerpy afresh (innerpy is pure Python and needs no
single-phase extension module), builds a guest runtime whose only
interpreter carries the id the parent assigned, and runs guest code there
while the parent's host thread waits without holding the parent's GIL.

Filled in by the host-subinterpreter backend; until then every guest
interpreter is local.
"""

import os
import sys as _host_sys


def host_supported():
    """Whether this host can give a guest interpreter its own GIL."""
    if _host_sys.version_info < (3, 12):
        return False
    return _host_module() is not None


def _host_module():
    try:
        import _interpreters as module       # 3.13+
        return module
    except ImportError:
        pass
    try:
        import _xxsubinterpreters as module  # 3.12
        return module
    except ImportError:
        return None


def wants_host_subinterpreter(config):
    """An own-GIL config runs in a host subinterpreter when the host allows it."""
    return False


class RemoteInterpreter:
    pass
