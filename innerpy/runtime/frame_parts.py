"""Which guest frame owns a host list: innerpy's own bookkeeping behind the
guest's `gc` view (modules/gc.py).

A frame keeps its fast locals and value stack in two host lists. Finding
the frame that holds one asks the host's collector, and that is innerpy's
work, not the guest's: it lives here, outside `innerpy.vm` and
`innerpy.modules`, so that the host's `gc.get_referrers` audit event it
causes is not passed to the guest's audit hooks (runtime/audit.py).
"""

import gc as _host_gc

from ..vm.frame import Frame


def parts(frame):
    """The host lists of `frame` that CPython keeps inside the frame itself."""
    return frame.fastlocals, frame.stack


def owning_frame(candidate):
    """The frame whose locals or stack `candidate` is, or None."""
    for referrer in _host_gc.get_referrers(candidate):
        if type(referrer) is Frame and any(part is candidate for part in parts(referrer)):
            return referrer
    return None
