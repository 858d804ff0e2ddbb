"""The guest's `gc`: the host's collector, seen as CPython 3.12 shows it.

innerpy keeps a frame's fast locals and value stack in two host lists (the
frame's `fastlocals` and `stack` slots); CPython keeps them inside the frame
itself, where the collector does not list them. So the guest's
`get_objects()` leaves those lists out, and `get_referrers()` names the frame
that owns such a list instead of the list -- or nothing while the frame runs:
3.12 traverses a frame's locals only once the frame object owns them, after
its code has returned.

The VM's own bookkeeping is left out of `get_objects()` too: a code object's
decoded instruction table (vm/decode.py) with its lists and instruction
pairs, the warm-up counters and translated superblocks (vm/superblocks.py)
with their namespaces. CPython keeps the equivalents inside code objects,
outside the collector's view, so a guest counting objects before and after
running some code sees what it would see on CPython. Everything else is the
host module's own.
"""

import gc as _host_gc
import types

from ..runtime.frame_parts import owning_frame, parts
from ..vm.decode import Decoded
from ..vm.frame import FRAME_EXECUTING, Frame
from ..vm.superblocks import BLOCK_FILENAME_PREFIX, Counter


def get_objects(generation=None):
    """Return a list of objects tracked by the collector (excluding the list returned)."""
    objects = _host_gc.get_objects() if generation is None else _host_gc.get_objects(generation)
    hidden = set()
    for obj in objects:
        kind = type(obj)
        if kind is Frame:
            hidden.update(id(part) for part in parts(obj))
        elif kind is Decoded:
            _hide_decoded(obj, hidden)
        elif kind is Counter:
            hidden.add(id(obj))
            _hide_pair(obj.entry, (), hidden)
        elif kind is types.FunctionType and obj.__code__.co_filename.startswith(BLOCK_FILENAME_PREFIX):
            _hide_block(obj, hidden)
    return [obj for obj in objects if id(obj) not in hidden]


def _hide_pair(pair, consts, hidden):
    """An instruction's (handler, argument) pair, with the argument tuple a
    decoder built (not one of the code's constants)."""
    if type(pair) is tuple:
        hidden.add(id(pair))
        for part in pair:
            if type(part) is tuple and id(part) not in consts:
                hidden.add(id(part))


def _hide_block(block, hidden):
    """A translated block: the host function, its namespace and line table,
    and the tuples of its host code object (the namespace's values stay:
    they are the guest code's constants and callables). The code object's
    own tuple of local names cannot be reached from Python, so translating a
    block still adds one object to the count."""
    code = block.__code__
    hidden.update(id(part) for part in (block, block.__globals__, block.__dict__, block.lines,
                                        code.co_consts, code.co_names, code.co_varnames))


def _hide_decoded(decoded, hidden):
    """A decoded code object and the containers it made: its tables, the
    (handler, argument) pairs and the argument tuples its decoders built --
    but not the code object or its constants, which are the guest's."""
    consts = {id(const) for const in decoded.code.co_consts}
    hidden.add(id(decoded))
    for table in (decoded.instrs, decoded.plain, decoded.offsets, decoded.handlers,
                  decoded.unbound_rest, decoded.trace_lines, decoded.remap, decoded.blocks):
        if table is None:
            continue
        hidden.add(id(table))
        for item in (table.values() if type(table) is dict else table):
            _hide_pair(item, consts, hidden)


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
