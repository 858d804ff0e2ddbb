"""The guest's `syslog`: the host's C module, with the guest's `sys.argv`.

When no ident is given (openlog() without one, or the first syslog() call
opening the log itself), the C module names the log after `sys.argv[0]` --
the host's, which is innerpy's launcher, not the guest's program. These two
functions run the host's with the guest's argv in its place for the call.
"""

import sys as _host_sys
import types

import syslog as _host


def make_syslog(interp):
    module = types.ModuleType("syslog", _host.__doc__)
    for name, value in vars(_host).items():
        if name not in ("__name__", "__spec__", "__loader__", "__package__"):
            module.__dict__[name] = value

    def openlog(*args, **kwargs):
        return _with_guest_argv(interp, _host.openlog, args, kwargs)

    def syslog(*args):
        return _with_guest_argv(interp, _host.syslog, args, {})

    for wrapper, original in ((openlog, _host.openlog), (syslog, _host.syslog)):
        wrapper.__doc__ = original.__doc__
        wrapper.__text_signature__ = getattr(original, "__text_signature__", None)
    module.openlog, module.syslog = openlog, syslog
    return module


def _with_guest_argv(interp, function, args, kwargs):
    saved = getattr(_host_sys, "argv", None)
    _host_sys.argv = getattr(interp.sys, "argv", None)
    try:
        return function(*args, **kwargs)
    finally:
        _host_sys.argv = saved
