"""The guest's `gc`: the host's collector, seen as CPython 3.12 shows it.

innerpy keeps a frame's fast locals and value stack in two host lists (the
frame's `fastlocals` and `stack` slots); CPython keeps them inside the frame
itself, where the collector does not list them. So the guest's
`get_objects()` leaves those lists out, and `get_referrers()` names the frame
that owns such a list instead of the list -- or nothing while the frame runs:
3.12 traverses a frame's locals only once the frame object owns them, after
its code has returned. Everything else is the host module's own.
"""

import gc as _host_gc
import types

from ..runtime.frame_parts import owning_frame, parts
from ..vm.frame import FRAME_EXECUTING, Frame


def get_objects(generation=None):
    """Return a list of objects tracked by the collector (excluding the list returned)."""
    objects = _host_gc.get_objects() if generation is None else _host_gc.get_objects(generation)
    hidden = {id(part) for obj in objects if type(obj) is Frame for part in parts(obj)}
    return [obj for obj in objects if id(obj) not in hidden]


def get_referrers(*objs):
    """Return the list of objects that directly refer to any of 'objs'."""
    referrers = []
    seen = set()
    for referrer in _host_gc.get_referrers(*objs):
        if referrer is objs:
            continue        # this call's own argument tuple (a 3.13 host tracks it)
        if type(referrer) is list:
            owner = owning_frame(referrer)
            if owner is not None:
                if owner.state == FRAME_EXECUTING:
                    continue
                referrer = owner
        if id(referrer) not in seen:
            seen.add(id(referrer))
            referrers.append(referrer)
    return referrers


def make_gc(interp):
    module = types.ModuleType("gc", _host_gc.__doc__)
    for name, value in vars(_host_gc).items():
        if name not in ("__name__", "__spec__", "__loader__", "__package__"):
            module.__dict__[name] = value
    module.get_objects = get_objects
    module.get_referrers = get_referrers
    return module
